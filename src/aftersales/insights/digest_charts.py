"""The weekly digest's charts: altair specs of the eight weeks, drawn as PNG for the e-mail.

The same look as the pages' charts (charting.look.finish) in the reader's language and number
format; drawn on the server with vl-convert when the message is sent (decision 265).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol

import altair as alt
from babel import dates

from aftersales.charting import images
from aftersales.charting.look import ACCENT, GREY, OK, WARN, count_axis
from aftersales.charting.look import finish as _finish
from aftersales.kernel.i18n import N_

Translate = Callable[[str], str]
TITLES = {
    "closed": N_("Repairs closed per week"),
    "turnaround": N_("Turnaround per week: median and 90th percentile (working days)"),
    "shares": N_("SLA met and top-2-box satisfaction per week"),
}


class WeekLike(Protocol):
    """What a chart reads of a week (digest props or figures)."""

    @property
    def start(self) -> date: ...
    @property
    def closed(self) -> int: ...
    @property
    def tat_median(self) -> float | None: ...
    @property
    def tat_p90(self) -> float | None: ...
    @property
    def sla_met(self) -> int: ...
    @property
    def sla_counted(self) -> int: ...
    @property
    def answers(self) -> int: ...
    @property
    def top2(self) -> int: ...


def _label(day: date, tag: str) -> str:
    """Return a week's first day as the reader writes it, short ("1 dic")."""
    return dates.format_date(day, "d MMM", locale=tag.replace("-", "_"))


def _week_axis(t: Translate) -> alt.X:
    return alt.X("week:N", title=t(N_("Week starting")), sort=None, axis=alt.Axis(labelAngle=0))


def closed_chart(weeks: Sequence[WeekLike], t: Translate, tag: str) -> dict[str, Any]:
    """Return the repairs closed per week as bars, the last week in the accent colour."""
    last = len(weeks) - 1
    values = [
        {"week": _label(w.start, tag), "n": w.closed, "last": i == last}
        for i, w in enumerate(weeks)
    ]
    n = t(N_("Repairs closed"))
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            x=alt.X("week:N", title=t(N_("Week starting")), sort=None,
                    axis=alt.Axis(labelAngle=0)),
            y=alt.Y("n:Q", title=n, axis=count_axis(v["n"] for v in values)),
            color=alt.condition("datum.last", alt.value(ACCENT), alt.value(GREY)),
            tooltip=[alt.Tooltip("week:N", title=t(N_("Week starting"))),
                     alt.Tooltip("n:Q", title=n, format=",d")],
        )
    )  # fmt: skip
    return _finish(chart, t(TITLES["closed"]), tag, height=200)


def turnaround_chart(weeks: Sequence[WeekLike], t: Translate, tag: str) -> dict[str, Any]:
    """Return the median and 90th percentile turnaround per week as two lines."""
    median, p90 = t(N_("Median")), t(N_("90th percentile"))
    values = [
        {"week": _label(w.start, tag), "what": name, "days": days}
        for w in weeks
        for name, days in ((median, w.tat_median), (p90, w.tat_p90))
        if days is not None
    ]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True)
        .encode(
            x=_week_axis(t),
            y=alt.Y("days:Q", title=t(N_("Working days")), axis=alt.Axis(format=",.1~f")),
            color=alt.Color("what:N", title=None, sort=[median, p90],
                            scale=alt.Scale(domain=[median, p90], range=[ACCENT, WARN]),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("week:N", title=t(N_("Week starting"))),
                     alt.Tooltip("what:N", title=t(N_("Figure"))),
                     alt.Tooltip("days:Q", title=t(N_("Working days")), format=",.1f")],
        )
    )  # fmt: skip
    return _finish(chart, t(TITLES["turnaround"]), tag, height=200)


def shares_chart(weeks: Sequence[WeekLike], t: Translate, tag: str) -> dict[str, Any]:
    """Return the share of repairs within the SLA and the top-2-box share per week."""
    sla, top2 = t(N_("SLA met")), t(N_("Top-2-box satisfaction"))
    values = [
        {"week": _label(w.start, tag), "what": name, "share": part / whole}
        for w in weeks
        for name, part, whole in ((sla, w.sla_met, w.sla_counted), (top2, w.top2, w.answers))
        if whole
    ]
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True)
        .encode(
            x=_week_axis(t),
            y=alt.Y("share:Q", title=t(N_("Share")), axis=alt.Axis(format=".0%"),
                    scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("what:N", title=None, sort=[sla, top2],
                            scale=alt.Scale(domain=[sla, top2], range=[OK, ACCENT]),
                            legend=alt.Legend(orient="bottom")),
            tooltip=[alt.Tooltip("week:N", title=t(N_("Week starting"))),
                     alt.Tooltip("what:N", title=t(N_("Figure"))),
                     alt.Tooltip("share:Q", title=t(N_("Share")), format=".1%")],
        )
    )  # fmt: skip
    return _finish(chart, t(TITLES["shares"]), tag, height=200)


CHARTS = {"closed": closed_chart, "turnaround": turnaround_chart, "shares": shares_chart}


def pictures(weeks: Sequence[WeekLike], t: Translate, tag: str) -> list[tuple[str, bytes, str]]:
    """Return each chart as (name, PNG, title), titled on the picture itself."""
    drawn = []
    for name, build in CHARTS.items():
        spec = build(weeks, t, tag)
        spec["title"] = t(TITLES[name])  # a mail shows no heading of its own above the picture
        drawn.append((name, images.png(spec, scale=1.5), t(TITLES[name])))
    return drawn
