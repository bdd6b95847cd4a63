"""What the forecast reads, as SQL aggregates: never one row per phone or repair in Python.

Every read takes the day the forecast is made for (`as_of`) and sees only what was known by
the end of it, so the back-test can make a forecast at a past date (bench/forecast_backtest).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from sqlalchemy import Date, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from aftersales.care.faults import FAULT_PART_KINDS
from aftersales.care.sql import day_number, greatest, months
from aftersales.devices.models import Phone
from aftersales.devices.stand_in import real_phone
from aftersales.inventory.models import StockLevel, StockLocation, SupplyLine, SupplyOrder
from aftersales.inventory.models import SupplyStatus as Supply
from aftersales.repairs.models import RepairOrder, RepairPart
from aftersales.repairs.parts import PartState
from aftersales.repairs.states import Outcome, Status
from aftersales.software.models import SoftwareSighting


def end_of(day: date) -> datetime:
    """Return the first instant after a day (UTC): what happened before it was known that day."""
    return datetime.combine(day + timedelta(days=1), time(0), UTC)


@dataclass(frozen=True)
class PhoneRows:
    """Phones grouped by model and by the months that tell their life (numpy columns).

    `entry`: age in months when registered; `last`: at the last sign of life; `now`: on the
    forecast's day; `seen`: whether anything was seen after the sale and registration.
    """

    model: np.ndarray
    entry: np.ndarray
    last: np.ndarray
    now: np.ndarray
    seen: np.ndarray
    n: np.ndarray


def phone_rows(session: Session, as_of: date) -> PhoneRows:
    """Return every phone known by `as_of`, grouped, with its last sign of life.

    The last sign is the latest of the sale, the registration, its repairs (opened, closed;
    a repair still open that day means the phone is with the service) and its software
    sightings.
    """
    end, today = end_of(as_of), day_number(literal(as_of, Date))
    closed_by_then = and_(RepairOrder.closed_at.is_not(None), RepairOrder.closed_at < end)
    repair_sign = case((closed_by_then, day_number(RepairOrder.closed_at)), else_=today)
    repairs = (
        select(RepairOrder.phone_id, func.max(repair_sign).label("day"))
        .where(RepairOrder.created_at < end)
        .group_by(RepairOrder.phone_id)
        .subquery()
    )
    sightings = (
        select(SoftwareSighting.phone_id, func.max(SoftwareSighting.seen_date).label("on"))
        .where(SoftwareSighting.seen_date <= as_of)
        .group_by(SoftwareSighting.phone_id)
        .subquery()
    )
    seen_day = day_number(func.coalesce(sightings.c.on, literal(date(1970, 1, 1), Date)))
    start = day_number(func.coalesce(Phone.purchase_date, Phone.created_at))
    registered = day_number(Phone.created_at)
    repair_day = func.coalesce(repairs.c.day, start)
    phones = (
        select(
            Phone.model_id,
            start.label("start"),
            registered.label("reg"),
            greatest(start, registered, repair_day, seen_day).label("last"),
        )
        .outerjoin(repairs, repairs.c.phone_id == Phone.id)
        .outerjoin(sightings, sightings.c.phone_id == Phone.id)
        .where(
            Phone.created_at < end,
            func.coalesce(Phone.purchase_date, as_of) <= as_of,
            real_phone(),  # a stand-in is one imported repair's, not a phone in use
        )
        .subquery()
    )
    p = phones.c
    cols = (
        p.model_id,
        months(p.reg - p.start).label("entry"),
        months(p.last - p.start).label("last"),
        months(today - p.start).label("now"),
        case((p.last > greatest(p.start, p.reg), 1), else_=0).label("seen"),
    )
    rows = session.execute(select(*cols, func.count()).group_by(*cols)).all()
    a = np.array(rows, dtype=np.int64).reshape(-1, 6)
    return PhoneRows(a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4].astype(bool), a[:, 5] * 1.0)


def history_starts(session: Session, as_of: date) -> dict[int, date]:
    """Return, per brand, the day its first repair closed: its parts history's start.

    Uses are counted when repairs close; from the first opening instead, the weeks before
    the first closing would count phone-years with no chance of a use.
    """
    first = func.min(RepairOrder.closed_at)
    stmt = (
        select(RepairOrder.brand_id, first)
        .where(RepairOrder.closed_at < end_of(as_of))
        .group_by(RepairOrder.brand_id)
    )
    return {brand: at.date() for brand, at in session.execute(stmt)}


@dataclass(frozen=True)
class Used:
    """Parts used, counted by model and age in months: by part (tracked) or by kind (before)."""

    by_part: list[tuple[int, int, int, float]]  # model, part, age in months, quantity
    by_kind: list[tuple[int, str, int, float]]  # model, part kind, age in months, quantity


def parts_used(
    session: Session, since: date | None, until: date, phones_by: date | None = None
) -> Used:
    """Return the parts repairs used after `since` (exclusive) until the end of `until`.

    Tracked: `repair_part` rows used. Before a centre tracked parts (its first request),
    a closed, repaired repair counts the part kinds its fault maps to (care.faults).
    `phones_by`: only phones registered by then (the back-test's actuals).
    """
    end = end_of(until)
    start = day_number(func.coalesce(Phone.purchase_date, Phone.created_at))
    low = end_of(since) if since is not None else datetime(1970, 1, 1, tzinfo=UTC)
    known = [Phone.created_at < end_of(phones_by)] if phones_by is not None else []
    age = months(day_number(RepairPart.done_at) - start).label("age")
    tracked = (
        select(RepairOrder.model_id, RepairPart.part_id, age, func.sum(RepairPart.quantity))
        .join(RepairOrder, RepairOrder.id == RepairPart.repair_id)
        .join(Phone, Phone.id == RepairOrder.phone_id)
        .where(
            RepairPart.state == PartState.used,
            RepairPart.done_at >= low,
            RepairPart.done_at < end,
            *known,
        )
        .group_by(RepairOrder.model_id, RepairPart.part_id, age)
    )
    since_tracked = (
        select(StockLocation.centre_id, func.min(RepairPart.requested_at).label("at"))
        .join(StockLocation, StockLocation.id == RepairPart.location_id)
        .where(StockLocation.centre_id.is_not(None), RepairPart.requested_at < end)
        .group_by(StockLocation.centre_id)
        .subquery()
    )
    age = months(day_number(RepairOrder.closed_at) - start).label("age")
    fault = RepairOrder.fault_category
    before = (
        select(RepairOrder.model_id, fault, age, func.count())
        .join(Phone, Phone.id == RepairOrder.phone_id)
        .outerjoin(since_tracked, since_tracked.c.centre_id == RepairOrder.centre_id)
        .where(
            RepairOrder.status == Status.closed,
            RepairOrder.outcome == Outcome.repaired,
            fault.in_(list(FAULT_PART_KINDS)),
            RepairOrder.closed_at >= low,
            RepairOrder.closed_at < end,
            or_(since_tracked.c.at.is_(None), RepairOrder.closed_at < since_tracked.c.at),
            *known,
        )
        .group_by(RepairOrder.model_id, fault, age)
    )
    by_kind = [
        (model, kind, months_old, count / len(FAULT_PART_KINDS[f]))
        for model, f, months_old, count in session.execute(before)
        for kind in FAULT_PART_KINDS[f]
    ]
    return Used([tuple(r) for r in session.execute(tracked)], by_kind)


@dataclass(frozen=True)
class Stock:
    """Per part: available across all places, and still to come on open supply orders."""

    available: dict[int, int]
    on_order: dict[int, int]


def stock(session: Session) -> Stock:
    """Return the parts available and on order, net of the back-orders already waiting."""
    available = select(StockLevel.part_id, func.sum(StockLevel.on_hand - StockLevel.reserved))
    outstanding = (
        select(SupplyLine.part_id, func.sum(SupplyLine.quantity - SupplyLine.received))
        .join(SupplyOrder, SupplyOrder.id == SupplyLine.order_id)
        .where(SupplyOrder.status.in_((Supply.open, Supply.partly_received)))
        .group_by(SupplyLine.part_id)
    )
    waiting = (
        select(RepairPart.part_id, func.sum(RepairPart.quantity))
        .where(RepairPart.state == PartState.back_ordered)
        .group_by(RepairPart.part_id)
    )
    owed = {part: count for part, count in session.execute(waiting)}
    coming = {
        part: max(0, int(count) - int(owed.get(part, 0)))
        for part, count in session.execute(outstanding)
    }
    have = session.execute(available.group_by(StockLevel.part_id))
    return Stock({part: int(count) for part, count in have}, coming)
