"""Pictures from a phone's camera or a signature pad: the counter's limits on kernel.images."""

from __future__ import annotations

from dataclasses import replace

from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.images import CleanImage, Rules
from aftersales.kernel.images import clean as clean_picture

__all__ = ["MAX_PHOTO_BYTES", "MAX_UPLOADS", "CleanImage", "clean", "clean_all"]

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_UPLOADS = 6  # per form; the request's size limit is sized for this many
MAX_SIDE = 2048  # enough to read a scratch; a 12 MP original is cut to about 1 MB
_PHOTO = Rules(
    MAX_PHOTO_BYTES,
    (MAX_SIDE, MAX_SIDE),
    N_("Choose a picture of at most 10 MB."),
    N_("Choose a photo (JPEG, PNG or WebP)."),
)
_SIGNATURE = replace(_PHOTO, png=True)


def clean(raw: bytes, field: str, *, keep_png: bool = False) -> CleanImage:
    """Clean a photo (kept as JPEG) or a signature (kept as PNG), as kernel.images does."""
    return clean_picture(raw, field, _SIGNATURE if keep_png else _PHOTO)


def clean_all(uploads: list[bytes], field: str = "photos") -> list[CleanImage]:
    """Clean every upload before any is kept: one bad file refuses them all, saying which."""
    if len(uploads) > MAX_UPLOADS:
        raise ValidationFailed(
            N_("Too many photos."), {field: N_("Send at most 6 photos at a time.")}
        )
    return [clean(raw, field) for raw in uploads]
