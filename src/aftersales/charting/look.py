"""The look every chart shares: the site's colours and font, fitted to its card (altair).

An area writes its chart with altair and hands it to `finish`, which gives it the page's look
and the reader's number and date formats, and returns the Vega-Lite spec as a dict.
"""

from __future__ import annotations

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
