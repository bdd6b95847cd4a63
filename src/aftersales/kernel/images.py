"""Pictures people send (photos, signatures, logos): checked, upright, re-encoded without metadata.

One rule for every upload of a picture (decision 133): a size limit, the kinds a camera or a
design tool gives (JPEG, PNG, WebP; never SVG, which can carry scripts), a bound on the pixels
decoded, and a re-encoding from the pixels alone, which drops EXIF, XMP and comments.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_

ACCEPTED = frozenset({"JPEG", "PNG", "WEBP"})
# Refuse decompression bombs before decoding: 40 MP is more than any phone camera gives.
Image.MAX_IMAGE_PIXELS = 40_000_000


@dataclass(frozen=True)
class CleanImage:
    """An image as it will be kept: re-encoded, without EXIF or any other metadata."""

    data: bytes
    content_type: str
    width: int
    height: int


@dataclass(frozen=True)
class Rules:
    """What one kind of upload accepts, and the words that say so beside its field."""

    max_bytes: int
    box: tuple[int, int]  # the largest width and height kept; larger pictures are scaled down
    too_large: str  # e.g. "Choose a picture of at most 10 MB."
    kinds: str  # e.g. "Choose a photo (JPEG, PNG or WebP)."
    png: bool = False  # keep transparency and sharp edges (signatures, logos); else JPEG
    trim: bool = False  # cut away transparent margins (a logo then fills its place)


def clean(raw: bytes, field: str, rules: Rules) -> CleanImage:
    """Check a picture's size and type, turn it upright and re-encode it without metadata."""
    if not raw:
        raise ValidationFailed(N_("The picture is empty."), {field: N_("Choose a picture.")})
    if len(raw) > rules.max_bytes:
        raise ValidationFailed(N_("The picture is too large."), {field: rules.too_large})
    try:
        with Image.open(io.BytesIO(raw)) as img:
            if img.format not in ACCEPTED:
                raise ValidationFailed(
                    N_("This kind of file is not accepted."), {field: rules.kinds}
                )
            img.load()
            upright = ImageOps.exif_transpose(img)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ValidationFailed(
            N_("This file is not a picture we can read."), {field: rules.kinds}
        ) from exc
    pixels = upright.convert("RGBA" if rules.png else "RGB")
    if rules.trim:
        box = pixels.getchannel("A").getbbox()
        if box is None:  # fully transparent: nothing would show
            raise ValidationFailed(
                N_("The picture is empty."), {field: N_("This picture shows nothing.")}
            )
        pixels = pixels.crop(box)
    pixels.thumbnail(rules.box)
    out = io.BytesIO()
    if rules.png:
        pixels.save(out, "PNG", optimize=True)
    else:
        pixels.save(out, "JPEG", quality=85, optimize=True)
    kind = "image/png" if rules.png else "image/jpeg"
    return CleanImage(out.getvalue(), kind, pixels.width, pixels.height)
