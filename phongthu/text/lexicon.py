"""Syllables that occur in nearly every Vietnamese administrative text.

Used only to break ties when two decodings of a legacy text are equally well-formed:
one accented word can be Vietnamese in two encodings ("trì" in VNI reads "trỡ" in
TCVN3), and the reading made of everyday words is the right one. Written in the
canonical tone placement of `syllable.normalize_tones`.
"""

from __future__ import annotations

from typing import Final

_COMMON_TEXT: Final = """
của và các có được cho là với trong không những này người một để đã theo về
năm đến khi ngày tháng tại từ cũng như hiện thực làm đó nhiều đầu số ra sẽ nhà
trên việc nhân phải hợp công dân tỉnh quan động sở thành phát nước chính quản lý
xã hội nghiệp sản kinh tế đơn vị phòng ban kế hoạch nhiệm vụ chủ trì phối thường
xuyên năng thông tin học giáo dục tổ chức cán bộ hành bản pháp luật quy định nghị
quyết thủ tướng chỉ đạo trưởng phó giám đốc ủy hòa độc lập tự hạnh phúc cộng nghĩa
việt phủ an toàn bảo đảm kiểm tra báo cáo kết quả triển khai xây dựng sử dụng giải
mới trường đồng điều kiện cơ cấp huyện thị trung ương địa phương lực lượng quân sự
đội vũ trang biên giới hướng dẫn đề thời gian hoàn nội dung yêu cầu mục đích
trách liên văn thư lưu nơi nhận gửi dưới sau trước giữa cùng nhau bị vì nên nếu
thì mà hoặc cả tất mọi mỗi khác đây ấy nào gì rất hơn nhất đều chưa đang vẫn còn
lại lên xuống vào qua đi đưa tạo phần tiếp tục hỗ trợ tư vấn phố đường phường
thôn ủy viên tiêu chuẩn đo lường chất lượng khoa công nghệ sáng kiến nghiên cứu
ứng chuyển đổi số hóa điện tử dịch vụ hồ sơ thủ tục cải cách hành chính kỷ cương
thanh tra giải quyết khiếu nại tố cáo phòng chống tham nhũng lãng phí tiết kiệm
tài chính ngân sách kinh phí dự toán mua sắm tài sản thiết bị máy móc cơ sở vật
chất đào tạo bồi dưỡng huấn luyện diễn tập phòng thủ thảm họa sự cố thiên tai
cứu nạn hộ chữa cháy ứng phó khắc phục hậu môi trường biến khí hậu dịch bệnh
tuyên truyền phổ biến giáo dục pháp luật nâng cao nhận thức trách nhiệm cá nhân
đồng chí ông bà anh chị em thứ hai ba bốn năm sáu bảy tám chín mười
"""
COMMON_SYLLABLES: Final = frozenset(_COMMON_TEXT.split())
