"""Pictures from a phone's camera or a signature pad: checked, turned upright, metadata removed."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_UPLOADS = 6  # per form; the request's size limit is sized for this many
MAX_SIDE = 2048  # enough to read a scratch; a 12 MP original is cut to about 1 MB
ACCEPTED = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Refuse decompression bombs before decoding: 40 MP is more than any phone camera gives.
Image.MAX_IMAGE_PIXELS = 40_000_000


@dataclass(frozen=True)
class CleanImage:
    """An image as it will be kept: re-encoded, without EXIF or any other metadata."""

    data: bytes
    content_type: str
    width: int
    height: int


def clean(raw: bytes, field: str, *, keep_png: bool = False) -> CleanImage:
    """Check a picture's size and type, turn it upright and re-encode it without metadata.

    Re-encoding from the pixels alone drops EXIF (the place and time a photo was taken,
    the camera), XMP and comments; a photo becomes JPEG, a signature stays PNG.
    """
    if not raw:
        raise ValidationFailed(N_("The picture is empty."), {field: N_("Choose a picture.")})
    if len(raw) > MAX_PHOTO_BYTES:
        raise ValidationFailed(
            N_("The picture is too large."), {field: N_("Choose a picture of at most 10 MB.")}
        )
    try:
        with Image.open(io.BytesIO(raw)) as img:
            if img.format not in ACCEPTED:
                raise ValidationFailed(N_("This kind of file is not accepted."), _KINDS(field))
            img.load()
            upright = ImageOps.exif_transpose(img)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ValidationFailed(
            N_("This file is not a picture we can read."), _KINDS(field)
        ) from exc
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if keep_png:
        pixels = upright.convert("RGBA")
        pixels.save(out, "PNG", optimize=True)
        kind = "image/png"
    else:
        pixels = upright.convert("RGB")
        pixels.save(out, "JPEG", quality=85, optimize=True)
        kind = "image/jpeg"
    return CleanImage(out.getvalue(), kind, pixels.width, pixels.height)


def clean_all(uploads: list[bytes], field: str = "photos") -> list[CleanImage]:
    """Clean every upload before any is kept: one bad file refuses them all, saying which."""
    if len(uploads) > MAX_UPLOADS:
        raise ValidationFailed(
            N_("Too many photos."), {field: N_("Send at most 6 photos at a time.")}
        )
    return [clean(raw, field) for raw in uploads]


def _KINDS(field: str) -> dict[str, str]:
    return {field: N_("Choose a photo (JPEG, PNG or WebP).")}
