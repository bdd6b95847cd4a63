"""Made-up logos for the demo brands: the initial, white on a rounded square of the brand's colour.

Drawn at start-up rather than shipped, so the demo shows a brand's own logo without copying
any maker's trademark; they go through the same upload rule as a brand admin's.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from aftersales.counter.typeface import FONTS


def demo_logo(name: str, colour: str) -> bytes:
    """Return a 96 px PNG mark: the name's initial on a rounded square in the colour."""
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 64)
    img = Image.new("RGBA", (96, 96), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((0, 0, 95, 95), radius=22, fill=colour)
    draw.text((48, 50), name[:1].upper(), font=bold, fill="white", anchor="mm")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()
