"""The forecast for every model and part on a day: phones in use, then parts against stock.

Reads everything with a handful of aggregate queries (care.history), then works per model
on those aggregates; nothing here writes (care.nightly stores, the back-test compares).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.care import forecast as fc
from aftersales.care import history, lifetime
from aftersales.care.demand import Exposure, Outlook, against_stock, outlooks
from aftersales.care.horizon import Horizon, horizons
from aftersales.care.sql import MONTH_DEN, MONTH_NUM
from aftersales.catalog.models import PhoneModel

MONTH_DAYS = MONTH_DEN / MONTH_NUM


def month_day(as_of: date, t: int) -> date:
    """Return the day t months after (before, t < 0) the forecast's day."""
    return as_of + timedelta(days=round(t * MONTH_DAYS))


def months_until(as_of: date, day: date) -> int:
    """Return the whole months from the forecast's day until a day (0 when it is past)."""
    return max(0, math.ceil((day - as_of).days / MONTH_DAYS))


@dataclass(frozen=True)
class InUse:
    """A model's phones in use on the day, and the life it rests on."""

    model_id: int
    expected: int
    low: int
    high: int
    method: str
    phones_seen: int
    events: int
    median_months: float
    shape: float


@dataclass
class Forecast:
    """Everything computed for a day; `demand` per (model, part), for the back-test."""

    as_of: date
    in_use: dict[int, InUse] = field(default_factory=dict)
    curves: dict[int, list[tuple[date, int, int, int]]] = field(default_factory=dict)
    outlooks: list[Outlook] = field(default_factory=list)
    demand: dict[tuple[int, int], fc.Demand] = field(default_factory=dict)


def _rounded(v: tuple[float, float, float]) -> tuple[int, int, int]:
    """Return expected (rounded), low (down) and high (up) as whole phones."""
    return round(v[0]), math.floor(v[1]), math.ceil(v[2])


def _ahead(a: lifetime.Alive, horizon: Horizon, as_of: date, months: int | None) -> int:
    """Return the months the parts forecast looks ahead."""
    if months is not None:
        return months
    if horizon.until is not None:
        return min(months_until(as_of, horizon.until), fc.HORIZON_CAP_MONTHS)
    # Until no longer in use: until fewer than one phone is expected, at most the cap.
    below = np.where(a.expected[1 - a.first :] < 1)[0]
    return int(below[0]) + 1 if below.size else fc.HORIZON_CAP_MONTHS


def _model(
    fcst: Forecast, m: PhoneModel, g: lifetime.Groups, life: lifetime.Life,
    history_months: int, horizon: Horizon, months: int | None,
) -> Exposure:  # fmt: skip
    """Store the model's phones in use and curve; return what its parts forecast needs."""
    as_of, oldest = fcst.as_of, int(g.now.max()) if len(g.n) else 0
    ahead = months if months is not None else fc.HORIZON_CAP_MONTHS
    a = lifetime.alive(g, life, -max(oldest + 1, history_months), ahead, fc.BANDS)
    k = _ahead(a, horizon, as_of, months)
    now = _rounded(a.at(0))
    fcst.in_use[m.id] = InUse(m.id, *now, life.method, g.phones, life.events,
                              round(life.median, 2), round(life.shape, 3))  # fmt: skip
    if len(g.n):
        days = range(-oldest - 1, max(k, 0) + 1)  # from the month before the first sale
        fcst.curves[m.id] = [(month_day(as_of, t), *_rounded(a.at(t))) for t in days]
    zero = -a.first  # the row of month 0, the forecast's day
    seen = a.by_band[zero - history_months + 1 : zero + 1] if history_months else a.by_band[:0]
    end = horizon.until if horizon.until is not None and months is None else month_day(as_of, k)
    return Exposure(m.brand_id, seen.sum(axis=0) / 12, a.by_band[zero + 1 : zero + 1 + k],
                    a.sd(np.arange(1, k + 1)), end, horizon.basis)  # fmt: skip


def compute(session: Session, as_of: date, months: int | None = None) -> Forecast:
    """Return the forecast made on `as_of` with what was known then.

    `months`: forecast the parts that many months ahead (the back-test) instead of until
    each model's parts horizon.
    """
    fcst = Forecast(as_of)
    rows = history.phone_rows(session, as_of)
    models = list(session.scalars(select(PhoneModel).order_by(PhoneModel.id)))
    starts = history.history_starts(session, as_of)
    found = horizons(session, models, as_of) if months is None else {}
    exposure: dict[int, Exposure] = {}
    for brand_id in sorted({m.brand_id for m in models}):
        own = [m for m in models if m.brand_id == brand_id]
        brand = _groups(rows, np.isin(rows.model, [m.id for m in own]))
        cache: dict[str, lifetime.Life | None] = {}  # the brand's pooled fit, made once
        start = starts.get(brand_id)
        span = months_until(start, as_of) if start else 0
        for m in own:
            g = _groups(rows, rows.model == m.id)
            life = lifetime.choose(g, brand, cache)
            horizon = found.get(m.id, Horizon("none", None))
            exposure[m.id] = _model(fcst, m, g, life, span, horizon, months)
    used = history.parts_used(session, None, as_of)
    found_outlooks, fcst.demand = outlooks(session, exposure, used)
    fcst.outlooks = against_stock(session, found_outlooks, fcst.demand)
    return fcst


def _groups(rows: history.PhoneRows, mask: np.ndarray) -> lifetime.Groups:
    return lifetime.Groups(rows.entry[mask], rows.last[mask], rows.now[mask], rows.seen[mask],
                           rows.n[mask])  # fmt: skip
