"""What the dashboard reads of the forecast: the stored results of the last nightly run.

Each function is one query for all the models asked; a model the job has not computed yet
is missing from the answer (the page says so), never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.care.models import CareInUse, CareInUsePoint, CarePartOutlook


@dataclass(frozen=True)
class InUse:
    """A model's phones expected in use, with its 80% range and how it was estimated.

    `method`: "fitted_model" (its own phones' life), "fitted_brand" (its brand's phones,
    pooled) or "default" (the stated default life). `events`: phones counted retired in that
    fit; `median_months` and `shape`: the life's Weibull median and shape.
    """

    model_id: int
    expected: int
    low: int
    high: int
    method: str
    phones_seen: int
    computed_on: date
    events: int
    median_months: float
    shape: float


@dataclass(frozen=True)
class PartOutlook:
    """One model's need of a part until the horizon, and the part's stock against it.

    `expected`, `upper80`, `upper95`: this model's uses until `horizon_end`. `available`,
    `on_order`, `runway_months` (None: lasts past the horizon), `last_batch` (only when the
    brand left the market or the part's production ends; `last_batch_reason` says which:
    "brand_exit" | "production_ends") and `part_upper95` are the part's, over all the models
    it fits. `horizon_basis`: "date" | "open" | "in_use" | "none" (care.horizon).
    """

    model_id: int
    part_id: int
    horizon_end: date | None
    expected: int
    upper80: int
    upper95: int
    available: int
    on_order: int
    runway_months: float | None
    last_batch: int | None
    computed_on: date
    horizon_basis: str
    last_batch_reason: str | None
    part_upper95: int
    uses_seen: float
    phone_years: float


def in_use(session: Session, model_ids: list[int]) -> dict[int, InUse]:
    """Return the phones in use of these models, by model."""
    if not model_ids:
        return {}
    rows = session.scalars(select(CareInUse).where(CareInUse.model_id.in_(set(model_ids))))
    return {
        r.model_id: InUse(
            r.model_id,
            r.expected,
            r.low,
            r.high,
            r.method,
            r.phones_seen,
            r.computed_on,
            r.events,
            r.median_months,
            r.shape,
        )
        for r in rows
    }


def parts(session: Session, model_ids: list[int]) -> dict[int, list[PartOutlook]]:
    """Return the part outlooks of these models, by model, each list by part id."""
    if not model_ids:
        return {}
    stmt = (
        select(CarePartOutlook)
        .where(CarePartOutlook.model_id.in_(set(model_ids)))
        .order_by(CarePartOutlook.model_id, CarePartOutlook.part_id)
    )
    found: dict[int, list[PartOutlook]] = {}
    for r in session.scalars(stmt):
        found.setdefault(r.model_id, []).append(
            PartOutlook(
                r.model_id, r.part_id, r.horizon_end, r.expected, r.upper80, r.upper95,
                r.available, r.on_order, r.runway_months, r.last_batch, r.computed_on,
                r.horizon_basis, r.last_batch_reason, r.part_upper95, r.uses_seen,
                r.phone_years,
            )
        )  # fmt: skip
    return found


def in_use_curve(session: Session, model_id: int) -> list[tuple[date, int, int, int]]:
    """Return a model's phones in use per month: (day, expected, low, high), oldest first."""
    stmt = (
        select(CareInUsePoint.day, CareInUsePoint.expected, CareInUsePoint.low,
               CareInUsePoint.high)
        .where(CareInUsePoint.model_id == model_id)
        .order_by(CareInUsePoint.day)
    )  # fmt: skip
    return [(d, e, lo, hi) for d, e, lo, hi in session.execute(stmt)]
