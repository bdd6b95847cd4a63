"""The dashboard's charts as Vega-Lite specs, built with altair (decision 193).

One definition serves the page (drawn in the browser by vega-embed), the picture for readers
without scripts and for print (charting.images, with vl-convert). Titles and axes come in the
reader's language, numbers and dates in their locale (`config.locale`, charting.locale).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import altair as alt
from babel import dates

from aftersales.care.dashboard import Series
from aftersales.care.runway import MONTH_DAYS
from aftersales.charting.kept import kept
from aftersales.charting.look import ACCENT, GREY, LIGHT, OK, count_axis
from aftersales.charting.look import finish as _finish
from aftersales.kernel.i18n import N_

CHARTS = ("phones", "repairs", "versions", "in_use", "runway")  # a model's page's, by name
TOP_VERSIONS = 8  # the versions named; the rest are summed as "other versions"
TITLES = {
    "phones": N_("Phones sold per quarter"),
    "repairs": N_("Repairs served per quarter"),
    "versions": N_("Phones by software version"),
    "in_use": N_("Phones still in use, expected"),
    "runway": N_("Parts runway in months"),
}
Translate = Callable[[str], str]


def quarter_label(quarter: date, tag: str) -> str:
    """Return a quarter as the reader writes it: Q2 2025, T2 2025."""
    return dates.format_date(quarter, "QQQ y", locale=tag.replace("-", "_"))


def _per_quarter(rows: list[tuple[date, int]], t: Translate, tag: str, name: str) -> dict[str, Any]:
    """Return bars of a count per quarter."""
    counted = t(N_("Phones")) if name == "phones" else t(N_("Repairs"))
    values = [{"quarter": quarter_label(q, tag), "n": n} for q, n in rows]
    quarter = t(N_("Quarter"))
    chart = (
        alt.Chart(alt.Data(values=values), title=t(TITLES[name]))
        .mark_bar(color=ACCENT)
        .encode(
            x=alt.X("quarter:O", sort=None, title=quarter,
                    axis=alt.Axis(labelAngle=-45, labelOverlap=True)),
            y=alt.Y("n:Q", title=counted, axis=count_axis(v["n"] for v in values)),
            tooltip=[alt.Tooltip("quarter:O", title=quarter),
                     alt.Tooltip("n:Q", title=counted, format=",d")],
        )
    )  # fmt: skip
    return _finish(chart, t(TITLES[name]), tag)


def version_rows(series: Series, latest: str | None, t: Translate) -> list[dict[str, Any]]:
    """Return the bars of the versions chart: the most run versions, the rest, the unknown."""
    states = {"latest": t(N_("Latest release")), "older": t(N_("Older release")),
              "unlisted": t(N_("Not on file")), "unknown": t(N_("Not known"))}  # fmt: skip
    known = [(v, n) for v, n in series.versions if v is not None]
    rows = []
    for version, n in known[:TOP_VERSIONS]:
        state = (
            "latest" if version == latest else "older" if version in series.listed else "unlisted"
        )
        rows.append({"version": version, "n": n, "state": states[state]})
    rest = sum(n for _, n in known[TOP_VERSIONS:])
    if rest:
        rows.append({"version": t(N_("Other versions")), "n": rest, "state": states["older"]})
    unknown = sum(n for v, n in series.versions if v is None)
    if unknown:
        rows.append({"version": t(N_("Not known")), "n": unknown, "state": states["unknown"]})
    return rows


def _versions(series: Series, latest: str | None, t: Translate, tag: str) -> dict[str, Any]:
    """Return horizontal bars of the phones per version, the latest release in green."""
    phones, version = t(N_("Phones")), t(N_("Version"))
    domain = [t(N_("Latest release")), t(N_("Older release")), t(N_("Not on file")),
              t(N_("Not known"))]  # fmt: skip
    chart = (
        alt.Chart(alt.Data(values=(rows := version_rows(series, latest, t))),
                  title=t(TITLES["versions"]))
        .mark_bar()
        .encode(
            y=alt.Y("version:N", sort=None, title=version, axis=alt.Axis(labelLimit=110)),
            x=alt.X("n:Q", title=phones, axis=count_axis(r["n"] for r in rows)),
            color=alt.Color("state:N", title=None,
                            scale=alt.Scale(domain=domain, range=[OK, ACCENT, GREY, LIGHT]),
                            legend=alt.Legend(orient="bottom", columns=1, labelLimit=0)),
            tooltip=[alt.Tooltip("version:N", title=version),
                     alt.Tooltip("n:Q", title=phones, format=",d"),
                     alt.Tooltip("state:N", title=t(N_("Release")))],
        )
    )  # fmt: skip
    return _finish(chart, t(TITLES["versions"]), tag, height=alt.Step(26))


def _in_use(series: Series, t: Translate, tag: str) -> dict[str, Any]:
    """Return the forecast's phones in use per month: a line in its 80% band."""
    values = [{"day": d.isoformat(), "n": e, "low": lo, "high": hi} for d, e, lo, hi in
              series.in_use]  # fmt: skip
    phones, month = t(N_("Phones in use")), t(N_("Month"))
    rng = t(N_("80% range"))
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X("day:T", title=month, axis=alt.Axis(format="%Y", labelOverlap=True))
    )
    band = base.mark_area(color=ACCENT, opacity=0.2).encode(
        y=alt.Y("low:Q", title=phones, axis=count_axis(v["high"] for v in values)),
        y2="high:Q",
    )
    line = base.mark_line(color=ACCENT).encode(
        y="n:Q",
        tooltip=[alt.Tooltip("day:T", title=month, format="%b %Y"),
                 alt.Tooltip("n:Q", title=phones, format=",d"),
                 alt.Tooltip("low:Q", title=f"{rng} ↓", format=",d"),
                 alt.Tooltip("high:Q", title=f"{rng} ↑", format=",d")],
    )  # fmt: skip
    return _finish(alt.layer(band, line, title=t(TITLES["in_use"])), t(TITLES["in_use"]), tag)


