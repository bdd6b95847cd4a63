"""Pictures for tests: a phone photo with EXIF (place, camera) as a phone camera writes it."""

from __future__ import annotations

import base64
import io

from PIL import Image

GPS_IFD, MAKE, ORIENTATION = 0x8825, 0x010F, 0x0112


def photo_bytes(
    width: int = 64, height: int = 48, fmt: str = "JPEG", rotated: bool = False
) -> bytes:
    """Return a small photo carrying a camera make, a GPS position and an orientation."""
    img = Image.new("RGB", (width, height), (200, 30, 30))
    exif = Image.Exif()
    exif[MAKE] = "TestCam"
    exif[ORIENTATION] = 6 if rotated else 1  # 6: the camera was held sideways
    exif[GPS_IFD] = {1: "N", 2: (40.0, 51.0, 0.0), 3: "E", 4: (14.0, 15.0, 0.0)}
    out = io.BytesIO()
    img.save(out, fmt, exif=exif)
    return out.getvalue()


def signature_data_url() -> str:
    """Return a drawn signature as the signature pad sends it (a PNG data URL)."""
    img = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    for x in range(20, 280):
        img.putpixel((x, 50 + (x % 20) - 10), (0, 0, 0, 255))
    out = io.BytesIO()
    img.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()
