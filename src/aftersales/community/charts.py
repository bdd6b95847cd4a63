"""The community figures' charts as Vega-Lite specs, built with altair (decision 236).

"problems": the most asked model and fault pairs; "engineers": each model's questions by
whether an engineer answered, only owners did, or they still wait. Drawn in the browser by
vega-embed and, for readers without scripts, as SVG pictures (charting.images).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt

from aftersales.charting.kept import kept
from aftersales.charting.look import ACCENT, LIGHT, OK, WARN, count_axis
from aftersales.charting.look import finish as _finish
from aftersales.community.figures import Figures
from aftersales.kernel.i18n import N_
from aftersales.repairs.words import FAULTS

CHARTS = ("problems", "engineers")
TITLES = {
    "problems": N_("Most asked problems"),
    "engineers": N_("Questions answered by the brand's engineers, per model"),
}
TOP = 10  # model and fault pairs in the "problems" chart
Translate = Callable[[str], str]


def problem_rows(groups: list[Figures], t: Translate) -> list[dict[str, Any]]:
    """Return the bars of the most asked model and fault pairs, most asked first."""
    return [
        {
            "problem": f"{g.model_name} · {t(FAULTS.get(g.fault_category or '', 'Other'))}",
            "n": g.asked,
            "solved": g.solved,
        }
        for g in groups[:TOP]
    ]


def engineer_rows(groups: list[Figures], t: Translate) -> list[dict[str, Any]]:
    """Return each model's questions split by who answered them (stacked bars)."""
    kinds = (
        t(N_("An engineer answered")),
        t(N_("Only owners answered")),
        t(N_("Waiting for an engineer")),
    )
    per: dict[str, list[int]] = {}
    for g in groups:
        counts = per.setdefault(g.model_name or "", [0, 0, 0])
        counts[0] += g.staff_answered
        counts[2] += g.waiting
        counts[1] += g.asked - g.staff_answered - g.waiting
    return [
        {"model": model, "kind": kinds[i], "n": n, "order": i}
        for model, counts in sorted(per.items())
        for i, n in enumerate(counts)
        if n > 0
    ]


def chart(
    name: str, groups: list[Figures], t: Translate, tag: str, *, titled: bool = True
) -> dict[str, Any]:
    """Return one chart's spec in the reader's language and locale.

    `titled=False`: the page says the title above the chart, where it wraps on a phone.
    """
    spec = _chart(name, groups, t, tag)
    if not titled:
        spec.pop("title", None)
    return spec


def _chart(name: str, groups: list[Figures], t: Translate, tag: str) -> dict[str, Any]:
    """Return one chart's spec with its title."""
    title = t(TITLES[name])
    questions = t(N_("Questions"))
    if name == "problems":
        label = t(N_("Model and problem"))
        spec = (
            alt.Chart(alt.Data(values=(rows := problem_rows(groups, t))), title=title)
            .mark_bar(color=ACCENT)
            .encode(
                y=alt.Y("problem:N", sort=None, title=label, axis=alt.Axis(labelLimit=160)),
                x=alt.X("n:Q", title=questions, axis=count_axis(r["n"] for r in rows)),
                tooltip=[
                    alt.Tooltip("problem:N", title=label),
                    alt.Tooltip("n:Q", title=questions, format=",d"),
                    alt.Tooltip("solved:Q", title=t(N_("Questions solved")), format=",d"),
                ],
            )
        )
        return _finish(spec, title, tag, height=alt.Step(24))
    rows = engineer_rows(groups, t)
    domain = [
        t(N_("An engineer answered")),
        t(N_("Only owners answered")),
        t(N_("Waiting for an engineer")),
    ]
    model, who = t(N_("Model")), t(N_("Answered by"))
    spec = (
        alt.Chart(alt.Data(values=rows), title=title)
        .mark_bar()
        .encode(
            y=alt.Y("model:N", title=model, axis=alt.Axis(labelLimit=140)),
            x=alt.X("n:Q", title=questions, stack="zero", axis=count_axis(r["n"] for r in rows)),
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(domain=domain, range=[OK, LIGHT, WARN]),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=0),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("model:N", title=model),
                alt.Tooltip("kind:N", title=who),
                alt.Tooltip("n:Q", title=questions, format=",d"),
            ],
        )
    )
    return _finish(spec, title, tag, height=alt.Step(26))


def kept_chart(
    name: str, groups: list[Figures], t: Translate, tag: str, lang: str, *, titled: bool = True
) -> dict[str, Any]:
    """Return `chart(...)`, built once per chart, figures, language and locale (read only)."""
    key = repr(("community", name, lang, tag, titled, groups))
    return kept(key, lambda: chart(name, groups, t, tag, titled=titled))


ACCENTS = (ACCENT,)  # the site's link colour, kept for the legend's first entry
