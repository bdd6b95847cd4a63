"""A repair's SLA clock and expected ready date, from its stamps and the brand's terms."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from aftersales.kernel.clock import local_date
from aftersales.kernel.workdays import workdays_between
from aftersales.repairs.eta import Estimate, comparable_samples, from_history, from_sla, why_later
from aftersales.repairs.events import EventType, record_event
from aftersales.repairs.loads import CLOCK
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.repairs.states import OPEN, Status
from aftersales.sla.clock import SlaClock, SlaTerms, sla_clock
from aftersales.sla.service import terms_for


def today_at(repair: RepairOrder, now: datetime) -> date:
    """Return the date at the repair's centre."""
    return local_date(now, repair.centre.timezone)


def _day(repair: RepairOrder, moment: datetime | None) -> date | None:
    return local_date(moment, repair.centre.timezone) if moment else None


def clock_for(repair: RepairOrder, terms: SlaTerms, now: datetime) -> SlaClock:
    """Compute the repair's SLA clock at `now`."""
    return sla_clock(
        terms=terms,
        country=repair.country,
        week=repair.centre.working_week,
        today=today_at(repair, now),
        started_on=_day(repair, repair.received_at),
        finished_on=_day(repair, repair.ready_at),
        paused_workdays=repair.paused_workdays,
        paused_since=_day(repair, repair.paused_since),
    )


def paused_days_until(repair: RepairOrder, now: datetime) -> int:
    """Return working days spent in the current pause up to `now`."""
    since = _day(repair, repair.paused_since)
    if since is None:
        return 0
    week = repair.centre.working_week
    return max(0, workdays_between(since, today_at(repair, now), repair.country, week))


def estimate(
    session: Session, repair: RepairOrder, now: datetime, terms: SlaTerms | None = None
) -> Estimate:
    """Compute the expected ready date of a repair at `now`."""
    status = Status(repair.status)
    today = today_at(repair, now)
    if repair.ready_at is not None or status not in OPEN:
        day = _day(repair, repair.ready_at) or _day(repair, repair.closed_at) or today
        return Estimate(day, day, day, "actual date")
    terms = terms or repair_terms(session, repair)
    elapsed = clock_for(repair, terms, now).elapsed_days
    week = repair.centre.working_week
    # A booking's phone is not in yet: its time counts from the day the owner brings it.
    start = today
    if status == Status.registered and repair.dropoff_date and repair.dropoff_date > today:
        start = repair.dropoff_date
    samples, group = comparable_samples(session, repair, now)
    if samples:
        return from_history(samples, status, elapsed, start, repair.country, week, group)
    return from_sla(terms, status, elapsed, start, repair.country, week)


def current_estimate(session: Session, repair: RepairOrder, now: datetime) -> Estimate:
    """Return the stored expected date, or a fresh one if it has passed on an open repair.

    Reads never write: the stored date is moved (with its event) by the next step or by
    `refresh_open_repairs`.
    """
    stale = (
        repair.ready_at is None
        and Status(repair.status) in OPEN
        and repair.expected_date < today_at(repair, now)
    )
    if stale:
        return estimate(session, repair, now)
    return Estimate(
        repair.expected_date,
        repair.expected_low_date,
        repair.expected_high_date,
        repair.expected_basis,
    )


def waiting_for_a_date() -> ColumnElement[bool]:
    """Return the filter of repairs whose expected date still matters (open, not ready)."""
    return RepairOrder.status.in_([s.value for s in OPEN]) & RepairOrder.ready_at.is_(None)


def refresh_open_repairs(session: Session, now: datetime) -> int:
    """Recompute every open repair's expected date in one go; return how many moved later.

    For loading data (the demo). The nightly job (`repairs.jobs.nightly_expected`) does the
    same one repair at a time and tells owners and shops.
    """
    moved = 0
    stmt = select(RepairOrder).options(*CLOCK).where(waiting_for_a_date())
    for repair in session.scalars(stmt):
        if refresh_expected(session, repair, now, None, "system") is not None:
            moved += 1
    session.flush()
    return moved


def refresh_expected(
    session: Session,
    repair: RepairOrder,
    now: datetime,
    actor_id: int | None,
    actor_role: str,
    cause: Status | None = None,
) -> RepairEvent | None:
    """Recompute the expected date; when it moves later, record old, new and why.

    `cause` is the step that took the time (the status just left), when known.
    """
    new = estimate(session, repair, now)
    old = repair.expected_date if repair.expected_basis else None
    repair.expected_date, repair.expected_low_date, repair.expected_high_date = (
        new.likely,
        new.low,
        new.high,
    )
    repair.expected_basis = new.basis
    if old is None or new.likely <= old or repair.ready_at is not None:
        return None
    return record_event(
        session,
        repair,
        EventType.expected_date_changed,
        now,
        actor_id=actor_id,
        actor_role=actor_role,
        public=True,
        note=why_later(cause or Status(repair.status)),
        data={"old": old.isoformat(), "new": new.likely.isoformat(), "basis": new.basis},
    )


def opened_on(repair: RepairOrder) -> date:
    """Return the day a repair was opened: its SLA terms are those in force that day."""
    return repair.created_at.date()


def repair_terms(session: Session, repair: RepairOrder) -> SlaTerms:
    """Return the SLA terms a repair follows: those in force on the day it was opened."""
    return terms_for(session, repair.brand_id, repair.country, repair.channel, opened_on(repair))