def runway_rows(series: Series, t: Translate) -> list[dict[str, Any]]:
    """Return the bars of the runway chart: months of stock per part; past the horizon, the
    months to the horizon (when a day says it), in green."""
    states = {"short": t(N_("Runs out")), "past": t(N_("Lasts past the horizon"))}
    rows = []
    for p in series.parts:
        o = p.outlook
        if o.runway_months is not None:
            months, state = o.runway_months, "short"
        else:
            end = o.horizon_end
            months = (end - o.computed_on).days / MONTH_DAYS if end else 0.0
            state = "past"
        rows.append({"part": p.number, "months": round(months, 1), "state": states[state]})
    return rows


def _runway(series: Series, t: Translate, tag: str) -> dict[str, Any]:
    """Return horizontal bars of each part's runway in months."""
    part, months = t(N_("Part")), t(N_("Months"))
    domain = [t(N_("Runs out")), t(N_("Lasts past the horizon"))]
    chart = (
        alt.Chart(alt.Data(values=runway_rows(series, t)), title=t(TITLES["runway"]))
        .mark_bar()
        .encode(
            y=alt.Y("part:N", sort=None, title=part, axis=alt.Axis(labelLimit=110)),
            x=alt.X("months:Q", title=months, axis=alt.Axis(format=",.0f")),
            color=alt.Color("state:N", title=None,
                            scale=alt.Scale(domain=domain, range=[ACCENT, OK]),
                            legend=alt.Legend(orient="bottom", columns=1, labelLimit=0)),
            tooltip=[alt.Tooltip("part:N", title=part),
                     alt.Tooltip("months:Q", title=months, format=",.1f"),
                     alt.Tooltip("state:N", title=t(N_("Runway")))],
        )
    )  # fmt: skip
    return _finish(chart, t(TITLES["runway"]), tag, height=alt.Step(26))


def chart(
    name: str, series: Series, latest: str | None, t: Translate, tag: str, *, titled: bool = True
) -> dict[str, Any]:
    """Return one chart of a model's page by name, in the reader's language and locale.

    `titled=False`: the page says the title above the chart, where it wraps on a phone.
    """
    if name == "phones":
        spec = _per_quarter(series.phones, t, tag, name)
    elif name == "repairs":
        spec = _per_quarter(series.repairs, t, tag, name)
    elif name == "versions":
        spec = _versions(series, latest, t, tag)
    elif name == "in_use":
        spec = _in_use(series, t, tag)
    elif name == "runway":
        spec = _runway(series, t, tag)
    else:
        raise KeyError(name)
    if not titled:
        spec.pop("title", None)
    return spec


def kept_chart(
    name: str,
    series: Series,
    latest: str | None,
    t: Translate,
    tag: str,
    lang: str,
    *,
    titled: bool = True,
) -> dict[str, Any]:
    """Return `chart(...)`, built once per chart, figures, language and locale (read only)."""
    key = repr(("spec", name, lang, tag, latest, titled, series))
    return kept(key, lambda: chart(name, series, latest, t, tag, titled=titled))
