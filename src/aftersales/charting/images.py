"""A chart as a picture: SVG for pages without scripts and print, PNG for e-mails (vl-convert).

vl-convert runs the same Vega-Lite in-process, with no browser; the page's spec is drawn at a
fixed width, since a picture has no container to fit.
"""

from __future__ import annotations

from typing import Any

import vl_convert

WIDTH = 640  # px: a picture's width, where the page fits the chart to its column
VEGA_LITE = "6.4"  # the vl-convert bundle matching altair's schema (v6.4)


def svg(spec: dict[str, Any]) -> str:
    """Return a chart's spec drawn as SVG."""
    fixed = {**spec, "width": WIDTH}
    return str(vl_convert.vegalite_to_svg(fixed, vl_version=VEGA_LITE))


def png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """Return a chart's spec drawn as PNG (for e-mails), at `scale` times for sharp screens."""
    fixed = {**spec, "width": WIDTH, "background": "#ffffff"}
    return bytes(vl_convert.vegalite_to_png(fixed, vl_version=VEGA_LITE, scale=scale))
