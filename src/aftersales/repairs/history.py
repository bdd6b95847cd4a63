"""Comparable closed repairs' stays at each step, read from their events (for repairs.eta).

A stay is one entry into a status before the phone was ready: the working days until the
next status and until ready, counted at the repair's own centre (its calendar and week).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import ServiceCentre
from aftersales.kernel.clock import local_date
from aftersales.kernel.workdays import workdays_between_many
from aftersales.repairs.eta import MIN_SAMPLES, RECENT, Group, Visit
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.repairs.states import READY_STATES


@dataclass(frozen=True)
class Closed:
    """A comparable closed repair: what it shares with others and its calendar."""

    id: int
    model_id: int
    centre_id: int
    country: str
    week: str
    timezone: str
    ready_at: datetime


def comparable_visits(
    session: Session, repair: RepairOrder, now: datetime, step: str
) -> tuple[list[Visit], Group]:
    """Return the stays of the narrowest group of comparable repairs with enough at `step`."""
    same_fault = _closed(session, repair, now, RepairOrder.fault_category == repair.fault_category)
    m, c = repair.model_id, repair.centre_id
    chosen = _narrowest(
        session,
        step,
        (
            (
                Group.model_fault_centre,
                [r for r in same_fault if r.model_id == m and r.centre_id == c],
            ),
            (Group.model_fault, [r for r in same_fault if r.model_id == m]),
            (Group.fault_centre, [r for r in same_fault if r.centre_id == c]),
            (Group.fault_brand, same_fault),
        ),
    )
    if chosen is not None:
        return chosen
    any_fault = _closed(session, repair, now, None)
    chosen = _narrowest(
        session,
        step,
        ((Group.centre, [r for r in any_fault if r.centre_id == c]), (Group.brand, any_fault)),
    )
    return chosen or ([], Group.none)


def entered_step_at(session: Session, repair: RepairOrder) -> datetime | None:
    """Return when the repair entered its current status (its last status event)."""
    return session.scalar(
        select(RepairEvent.at)
        .where(RepairEvent.repair_id == repair.id, RepairEvent.to_status.is_not(None))
        .order_by(RepairEvent.at.desc(), RepairEvent.id.desc())
        .limit(1)
    )


def _narrowest(
    session: Session, step: str, groups: Iterable[tuple[Group, list[Closed]]]
) -> tuple[list[Visit], Group] | None:
    """Return the first group whose repairs stayed at `step` at least MIN_SAMPLES times."""
    cache: dict[int, list[Visit]] = {}
    for group, repairs in groups:
        if len(repairs) < MIN_SAMPLES:
            continue
        missing = [r for r in repairs if r.id not in cache]
        cache.update(visits_of(session, missing))
        visits = [v for r in repairs for v in cache[r.id]]
        if sum(v.step == step for v in visits) >= MIN_SAMPLES:
            return visits, group
    return None


def _closed(
    session: Session, repair: RepairOrder, now: datetime, fault: ColumnElement[bool] | None
) -> list[Closed]:
    """Return the brand's repairs ready and closed before `now`, most recent first."""
    stmt = (
        select(
            RepairOrder.id,
            RepairOrder.model_id,
            RepairOrder.centre_id,
            RepairOrder.country,
            ServiceCentre.working_week,
            ServiceCentre.timezone,
            RepairOrder.ready_at,
        )
        .join(ServiceCentre, ServiceCentre.id == RepairOrder.centre_id)
        .where(
            RepairOrder.closed_at <= now,
            RepairOrder.brand_id == repair.brand_id,
            RepairOrder.ready_at.is_not(None),
        )
        .order_by(RepairOrder.closed_at.desc())
        .limit(RECENT)
    )
    if fault is not None:
        stmt = stmt.where(fault)
    return [Closed(i, m, c, co, w, tz, r) for i, m, c, co, w, tz, r in session.execute(stmt) if r]


def visits_of(session: Session, repairs: Sequence[Closed]) -> dict[int, list[Visit]]:
    """Return each closed repair's stays at its steps before it was ready."""
    if not repairs:
        return {}
    by_id = {r.id: r for r in repairs}
    entries: dict[int, list[tuple[str, date]]] = defaultdict(list)
    rows = session.execute(
        select(RepairEvent.repair_id, RepairEvent.to_status, RepairEvent.at)
        .where(RepairEvent.repair_id.in_(list(by_id)), RepairEvent.to_status.is_not(None))
        .order_by(RepairEvent.repair_id, RepairEvent.at, RepairEvent.id)
    ).tuples()
    for repair_id, status, at in rows:
        r = by_id[repair_id]
        if at < r.ready_at and status not in READY_STATES:
            entries[repair_id].append((str(status), local_date(at, r.timezone)))
    return _stays(by_id, entries)


def _stays(
    by_id: dict[int, Closed], entries: dict[int, list[tuple[str, date]]]
) -> dict[int, list[Visit]]:
    """Count the working days of every stay, one numpy call per calendar."""
    pairs: dict[tuple[str, str], list[tuple[int, str, date, date, date]]] = defaultdict(list)
    for rid, steps in entries.items():
        r = by_id[rid]
        ready = local_date(r.ready_at, r.timezone)
        for i, (status, day) in enumerate(steps):
            left = steps[i + 1][1] if i + 1 < len(steps) else ready
            pairs[(r.country, r.week)].append((rid, status, day, left, ready))
    out: dict[int, list[Visit]] = {rid: [] for rid in by_id}
    for (country, week), rows in pairs.items():
        starts = [day for _, _, day, _, _ in rows]
        stays = workdays_between_many(starts, [left for *_, left, _ in rows], country, week)
        to_ready = workdays_between_many(starts, [ready for *_, ready in rows], country, week)
        for (rid, status, *_), stay, rest in zip(rows, stays, to_ready, strict=True):
            out[rid].append(Visit(status, float(max(0, stay)), float(max(0, rest))))
    return out
