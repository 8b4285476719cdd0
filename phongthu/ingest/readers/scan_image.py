"""Preparing the image of a scanned page, and small regions of it, for recognition.

- `page_gray`: the page in shades of grey with the red ink of seals and stamps taken
  out. By law a seal is red; on a colour scan it overlaps the signer's position and
  name, and tesseract then loses the words under it ("PHÓ" of "PHÓ CỤC TRƯỞNG").
  Black print and blue handwriting (a number or day written in by hand) are kept.
- `region`: a box of the page (PDF points) cut out with a margin.
- `deslant`: handwriting leans; recognisers read upright digits far better.

Pure Pillow: channel arithmetic and look-up tables run in C.
"""

from __future__ import annotations

from PIL import Image, ImageChops, ImageOps

# A pixel this much redder than its green and blue is seal ink, not print: black and
# grey have all three channels alike, blue ink has little red.
_RED_MARGIN = 40
INK_THRESHOLD = 150


def page_gray(image: Image.Image) -> Image.Image:
    """The page as greyscale ("L"), red seal and stamp ink turned to paper white."""
    if image.mode in ("1", "L", "LA", "I", "I;16", "F"):
        return image.convert("L")
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    gray = rgb.convert("L")
    if not has_seal_ink(rgb.reduce(4)):
        return gray  # no red on the page (most scans are greyscale)
    # Band by band: a whole page's channels at 300 dpi would need several copies.
    for top in range(0, rgb.height, _BAND_PX):
        box = (0, top, rgb.width, min(top + _BAND_PX, rgb.height))
        seal = _seal(rgb.crop(box))
        if seal.getbbox() is not None:
            gray.paste(255, box, seal)
    return gray


def has_seal_ink(image: Image.Image) -> bool:
    """Whether an image (a small rendering of the page will do) shows red ink."""
    if image.mode in ("1", "L", "LA", "I", "I;16", "F"):
        return False
    return _seal(image.convert("RGB")).getbbox() is not None


_BAND_PX = 256


def _seal(rgb: Image.Image) -> Image.Image:
    """A mask of the pixels in red ink."""
    red, green, blue = rgb.split()
    redness = ImageChops.subtract(red, ImageChops.lighter(green, blue))
    return redness.point(lambda v: 255 if v > _RED_MARGIN else 0)


def region(
    gray: Image.Image, box: tuple[float, float, float, float], *, dpi: float
) -> tuple[Image.Image, tuple[int, int]]:
    """The part of the page inside `box` (x0, top, x1, bottom in points), clipped to the
    page, and where its top-left corner lies on the page in pixels."""
    scale = dpi / 72.0
    x0 = max(int(box[0] * scale), 0)
    y0 = max(int(box[1] * scale), 0)
    x1 = min(int(box[2] * scale + 0.999), gray.width)
    y1 = min(int(box[3] * scale + 0.999), gray.height)
    if x1 <= x0 or y1 <= y0:
        return Image.new("L", (1, 1), 255), (x0, y0)
    return gray.crop((x0, y0, x1, y1)), (x0, y0)


def ink_share(gray: Image.Image) -> float:
    """The share of the pixels that are ink (0-1)."""
    if gray.width * gray.height == 0:
        return 0.0
    histogram = gray.histogram()
    return sum(histogram[:INK_THRESHOLD]) / (gray.width * gray.height)


def ink_box(gray: Image.Image) -> tuple[int, int, int, int] | None:
    """The bounding box of the ink in an image, or None when it is blank."""
    return gray.point(lambda p: 255 if p < INK_THRESHOLD else 0).getbbox()


def _shear(gray: Image.Image, slope: float) -> Image.Image:
    """The image sheared so that strokes leaning by `slope` (dx per dy) stand upright."""
    height = gray.height
    extra = int(abs(slope) * height) + 2
    wide = ImageOps.expand(gray, border=(extra, 0, extra, 0), fill=255)
    return wide.transform(
        wide.size,
        Image.Transform.AFFINE,
        (1, slope, -slope * height / 2, 0, 1, 0),
        resample=Image.Resampling.BILINEAR,
        fillcolor=255,
    )


def _column_sharpness(gray: Image.Image) -> float:
    # Upright strokes pile their ink into few columns: the sum of squared column
    # densities peaks at the right slant.
    columns = ImageOps.invert(gray).resize((gray.width, 1), Image.Resampling.BOX)
    return float(sum(v * v for v in columns.tobytes()))


def deslant(gray: Image.Image, *, max_slope: float = 0.35) -> Image.Image:
    """Handwriting straightened: the shear, within ±`max_slope`, that stands strokes up.

    Bounded by about 20°, as far as handwriting leans: past it, the measure would
    rather stand up a figure's own diagonal (the stroke of a 7) than the writing.
    """
    steps = int(max_slope * 20)
    best = max(
        (_column_sharpness(_shear(gray, k / 20)), -abs(k), k) for k in range(-steps, steps + 1)
    )
    return _shear(gray, best[2] / 20)


def fit_height(gray: Image.Image, height: int, *, border: int = 16) -> Image.Image:
    """The image scaled to `height` pixels, in a white border."""
    scale = height / max(gray.height, 1)
    size = (max(round(gray.width * scale), 1), height)
    return ImageOps.expand(gray.resize(size, Image.Resampling.LANCZOS), border=border, fill=255)


def binarised(gray: Image.Image, threshold: int = 170) -> Image.Image:
    return gray.point(lambda p: 255 if p > threshold else 0)
