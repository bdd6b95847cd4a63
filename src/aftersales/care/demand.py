"""Each (model, part) the catalogue fits: its uses seen, its rate, its demand; then each part
against its stock, with the runway and, where production ends, the last batch.

A model's uses of a part are the repairs that used it (tracked) plus, before its centre
tracked parts, the repairs whose fault maps to the part's kind, shared equally among the
model's parts of that kind (care.faults). The prior of a model's rate is its brand's uses
of the kind per phone-year in the band, pooled with the brand's at all ages and the
platform's (care.forecast.blend, decision 172).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.care import forecast as fc
from aftersales.care import history
from aftersales.inventory.models import Part, part_fit
from aftersales.support.models import BrandExit

Bands = dict[tuple[int, str], np.ndarray]


@dataclass(frozen=True)
class Exposure:
    """What one model brings to its parts: phone-years in use seen, phones in use ahead."""

    brand_id: int
    phone_years: np.ndarray  # per band, over the brand's repair history
    future: np.ndarray  # [month ahead, band]
    future_sd: np.ndarray  # per month ahead
    horizon_end: date | None
    horizon_basis: str


@dataclass(frozen=True)
class Outlook:
    """One model's demand for one part until the horizon, and the part's stock position."""

    model_id: int
    part_id: int
    horizon_end: date | None
    horizon_basis: str
    expected: int
    upper80: int
    upper95: int
    uses_seen: float
    phone_years: float
    part_upper95: int = 0
    available: int = 0
    on_order: int = 0
    runway_months: float | None = None
    last_batch: int | None = None
    last_batch_reason: str | None = None


def _zeros() -> np.ndarray:
    return np.zeros(fc.BANDS)


def _uses(used: history.Used) -> tuple[dict[tuple[int, int], np.ndarray], Bands]:
    """Return uses per band: tracked by (model, part), from faults by (model, kind)."""
    tracked: dict[tuple[int, int], np.ndarray] = defaultdict(_zeros)
    for mid, pid, age, qty in used.by_part:
        tracked[(mid, pid)] += fc.by_band(np.array([age]), np.array([float(qty)]))
    proxy: Bands = defaultdict(_zeros)
    for mid, kind, age, share in used.by_kind:
        proxy[(mid, kind)] += fc.by_band(np.array([age]), np.array([share]))
    return tracked, proxy


def _priors(kind_uses: Bands, models: dict[int, Exposure]) -> Bands:
    """Return each brand's uses per phone-year by kind and band, pooled up to the platform."""
    uses: dict[tuple[int | None, str], np.ndarray] = defaultdict(_zeros)
    for (mid, kind), v in kind_uses.items():
        uses[(models[mid].brand_id, kind)] += v
        uses[(None, kind)] += v
    years: dict[int | None, np.ndarray] = defaultdict(_zeros)
    for m in models.values():
        years[m.brand_id] += m.phone_years
        years[None] += m.phone_years
    out: Bands = {}
    for kind in {k for _, k in uses}:
        everyone = uses[(None, kind)].sum() / max(years[None].sum(), 1e-9)
        for brand in {m.brand_id for m in models.values()}:
            own, seen = uses[(brand, kind)], years[brand]
            all_ages = fc.blend(own.sum(), seen.sum(), everyone)
            out[(brand, kind)] = fc.blend(own, seen, all_ages)
    return out


@dataclass(frozen=True)
class Catalogue:
    """The parts in the catalogue, the (model, part) pairs they fit, and how many parts of a
    kind each model has (its fault-counted uses are shared among them)."""

    parts: dict[int, Part]
    fits: list[tuple[int, int]]
    share: dict[tuple[int, str], int]

    def uses(
        self, tracked: dict[tuple[int, int], np.ndarray], proxy: Bands
    ) -> dict[tuple[int, int], np.ndarray]:
        """Return each fitted pair's uses per band: tracked, plus its share of the fault-counted."""
        out = {}
        for mid, pid in self.fits:
            kind = self.parts[pid].kind
            own = tracked.get((mid, pid), _zeros())
            out[(mid, pid)] = own + proxy.get((mid, kind), _zeros()) / self.share[(mid, kind)]
        return out


def catalogue(session: Session, model_ids: set[int]) -> Catalogue:
    """Return the parts on sale (not retired) and the pairs they fit among these models."""
    parts = {p.id: p for p in session.scalars(select(Part).where(Part.retired_at.is_(None)))}
    fits = sorted((mid, pid) for pid, mid in session.execute(select(part_fit))
                  if pid in parts and mid in model_ids)  # fmt: skip
    share: dict[tuple[int, str], int] = defaultdict(int)
    for mid, pid in fits:
        share[(mid, parts[pid].kind)] += 1
    return Catalogue(parts, fits, share)


def uses_by_part(
    session: Session, used: history.Used, model_ids: set[int]
) -> dict[tuple[int, int], float]:
    """Return the uses of each fitted (model, part), counted as the forecast counts them."""
    return {k: float(v.sum()) for k, v in catalogue(session, model_ids).uses(*_uses(used)).items()}


def outlooks(
    session: Session, models: dict[int, Exposure], used: history.Used
) -> tuple[list[Outlook], dict[tuple[int, int], fc.Demand]]:
    """Return the outlook of every (model, part) fitted, with its demand, before the stock."""
    cat = catalogue(session, set(models))
    tracked, proxy = _uses(used)
    kind_uses: Bands = defaultdict(_zeros, proxy)
    for (mid, pid), v in tracked.items():
        if pid in cat.parts and mid in models:
            kind_uses[(mid, cat.parts[pid].kind)] = kind_uses[(mid, cat.parts[pid].kind)] + v
    priors = _priors({k: v for k, v in kind_uses.items() if k[0] in models}, models)
    found, demands = [], {}
    for (mid, pid), uses in cat.uses(tracked, proxy).items():
        m, kind = models[mid], cat.parts[pid].kind
        prior = priors.get((m.brand_id, kind), _zeros()) / cat.share[(mid, kind)]
        demands[(mid, pid)] = d = fc.demand(fc.rate(uses, m.phone_years, prior), m.future,
                                            m.future_sd)  # fmt: skip
        e, u80, u95 = fc.bounds(d)
        found.append(Outlook(mid, pid, m.horizon_end, m.horizon_basis, e, u80, u95,
                             float(uses.sum()), float(m.phone_years.sum())))  # fmt: skip
    return found, demands


def against_stock(
    session: Session, found: list[Outlook], demands: dict[tuple[int, int], fc.Demand]
) -> list[Outlook]:
    """Return the outlooks with each part's stock set against the demand of all its models."""
    have = history.stock(session)
    ids = {o.part_id for o in found}
    parts = {p.id: p for p in session.scalars(select(Part).where(Part.id.in_(ids)))}
    left = set(session.scalars(select(BrandExit.brand_id)))
    total: dict[int, fc.Demand] = defaultdict(lambda: fc.NO_DEMAND)
    for (_, pid), d in demands.items():
        total[pid] = total[pid] + d
    out = []
    for o in found:
        part = parts[o.part_id]
        available, coming = have.available.get(part.id, 0), have.on_order.get(part.id, 0)
        upper95 = fc.bounds(total[part.id])[2]
        reason = ("brand_exit" if part.brand_id in left
                  else "production_ends" if part.production_ends_on else None)  # fmt: skip
        out.append(replace(
            o, part_upper95=upper95, available=available, on_order=coming,
            runway_months=fc.runway(total[part.id].monthly, available + coming),
            last_batch=fc.last_batch(upper95, available, coming) if reason else None,
            last_batch_reason=reason,
        ))  # fmt: skip
    return out
