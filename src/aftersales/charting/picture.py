"""A chart as an SVG answer, for readers without scripts: kept, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.responses import Response

from aftersales.charting import images
from aftersales.charting.kept import kept

# A picture's own policy: its styles are inline, and it runs nothing.
POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def svg_response(key: str, spec: Callable[[], dict[str, Any]], language: str) -> Response:
    """Answer with the chart `spec()` draws, kept under `key` (naming all it is made of)."""
    picture = kept(key, lambda: images.svg(spec()))
    headers = {
        "Content-Security-Policy": POLICY,
        "Content-Language": language,
        "Cache-Control": "private, no-store",
    }
    return Response(picture, media_type="image/svg+xml", headers=headers)
