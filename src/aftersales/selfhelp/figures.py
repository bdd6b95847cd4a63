"""The self-help figures for pages: deflection per model and fault, and their chart (altair)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import altair as alt
from sqlalchemy.orm import Session

from aftersales.catalog import queries as catalogue
from aftersales.charting.look import ACCENT
from aftersales.charting.look import finish as _finish
from aftersales.kernel.i18n import N_
from aftersales.repairs.words import FAULTS
from aftersales.selfhelp.service import Deflection, deflection

TITLE = N_("Solved without a repair, per model")
Translate = Callable[[str], str]


@dataclass(frozen=True)
class Figures:
    """A brand's deflection over a period: whole, per model (named) and per fault."""

    since: date
    until: date
    whole: Deflection
    models: list[tuple[str, Deflection]]
    faults: list[tuple[str, Deflection]]


def period(today: date, since: date | None = None, until: date | None = None) -> tuple[date, date]:
    """Return the period asked for, by default the 90 days up to today."""
    last = until or today
    return since or last - timedelta(days=89), last


def brand_figures(session: Session, brand_id: int, since: date, until: date) -> Figures:
    """Return the brand's figures: three grouped queries and the models' names."""
    start = datetime.combine(since, time.min, UTC)
    end = datetime.combine(until + timedelta(days=1), time.min, UTC)
    whole = deflection(session, brand_id, start, end)
    names = {m.id: m.name for m in catalogue.list_models(session, brand_id)}
    models = [
        (names.get(int(d.key), "?") if d.key is not None else "—", d)  # type: ignore[call-overload]
        for d in deflection(session, brand_id, start, end, "model")
    ]
    faults = [
        (str(d.key or "other"), d)
        for d in deflection(session, brand_id, start, end, "fault_category")
    ]
    return Figures(since, until, whole[0] if whole else Deflection(None, 0, 0), models, faults)


def chart(figures: Figures, t: Translate, tag: str) -> dict[str, Any]:
    """Return the share solved without a repair per model as horizontal bars."""
    model, share, tried = t(N_("Model")), t(N_("Solved without a repair")), t(N_("Tried"))
    values = [
        {"model": name, "rate": d.rate or 0.0, "tried": d.tried} for name, d in figures.models
    ]
    bars = (
        alt.Chart(alt.Data(values=values), title=t(TITLE))
        .mark_bar(color=ACCENT)
        .encode(
            y=alt.Y("model:N", sort="-x", title=model),
            x=alt.X(
                "rate:Q", title=share, axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])
            ),
            tooltip=[
                alt.Tooltip("model:N", title=model),
                alt.Tooltip("rate:Q", title=share, format=".0%"),
                alt.Tooltip("tried:Q", title=tried, format=",d"),
            ],
        )
    )
    return _finish(bars, t(TITLE), tag, height=max(80, 28 * len(values)))


def fault_name(code: str) -> str:
    """Return the catalogue message naming a fault category."""
    return FAULTS.get(code, FAULTS["other"])
