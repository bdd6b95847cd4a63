"""An alert's chart: repairs per week against those expected, as a Vega-Lite spec (altair).

One definition serves the page (vega-embed), and the picture for readers without scripts
(charting.images); words in the reader's language, dates and numbers in their locale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt

from aftersales.charting.kept import kept
from aftersales.charting.look import ACCENT, GREY, count_axis
from aftersales.charting.look import finish as _finish
from aftersales.kernel.i18n import N_

TITLE = N_("Repairs per week, seen and expected")
Translate = Callable[[str], str]


def chart(
    weeks: list[dict[str, Any]], t: Translate, tag: str, *, titled: bool = True
) -> dict[str, Any]:
    """Return bars of the repairs seen each week and a line of those expected."""
    week, seen, expected = t(N_("Week")), t(N_("Repairs seen")), t(N_("Repairs expected"))
    values = [{"week": w["start"], "seen": w["observed"], "expected": round(w["expected"], 2)}
              for w in weeks]  # fmt: skip
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X("week:T", title=week, axis=alt.Axis(format="%d %b", labelOverlap=True))
    )
    tips = [alt.Tooltip("week:T", title=week, format="%d %b %Y"),
            alt.Tooltip("seen:Q", title=seen, format=",d"),
            alt.Tooltip("expected:Q", title=expected, format=",.1f")]  # fmt: skip
    bars = base.mark_bar(color=ACCENT, opacity=0.8).encode(
        y=alt.Y("seen:Q", title=t(N_("Repairs")), axis=count_axis(v["seen"] for v in values)),
        tooltip=tips,
    )
    line = base.mark_line(color=GREY, strokeDash=[4, 3], point=True).encode(
        y="expected:Q", tooltip=tips
    )
    spec = _finish(alt.layer(bars, line, title=t(TITLE)), t(TITLE), tag)
    if not titled:
        spec.pop("title", None)
    return spec


def kept_chart(
    alert_id: int,
    version: int,
    weeks: list[dict[str, Any]],
    t: Translate,
    tag: str,
    lang: str,
    *,
    titled: bool = True,
) -> dict[str, Any]:
    """Return `chart(...)`, built once per alert's version, language and locale (read only)."""
    key = repr(("defect-spec", alert_id, version, lang, tag, titled, len(weeks)))
    return kept(key, lambda: chart(weeks, t, tag, titled=titled))
