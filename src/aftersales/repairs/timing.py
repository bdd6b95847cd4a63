"""A repair's SLA clock and expected ready date, from its stamps and the brand's terms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from aftersales.kernel.clock import local_date
from aftersales.kernel.workdays import workdays_between
from aftersales.repairs.eta import Estimate, Group, Method, from_sla, from_steps, why_later
from aftersales.repairs.events import EventType, record_event
from aftersales.repairs.history import comparable_visits, entered_step_at
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


PartsArrival = Callable[[Session, RepairOrder], date | None]
"""Where a repair's parts arrival comes from: the day its last missing part is due, or None."""

_PARTS_ARRIVAL: list[PartsArrival] = []


def on_parts_arrival(source: PartsArrival) -> PartsArrival:
    """Register a source of parts arrival dates (the parts module does, once, at import)."""
    if source not in _PARTS_ARRIVAL:
        _PARTS_ARRIVAL.append(source)
    return source


def off_parts_arrival(source: PartsArrival) -> None:
    """Forget a source of parts arrival dates (tests)."""
    if source in _PARTS_ARRIVAL:
        _PARTS_ARRIVAL.remove(source)


def parts_arrival(session: Session, repair: RepairOrder) -> date | None:
    """Return the day the repair's last missing part arrives, as the registered sources say."""
    days = [day for source in _PARTS_ARRIVAL if (day := source(session, repair)) is not None]
    return max(days, default=None)


def estimate(
    session: Session,
    repair: RepairOrder,
    now: datetime,
    terms: SlaTerms | None = None,
    parts: date | None = None,
) -> Estimate:
    """Compute the expected ready date of a repair at `now`.

    `parts`: the day the missing parts arrive; without it the registered sources are asked.
    """
    status = Status(repair.status)
    today = today_at(repair, now)
    if repair.ready_at is not None or status not in OPEN:
        day = _day(repair, repair.ready_at) or _day(repair, repair.closed_at) or today
        return Estimate(day, day, day, Method.actual, step=status.value)
    terms = terms or repair_terms(session, repair)
    week = repair.centre.working_week
    parts = parts or parts_arrival(session, repair)
    # A booking's phone is not in yet: its time counts from the day the owner brings it, as
    # that of a phone just handed in where the owner said.
    start, timed_as, in_step = today, status, 0
    if status == Status.registered:
        start = max(today, repair.dropoff_date or today)
        timed_as = Status.received if repair.shop_id is not None else Status.at_centre
    else:
        entered = _day(repair, entered_step_at(session, repair))
        in_step = workdays_between(entered, today, repair.country, week) if entered else 0
    visits, group = comparable_visits(session, repair, now, timed_as.value)
    made = from_steps(
        visits, group, status, max(0, in_step), start, repair.country, week, parts, timed_as
    )
    if made is not None:
        return made
    elapsed = clock_for(repair, terms, now).elapsed_days
    return from_sla(terms.target_days, status, elapsed, start, repair.country, week, parts)


def stored_estimate(repair: RepairOrder) -> Estimate:
    """Return the expected date and how it was made, as stored on the repair."""
    return Estimate(
        repair.expected_date,
        repair.expected_low_date,
        repair.expected_high_date,
        Method(repair.expected_method),
        samples=repair.expected_samples,
        group=Group(repair.expected_group),
        step=repair.expected_step,
        parts_date=repair.expected_parts_date,
        target_days=repair.expected_target_days,
    )


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
    return stored_estimate(repair)


def store(repair: RepairOrder, new: Estimate) -> None:
    """Write an estimate and how it was made on the repair."""
    repair.expected_date, repair.expected_low_date, repair.expected_high_date = (
        new.likely,
        new.low,
        new.high,
    )
    repair.expected_basis = new.basis
    repair.expected_method = new.method
    repair.expected_samples = new.samples
    repair.expected_group = new.group
    repair.expected_step = new.step
    repair.expected_parts_date = new.parts_date
    repair.expected_target_days = new.target_days


def inputs(est: Estimate) -> dict[str, object]:
    """Return how an estimate was made, for an event's data (JSON)."""
    return {
        "basis": est.basis,
        "method": est.method.value,
        "samples": est.samples,
        "group": est.group.value,
        "step": est.step,
        "parts_date": est.parts_date.isoformat() if est.parts_date else None,
        "target_days": est.target_days,
        "low": est.low.isoformat(),
        "high": est.high.isoformat(),
    }


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
    parts: date | None = None,
) -> RepairEvent | None:
    """Recompute the expected date; when it moves later, record old, new and why.

    `cause` is the step that took the time (the status just left), when known; `parts` the
    day the missing parts arrive, when the caller knows it (else the registered sources).
    """
    new = estimate(session, repair, now, parts=parts)
    old = repair.expected_date if repair.expected_basis else None
    store(repair, new)
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
        data={"old": old.isoformat(), "new": new.likely.isoformat(), **inputs(new)},
    )


def opened_on(repair: RepairOrder) -> date:
    """Return the day a repair was opened: its SLA terms are those in force that day."""
    return repair.created_at.date()


def repair_terms(session: Session, repair: RepairOrder) -> SlaTerms:
    """Return the SLA terms a repair follows: those in force on the day it was opened."""
    return terms_for(session, repair.brand_id, repair.country, repair.channel, opened_on(repair))
