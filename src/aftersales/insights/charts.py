"""The dashboards' charts as Vega-Lite specs, built with altair (decision 261).

One spec serves the page (vega-embed, fitted to its card) and the picture for readers without
scripts (charting.images); each is kept by the figures, language and locale it is made of.
Words are staff's: statuses and steps as the centre's screens name them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt

from aftersales.charting.kept import kept
from aftersales.charting.look import ACCENT, GREY, INK, OK, WARN, count_axis
from aftersales.charting.look import finish as _finish
from aftersales.insights.figures import CAP
from aftersales.insights.present import AGE_WORDS, STEP_WORDS, InsightsRead
from aftersales.kernel.i18n import N_
from aftersales.repairs.states import STAFF_LABELS
from aftersales.repairs.words import FAULTS

Translate = Callable[[str], str]
TITLES = {
    "problems": N_("Reported problems per 1,000 phones in use, by model"),
    "turnaround": N_("Turnaround of the repairs closed (working days)"),
    "steps": N_("Where the time goes: working days per repair at each step"),
    "sla": N_("Repairs within the SLA, by month"),
    "backlog": N_("Open repairs by status"),
    "age": N_("Open repairs by age (working days)"),
    "fixes": N_("First-time fix and repeat repairs"),
    "offline": N_("Days owners were without a phone"),
    "satisfaction": N_("Top-2-box satisfaction by turnaround"),
    "expected": N_("Ready date against the date first given (working days late)"),
}
CHARTS = tuple(TITLES)
UNRATED = N_("Repairs opened by model (no rate: part of the network)")


def titles_of(r: InsightsRead) -> dict[str, str]:
    """Return each chart's title for these figures (problems without a rate say so)."""
    return TITLES if r.problems_rated else {**TITLES, "problems": UNRATED}


STATUS_WORDS = {str(s.value): words for s, words in STAFF_LABELS.items()}
MODELS_SHOWN = 15  # the chart's models; the table and the CSV have them all


def _bars(values: list[dict[str, Any]], x: str, y: str, fmt: str, t: Translate, tag: str,
          name: str, color: str = ACCENT) -> dict[str, Any]:  # fmt: skip
    """Return horizontal bars of `n` per `label`, in the given order (shares: 0 to 100%)."""
    share = fmt.endswith("%")
    # Axis numbers without needless decimals; the title ends at the plot's right edge, so on
    # a phone it runs left under the labels rather than being cut.
    axis = (count_axis((v["n"] for v in values), titleAnchor="end") if fmt == ",d"
            else alt.Axis(format=fmt.replace(".1f", ".1~f"), titleAnchor="end",
                          tickMinStep=0.1 if share else alt.Undefined))  # fmt: skip
    scale = alt.Scale(domain=[0, 1]) if share else alt.Undefined
    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color=color, opacity=0.9)
        .encode(
            # No title beside the labels: the card's heading says what they are.
            y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=150)),
            x=alt.X("n:Q", title=x, axis=axis, scale=scale),
            tooltip=[alt.Tooltip("label:N", title=y), alt.Tooltip("n:Q", title=x, format=fmt)],
        )
    )
    return _finish(chart, t(TITLES[name]), tag, height=alt.Step(26))


