"""The satisfaction report's charts as Vega-Lite specs, built with altair (decision 216).

The trend is a line of the monthly top-2-box share in its 95% band; the attributes, the
turnaround and the contacts are bars with their interval as a rule. One spec serves the page
(vega-embed) and the picture for readers without scripts (charting.images).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt

from aftersales.charting.kept import kept
from aftersales.charting.look import ACCENT, INK
from aftersales.charting.look import finish as _finish
from aftersales.kernel.i18n import N_
from aftersales.surveys.present import ATTRIBUTE_WORDS, CONTACT_WORDS, TURNAROUND_WORDS
from aftersales.surveys.reports import Report
from aftersales.surveys.stats import Share

CHARTS = ("trend", "attributes", "turnaround", "contacts")
TITLES = {
    "trend": N_("Top-2-box share by month"),
    "attributes": N_("Top-2-box share by attribute"),
    "turnaround": N_("Top-2-box share by turnaround"),
    "contacts": N_("Top-2-box share by contacts per repair"),
}
Translate = Callable[[str], str]


def _values(rows: list[tuple[str, Share]]) -> list[dict[str, Any]]:
    return [
        {"x": k, "share": s.share, "low": s.low, "high": s.high, "n": s.n} for k, s in rows if s.n
    ]


def _tooltip(t: Translate, x: str, kind: str = "N") -> list[Any]:
    first = (
        alt.Tooltip("x:T", title=x, format="%b %Y") if kind == "T" else alt.Tooltip("x:N", title=x)
    )
    return [
        first,
        alt.Tooltip("share:Q", title=t(N_("Top-2-box share")), format=".1%"),
        alt.Tooltip("low:Q", title=t(N_("95% interval from")), format=".1%"),
        alt.Tooltip("high:Q", title=t(N_("95% interval to")), format=".1%"),
        alt.Tooltip("n:Q", title=t(N_("Answers")), format=",d"),
    ]


def _trend(r: Report, t: Translate, tag: str) -> dict[str, Any]:
    """Return the monthly share as a line in its 95% band."""
    values = [
        {"x": m.isoformat(), "share": s.share, "low": s.low, "high": s.high, "n": s.n}
        for m, s in r.trend
    ]
    month, share = t(N_("Month")), t(N_("Top-2-box share"))
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X(
            "x:T", title=month, axis=alt.Axis(format="%b %Y", labelOverlap=True, tickCount="month")
        )
    )
    band = base.mark_area(color=ACCENT, opacity=0.18).encode(
        y=alt.Y("low:Q", title=share, axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])),
        y2="high:Q",
    )
    line = base.mark_line(color=ACCENT, point=True).encode(
        y="share:Q", tooltip=_tooltip(t, month, "T")
    )
    return _finish(alt.layer(band, line), t(TITLES["trend"]), tag)


def _bars(
    rows: list[tuple[str, Share]], name: str, axis: str, t: Translate, tag: str
) -> dict[str, Any]:
    """Return horizontal bars of shares, each with its 95% interval as a rule."""
    share = t(N_("Top-2-box share"))
    base = alt.Chart(alt.Data(values=_values(rows))).encode(
        y=alt.Y("x:N", sort=None, title=axis, axis=alt.Axis(labelLimit=120))
    )
    bars = base.mark_bar(color=ACCENT, opacity=0.85).encode(
        x=alt.X(
            "share:Q", title=share, axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])
        ),
        tooltip=_tooltip(t, axis),
    )
    rule = base.mark_rule(color=INK, strokeWidth=2).encode(x="low:Q", x2="high:Q")
    return _finish(alt.layer(bars, rule), t(TITLES[name]), tag, height=alt.Step(30))


def chart(name: str, r: Report, t: Translate, tag: str) -> dict[str, Any]:
    """Return one of the report's charts by name, in the reader's language and locale."""
    if name == "trend":
        return _trend(r, t, tag)
    if name == "attributes":
        rows = [(t(ATTRIBUTE_WORDS[a]), s) for a, s in r.attributes]
        return _bars(rows, name, t(N_("Attribute")), t, tag)
    if name == "turnaround":
        rows = [(t(TURNAROUND_WORDS[k]), s) for k, s in r.turnaround]
        return _bars(rows, name, t(N_("Turnaround")), t, tag)
    if name == "contacts":
        rows = [(t(CONTACT_WORDS[k]), s) for k, s in r.contacts]
        return _bars(rows, name, t(N_("Contacts")), t, tag)
    raise KeyError(name)


def kept_chart(name: str, r: Report, t: Translate, tag: str, lang: str) -> dict[str, Any]:
    """Return `chart(...)`, built once per chart, figures, language and locale (read only)."""
    figures = (r.trend, r.attributes, r.turnaround, r.contacts)
    key = repr(("survey-spec", name, lang, tag, figures))
    return kept(key, lambda: chart(name, r, t, tag))
