"""Read side of the commitment dashboard: counts from indexes, never the rows themselves.

Phones sold are counted from `ix_phone_model_purchase` (model, purchase day), repairs served
from `ix_repair_order_model_closed` (closed repairs by model and closing time), parts waits
from the partial indexes of back-ordered parts (decision 196). Each function takes a page of
models at once: one statement for them all, never one per model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Date, cast, func, literal, select
from sqlalchemy.orm import Session

from aftersales.care.sql import day_number
from aftersales.catalog.models import PhoneModel, ServiceCentre
from aftersales.devices.models import Phone
from aftersales.devices.stand_in import stand_in
from aftersales.inventory.models import Part
from aftersales.kernel.clock import local_date
from aftersales.repairs.models import RepairOrder, RepairPart
from aftersales.software.models import SoftwareRelease

CLOSED = "closed"  # a repair served: closed with the phone back, not cancelled
BACK_ORDERED = "back_ordered"  # repairs.parts.PartState: still waiting for its supply line


def models_page(
    session: Session, brand_id: int, limit: int, offset: int
) -> tuple[list[PhoneModel], int]:
    """Return a page of the brand's models by name, and how many it has."""
    where = PhoneModel.brand_id == brand_id
    total = session.scalar(select(func.count()).select_from(PhoneModel).where(where)) or 0
    stmt = select(PhoneModel).where(where).order_by(PhoneModel.name, PhoneModel.id)
    return list(session.scalars(stmt.limit(limit).offset(offset))), total


def repairs_served(session: Session, model_ids: Sequence[int]) -> dict[int, int]:
    """Return how many repairs of each model were closed (served), from the index alone."""
    stmt = (
        select(RepairOrder.model_id, func.count())
        .where(RepairOrder.model_id.in_(sorted(set(model_ids))), RepairOrder.status == CLOSED)
        .group_by(RepairOrder.model_id)
    )
    found = {m: 0 for m in model_ids}
    found.update(dict(session.execute(stmt).tuples().all()))
    return found


def phones_by_day(session: Session, model_id: int) -> list[tuple[date | None, int]]:
    """Return a model's phones counted per purchase day (None: bought on a day not known)."""
    stmt = (
        select(Phone.purchase_date, func.count())
        .where(Phone.model_id == model_id)
        .group_by(Phone.purchase_date)
    )
    rows = list(session.execute(stmt).tuples())
    # An imported repair's stand-in (no purchase day) is no phone: counted apart from the
    # grouping above, which reads only its index.
    extra = session.scalar(select(func.count()).where(Phone.model_id == model_id, stand_in()))
    if not extra:
        return rows
    return [(d, n - extra if d is None else n) for d, n in rows if d is not None or n > extra]


def repairs_by_day(session: Session, model_id: int) -> list[tuple[date, int]]:
    """Return a model's repairs served counted per closing day (UTC)."""
    day = func.date(RepairOrder.closed_at)
    stmt = (
        select(day, func.count())
        .where(RepairOrder.model_id == model_id, RepairOrder.status == CLOSED)
        .group_by(day)
    )
    # SQLite's date() is text, PostgreSQL's a date.
    return [(_as_date(d), n) for d, n in session.execute(stmt).tuples() if d is not None]


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass(frozen=True)
class SecurityUpdate:
    """The release that brought a model's newest security patch level, and that level."""

    model_id: int
    version: str
    release_date: date
    patch_date: date


def security_updates(session: Session, model_ids: Sequence[int]) -> dict[int, SecurityUpdate]:
    """Return, per model, the first release carrying its newest security patch level.

    Any release that raises the patch level is a security update, whatever else it brings (an
    OS upgrade ships the month's patches too); a later fix on the same level is not.
    """
    stmt = (
        select(SoftwareRelease.model_id, SoftwareRelease.version, SoftwareRelease.release_date,
               SoftwareRelease.security_patch_date)
        .where(SoftwareRelease.model_id.in_(sorted(set(model_ids))))
        .order_by(SoftwareRelease.model_id, SoftwareRelease.security_patch_date.desc(),
                  SoftwareRelease.release_date, SoftwareRelease.id)
    )  # fmt: skip
    found: dict[int, SecurityUpdate] = {}
    for model_id, version, released, patch in session.execute(stmt).tuples():
        found.setdefault(model_id, SecurityUpdate(model_id, version, released, patch))
    return found


