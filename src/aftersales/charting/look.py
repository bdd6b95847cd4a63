"""The look every chart shares: the site's colours and font, fitted to its card (altair).

An area writes its chart with altair and hands it to `finish`, which gives it the page's look
and the reader's number and date formats, and returns the Vega-Lite spec as a dict.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import altair as alt

from aftersales.charting.locale import chart_locale

# as static/site.css: links, good news, muted text, ink; a light grey for "not known"; a warning
ACCENT, OK, GREY, INK = "#1d4ed8", "#166534", "#4b5563", "#1b1f24"
LIGHT, WARN = "#9ca3af", "#b45309"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif'


def finish(chart: Any, title: str, tag: str, height: Any = 220) -> dict[str, Any]:
    """Return the spec with the page's look and the reader's locale (validated by altair).

    The title stays the description (screen readers hear it) when the page shows it itself.
    """
    # Fit the card's width (a phone's or a desktop's); the height is the chart's own.
    fit = alt.AutoSizeParams(type="fit-x", contains="padding")
    spec: dict[str, Any] = (
        chart.properties(width="container", height=height, description=title, autosize=fit)
        .configure(locale=chart_locale(tag), font=FONT, background="transparent")
        .configure_view(stroke=None)
        .configure_title(anchor="start", fontSize=16)
        .configure_axis(labelFontSize=12, titleFontSize=13, labelColor=GREY, titleColor=INK)
        .configure_legend(labelFontSize=12, symbolSize=120)
        .to_dict()
    )
    return spec


def count_axis(counts: Iterable[Any], **kw: Any) -> alt.Axis:
    """Return an axis of whole counts; with small counts, no tick between two whole numbers.

    Vega does not keep to `tickMinStep` with its own tick count: counts of 0 to 2 got a tick
    at every half, labelled "0 1 1 2 2". Asking for no more ticks than the largest count
    avoids it; at most six keeps a wide chart's axis readable (Vega gave 0 to 64 in twos).
    """
    most = max((float(c) for c in counts if c is not None), default=0.0)
    return alt.Axis(format=",d", tickMinStep=1, tickCount=max(1, min(6, math.ceil(most))), **kw)
