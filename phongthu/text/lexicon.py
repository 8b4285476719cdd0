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

# Everyday syllables in the order they are met most (the opening of `_COMMON_TEXT` is
# roughly by frequency): where OCR lost a word's marks and nothing around it tells,
# the most common word with the same letters is the best reading.
COMMON_IN_ORDER: Final = tuple(dict.fromkeys(_COMMON_TEXT.split()))

# Words and set phrases of administrative documents, one a line, written in the
# canonical tone placement. Post-OCR correction restores the marks a scan lost
# ("ĐIÊU TRA" -> "ĐIỀU TRA") only where the letters fit one of these phrases. Slash
# marks (b/c, p/h) are one word each.
_ADMIN_PHRASES: Final = """
cộng hòa xã hội chủ nghĩa việt nam
độc lập tự do hạnh phúc
đảng cộng sản việt nam
ủy ban nhân dân
hội đồng nhân dân
mặt trận tổ quốc việt nam
ủy ban mặt trận tổ quốc
chính phủ
thủ tướng chính phủ
phó thủ tướng
văn phòng chính phủ
quốc hội
đoàn đại biểu quốc hội
bộ công an
bộ quốc phòng
bộ tài chính
bộ nội vụ
bộ tư pháp
bộ y tế
bộ xây dựng
bộ công thương
bộ ngoại giao
bộ giáo dục và đào tạo
bộ khoa học và công nghệ
bộ kế hoạch và đầu tư
bộ nông nghiệp và phát triển nông thôn
bộ nông nghiệp và môi trường
bộ tài nguyên và môi trường
bộ giao thông vận tải
bộ thông tin và truyền thông
bộ văn hóa thể thao và du lịch
bộ lao động thương binh và xã hội
ngân hàng nhà nước
kho bạc nhà nước
kiểm toán nhà nước
thanh tra chính phủ
tòa án nhân dân
viện kiểm sát nhân dân
công an tỉnh
công an thành phố
công an huyện
công an xã
công an phường
công an các địa phương
công an các đơn vị địa phương
cục cảnh sát
cảnh sát điều tra
cảnh sát giao thông
cảnh sát cơ động
cảnh sát phòng cháy chữa cháy
cảnh sát quản lý hành chính
cảnh sát môi trường
cảnh sát kinh tế
an ninh điều tra
an ninh nội địa
tội phạm
tội phạm hình sự
ma túy
phòng chống ma túy
cai nghiện ma túy
bộ chỉ huy quân sự
ban chỉ huy quân sự
bộ đội biên phòng
bộ tư lệnh
quân khu
tỉnh ủy
thành ủy
huyện ủy
đảng ủy
ban thường vụ
ban chấp hành
ban tổ chức
ban tuyên giáo
ban dân vận
ban nội chính
ban dân tộc
ủy ban kiểm tra
sở nội vụ
sở tài chính
sở tư pháp
sở y tế
sở xây dựng
sở công thương
sở ngoại vụ
sở giáo dục và đào tạo
sở khoa học và công nghệ
sở kế hoạch và đầu tư
sở nông nghiệp và phát triển nông thôn
sở nông nghiệp và môi trường
sở tài nguyên và môi trường
sở giao thông vận tải
sở thông tin và truyền thông
sở văn hóa thể thao và du lịch
sở lao động thương binh và xã hội
thanh tra tỉnh
văn phòng ủy ban nhân dân
văn phòng hội đồng nhân dân
văn phòng sở
chi cục
tổng cục
trung tâm
ban quản lý
đơn vị sự nghiệp
chủ tịch
phó chủ tịch
chủ tịch ủy ban nhân dân
giám đốc
phó giám đốc
cục trưởng
phó cục trưởng
tổng cục trưởng
phó tổng cục trưởng
chi cục trưởng
phó chi cục trưởng
vụ trưởng
phó vụ trưởng
viện trưởng
phó viện trưởng
bộ trưởng
thứ trưởng
trưởng phòng
phó trưởng phòng
trưởng ban
phó trưởng ban
chánh văn phòng
phó chánh văn phòng
chánh thanh tra
phó chánh thanh tra
bí thư
phó bí thư
chỉ huy trưởng
phó chỉ huy trưởng
chính ủy
tư lệnh
đội trưởng
phó đội trưởng
hiệu trưởng
thủ trưởng
thủ trưởng cơ quan
thủ trưởng đơn vị
trưởng công an
người đứng đầu
thay mặt
ký thay
thừa lệnh
thừa ủy quyền
đồng chí
nơi nhận
như trên
kính gửi
lưu văn thư
văn thư
về việc
căn cứ
nghị định
nghị quyết
quyết định
chỉ thị
thông tư
thông tư liên tịch
kế hoạch
báo cáo
công văn
công điện
tờ trình
thông báo
hướng dẫn
chương trình
chương trình mục tiêu quốc gia
đề án
dự án
phương án
quy chế
quy định
biên bản
giấy mời
phụ lục
luật
bộ luật
văn bản
văn bản quy phạm pháp luật
để biết
để báo cáo
để thực hiện
để phối hợp
để phối hợp thực hiện
để chỉ đạo
để chỉ đạo thực hiện
để theo dõi
để tổng hợp
để thi hành
để giám sát
để xem xét
để b/c
để p/h
để t/h
để đ/b
để c/đ
để p/h/t/h
để b/c/t/h
để t/h/p/h
tổ chức thực hiện
triển khai thực hiện
phối hợp thực hiện
hướng dẫn thực hiện
chỉ đạo thực hiện
kết quả thực hiện
tình hình thực hiện
kiểm tra giám sát
theo dõi đôn đốc
đôn đốc kiểm tra
tổng hợp báo cáo
báo cáo kết quả
đề nghị
đề xuất
phối hợp
chủ trì
chịu trách nhiệm
nhiệm vụ
quyền hạn
chức năng
cơ quan
cơ quan chức năng
cơ quan thường trực
đơn vị
địa phương
trung ương
ngân sách nhà nước
ngân sách trung ương
ngân sách địa phương
kinh phí
dự toán
phân bổ
mục tiêu
quốc gia
phòng chống
phòng cháy chữa cháy
cứu nạn cứu hộ
tìm kiếm cứu nạn
phòng chống thiên tai
phòng thủ dân sự
an ninh trật tự
trật tự an toàn xã hội
an toàn giao thông
cải cách hành chính
thủ tục hành chính
chuyển đổi số
thường trực
thường xuyên
hằng năm
hàng năm
định kỳ
đột xuất
thời gian
thời hạn
hoàn thành
chậm nhất
trước ngày
kể từ ngày
sản phẩm
kết quả
thực hiện
ban hành
có hiệu lực
tiêu chí
nguyên tắc
định mức
đầu tư
phát triển
kinh tế xã hội
nông thôn mới
giảm nghèo
dân tộc thiểu số
tuyên truyền
phổ biến
giáo dục
bồi dưỡng
đào tạo
tập huấn
hội nghị
hội thảo
sơ kết
tổng kết
thi đua
khen thưởng
kỷ luật
cán bộ
công chức
viên chức
người lao động
nhân dân
doanh nghiệp
tổ chức
cá nhân
ý kiến
chỉ đạo
tham mưu
trình
xây dựng
trân trọng
đề nghị quý cơ quan
"""
ADMIN_PHRASES: Final = tuple(
    line.strip() for line in _ADMIN_PHRASES.strip().splitlines() if line.strip()
)