class PartWait(NamedTuple):
    """A back-ordered part of a repair: the days it was asked for and ended, at the centre.

    A tuple, not an object per row: a brand's year of back-orders is measured at once.
    """

    id: int
    repair_id: int
    model_id: int
    country: str
    week: str
    timezone: str
    asked: date  # the day asked for, at the centre
    ended: date | None  # the day filled or given back without arriving; None: still waiting


@dataclass(frozen=True)
class WaitDetail:
    """What a list of late parts says of one: its repair, the part, when asked and ended."""

    code: str
    part_number: str
    part_names: dict[str, str]
    requested_at: datetime
    ended_at: datetime | None


def _days_apart(end: Any, start: Any) -> Any:
    """Return the whole days between two moments' (UTC) days, in SQL."""
    return day_number(end) - day_number(start)


def _day_at(session: Session, moment: Any, zone: Any) -> Any:
    """Return a moment's day in a time zone: in SQL on PostgreSQL; SQLite gives the moment."""
    if session.get_bind().dialect.name == "sqlite":
        return moment
    return cast(func.timezone(zone, moment), Date)


def _day(value: date | datetime | None, zone: str) -> date | None:
    if isinstance(value, datetime):
        return local_date(value, zone)
    return value


def part_waits(
    session: Session, model_ids: Sequence[int], since: datetime, now: datetime, days: int
) -> list[PartWait]:
    """Return the back-ordered parts of these models whose (UTC) days are `days` or more apart.

    Those asked for since `since`, and those still waiting whenever asked for; the calendar
    days are a bound the working days are then measured within (care.waits).
    """
    ended = func.coalesce(RepairPart.filled_at, RepairPart.done_at)
    zone = ServiceCentre.timezone
    cols = (RepairPart.id, RepairPart.repair_id, RepairOrder.model_id, RepairOrder.country,
            ServiceCentre.working_week, zone, _day_at(session, RepairPart.requested_at, zone),
            _day_at(session, ended, zone))  # fmt: skip
    base = (
        select(*cols)
        .join(RepairOrder, RepairOrder.id == RepairPart.repair_id)
        .join(ServiceCentre, ServiceCentre.id == RepairOrder.centre_id)
        .where(RepairOrder.model_id.in_(sorted(set(model_ids))))
    )
    # Two index ranges: the back-orders of the window, and those still waiting from before.
    recent = base.where(
        RepairPart.supply_line_id.is_not(None),
        RepairPart.requested_at >= since,
        _days_apart(func.coalesce(ended, now), RepairPart.requested_at) >= days,
    )
    older = base.where(
        RepairPart.state == BACK_ORDERED,
        RepairPart.requested_at < since,
        _days_apart(literal(now, RepairPart.requested_at.type), RepairPart.requested_at) >= days,
    )
    rows = [*session.execute(recent).tuples(), *session.execute(older).tuples()]
    return [PartWait(i, r, m, c, w, z, _day(a, z) or now.date(), _day(e, z))
            for i, r, m, c, w, z, a, e in rows]  # fmt: skip


def working_weeks(session: Session) -> set[str]:
    """Return the working weeks of the centres (a handful: most share one)."""
    return set(session.scalars(select(ServiceCentre.working_week).distinct()))


def wait_details(session: Session, ids: Sequence[int]) -> dict[int, WaitDetail]:
    """Return what a list says of these back-ordered parts (a page of them), by id."""
    stmt = (
        select(RepairPart.id, RepairOrder.code, Part.number, Part.names, RepairPart.requested_at,
               func.coalesce(RepairPart.filled_at, RepairPart.done_at))
        .join(RepairOrder, RepairOrder.id == RepairPart.repair_id)
        .join(Part, Part.id == RepairPart.part_id)
        .where(RepairPart.id.in_(sorted(set(ids))))
    )  # fmt: skip
    return {i: WaitDetail(code, number, names, asked, ended)
            for i, code, number, names, asked, ended in session.execute(stmt).tuples()}  # fmt: skip