def _histogram(values: list[dict[str, Any]], x: str, t: Translate, tag: str, name: str,
               marks: list[tuple[str, int | None]]) -> dict[str, Any]:  # fmt: skip
    """Return a column per day with rules at the median and the 90th percentile."""
    repairs = t(N_("Repairs"))
    base = alt.Chart(alt.Data(values=values))
    bars = base.mark_bar(color=ACCENT, opacity=0.85).encode(
        x=alt.X("days:O", title=x, axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("n:Q", title=repairs, axis=count_axis(v["n"] for v in values)),
        tooltip=[alt.Tooltip("label:N", title=x), alt.Tooltip("n:Q", title=repairs, format=",d")],
    )
    shown = [{"days": d, "what": w} for w, d in marks if d is not None]
    if not shown:
        return _finish(bars, t(TITLES[name]), tag)
    rules = (
        alt.Chart(alt.Data(values=shown))
        .mark_rule(strokeWidth=2, strokeDash=[4, 3])
        .encode(
            x="days:O",
            color=alt.Color("what:N", title=None, sort=None,
                            scale=alt.Scale(domain=[w for w, _ in marks],
                                            range=[INK, WARN][: len(marks)]),
                            legend=alt.Legend(orient="bottom")),
        )
    )  # fmt: skip
    return _finish(alt.layer(bars, rules), t(TITLES[name]), tag)


def _days_values(days: list[Any], open_end: int | None) -> list[dict[str, Any]]:
    """Return a column per day; `open_end`: the day that means "this many or more"."""
    out = []
    for d in days:
        label = f"{d.days}+" if d.days == open_end else str(d.days)
        out.append({"days": d.days, "label": label, "n": d.repairs})
    return out


def _trimmed(days: list[Any]) -> list[Any]:
    """Return the days from the first to the last with repairs, always holding day 0."""
    kept = [d for d in days if d.repairs or d.days == 0]
    if not kept:
        return []
    low, high = min(d.days for d in kept), max(d.days for d in kept)
    return [d for d in days if low <= d.days <= high]


def chart(name: str, r: InsightsRead, t: Translate, tag: str) -> dict[str, Any]:
    """Return one of the dashboard's charts by name, in the reader's language and locale."""
    median, p90 = t(N_("Median")), t(N_("90th percentile"))
    if name == "problems" and not r.problems_rated:
        values = [{"label": m.model, "n": m.reports} for m in r.problems[:MODELS_SHOWN]]
        return _bars(values, t(N_("Repairs opened")), t(N_("Phone model")), ",d", t, tag, name)
    if name == "problems":
        values = [{"label": m.model, "n": m.per_thousand or 0.0}
                  for m in r.problems[:MODELS_SHOWN] if m.per_thousand is not None]  # fmt: skip
        return _bars(values, t(N_("Per 1,000 phones in use")), t(N_("Phone model")), ",.1f",
                     t, tag, name)  # fmt: skip
    if name == "turnaround":
        tat = r.turnaround
        return _histogram(_days_values(tat.days, CAP), t(N_("Working days")), t, tag, name,
                          [(median, tat.median), (p90, tat.p90)])  # fmt: skip
    if name == "steps":
        values = [{"label": t(STEP_WORDS[s.step]), "n": s.mean_days or 0.0}
                  for s in r.turnaround.steps]  # fmt: skip
        return _bars(values, t(N_("Working days per repair")), t(N_("Step")), ",.1f", t, tag,
                     name, color=GREY)  # fmt: skip
    if name == "sla":
        month, share = t(N_("Month")), t(N_("Within the SLA"))
        values = [{"x": m.month.isoformat(), "share": m.rate, "n": m.measured}
                  for m in r.sla.months if m.rate is not None]  # fmt: skip
        line = (
            alt.Chart(alt.Data(values=values))
            .mark_line(color=OK, point=True)
            .encode(
                x=alt.X("x:T", title=month, axis=alt.Axis(format="%b %Y", labelOverlap=True,
                                                          tickCount="month")),
                y=alt.Y("share:Q", title=share, axis=alt.Axis(format=".0%"),
                        scale=alt.Scale(domain=[0, 1])),
                tooltip=[alt.Tooltip("x:T", title=month, format="%b %Y"),
                         alt.Tooltip("share:Q", title=share, format=".1%"),
                         alt.Tooltip("n:Q", title=t(N_("Repairs measured")), format=",d")],
            )
        )  # fmt: skip
        return _finish(line, t(TITLES[name]), tag)
    if name == "backlog":
        values = [{"label": t(STATUS_WORDS.get(s.key, s.key)), "n": s.repairs}
                  for s in r.backlog.by_status]  # fmt: skip
        return _bars(values, t(N_("Open repairs")), t(N_("Status")), ",d", t, tag, name)
    if name == "age":
        values = [{"label": t(AGE_WORDS[a.key]), "n": a.repairs} for a in r.backlog.by_age]
        return _bars(values, t(N_("Open repairs")), t(N_("Age")), ",d", t, tag, name, WARN)
    if name == "fixes":
        f = r.first_time_fix
        values = [
            {"label": t(N_("Fixed the first time")), "n": f.rate},
            {"label": t(N_("Back within 90 days")),
             "n": f.came_back / f.closed if f.closed else None},
            {"label": t(N_("Repeat repairs among those opened")), "n": f.repeat_rate},
        ]  # fmt: skip
        shown = [v for v in values if v["n"] is not None]
        return _bars(shown, t(N_("Share")), "", ".0%", t, tag, name, color=OK)
    if name == "offline":
        off = r.contacts.offline
        return _histogram(_days_values(off.days, CAP), t(N_("Calendar days")), t, tag, name,
                          [(median, off.median), (p90, off.p90)])  # fmt: skip
    if name == "satisfaction":
        values = [{"label": t(N_("%(range)s working days")) % {"range": b.bucket}, "n": b.rate}
                  for b in r.satisfaction.by_turnaround if b.rate is not None]  # fmt: skip
        return _bars(values, t(N_("Top-2-box share")), t(N_("Turnaround")), ".0%", t, tag, name)
    if name == "expected":
        values = _days_values(_trimmed(r.expected.errors), None)
        return _histogram(values, t(N_("Working days late (negative: early)")), t, tag, name,
                          [(median, r.expected.median_days_late)])  # fmt: skip
    raise KeyError(name)


def fault_word(code: str) -> str:
    """Return the catalogue message naming a fault category (the code if unknown)."""
    return FAULTS.get(code, code)


def kept_chart(name: str, r: InsightsRead, t: Translate, tag: str, lang: str) -> dict[str, Any]:
    """Return `chart(...)`, built once per chart, figures, language and locale (read only)."""
    key = repr(("insights-spec", name, lang, tag, r.model_dump_json()))
    return kept(key, lambda: chart(name, r, t, tag))
