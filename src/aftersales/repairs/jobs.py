"""Scheduled work on open repairs: SLA sweep with escalation and loaners, and no silence.

Each job is `(session, now, …) -> summary`, idempotent, and safe on several workers at
once: every message's key names the repair and the state it announces, so running a job
twice queues nothing new, and the columns it writes are set with plain conditional
UPDATEs that never bump the repair's version (a technician's open form stays valid).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from aftersales.accounts.models import Role
from aftersales.kernel.workdays import workdays_between
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.outbox import enqueue
from aftersales.repairs import sla_state
from aftersales.repairs.loads import NAMED
from aftersales.repairs.loaners import loaner_owed
from aftersales.repairs.messages import NEWS as NEWS_KINDS
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.notify import alert, announce, news_drafts, news_of
from aftersales.repairs.queries import TermsCache
from aftersales.repairs.states import OPEN, PAUSES_CLOCK, Status
from aftersales.repairs.timing import clock_for, refresh_expected, today_at, waiting_for_a_date


@dataclass
class SweepSummary:
    """What one SLA sweep found and queued."""

    checked: int = 0
    changed: int = 0
    alerts: int = 0
    escalations: int = 0
    loaners: int = 0

    def __str__(self) -> str:
        return (
            f"checked {self.checked}, state changed {self.changed}, alerts {self.alerts}, "
            f"escalations {self.escalations}, loaners owed {self.loaners}"
        )


def _open_in_service() -> list[ColumnElement[bool]]:
    return [waiting_for_a_date(), RepairOrder.received_at.is_not(None)]


SWEEP_BATCH = 1000


def sla_sweep(session: Session, now: datetime, escalate_after: int) -> SweepSummary:
    """Store each open repair's SLA state and due date; tell managers, escalate, flag loaners.

    In batches by id: a busy network has tens of thousands of open repairs, and holding
    them all as objects cost the worker more than half a gigabyte. Each batch's repairs
    leave the session once swept (their columns are written by UPDATE, see `_set`), unless
    the caller held them already.
    """
    summary = SweepSummary()
    terms = TermsCache(session)
    last = 0
    while True:
        ids = session.scalars(
            select(RepairOrder.id)
            .where(*_open_in_service(), RepairOrder.id > last)
            .order_by(RepairOrder.id)
            .limit(SWEEP_BATCH)
        ).all()
        if not ids:
            break
        last = ids[-1]
        held = {i for i in ids if session.identity_map.get((RepairOrder, (i,), None))}
        batch = session.scalars(
            select(RepairOrder).options(*NAMED).where(RepairOrder.id.in_(ids))
        ).all()
        for repair in batch:
            _sweep_one(session, repair, terms, now, escalate_after, summary)
        session.flush()
        for repair in batch:
            if repair.id not in held:
                session.expunge(repair)
    return summary


def _sweep_one(
    session: Session,
    repair: RepairOrder,
    terms: TermsCache,
    now: datetime,
    escalate_after: int,
    summary: SweepSummary,
) -> None:
    """Sweep one repair: store its SLA columns and queue what is news."""
    summary.checked += 1
    t = terms(repair)
    clock = clock_for(repair, t, now)
    figures = sla_state.figures(clock, t)
    # A repair never swept (an upgrade, an import) has its state stored quietly: only
    # what changes from then on is news, or the first sweep would flood every inbox.
    quiet = repair.sla_checked_at is None
    changed = clock.state != repair.sla_state
    if changed or quiet or clock.due_date != repair.sla_due_date:  # a pause moves the date
        summary.changed += changed
        _set(
            session,
            repair,
            sla_state=clock.state,
            sla_due_date=clock.due_date,
            sla_checked_at=now,
        )
    if changed and not quiet and clock.state in sla_state.ALERTED_STATES:  # one commit
        summary.alerts += sla_state.alert_state(session, repair, clock, t, now)
    if clock.state == "breached" and clock.due_date is not None and not repair.escalated_at:
        late = workdays_between(
            clock.due_date, today_at(repair, now), repair.country, repair.centre.working_week
        )
        if late >= escalate_after:
            if not quiet:
                extra = figures | {"breached_days": late}
                tag = f"sla_escalated.r{repair.id}"
                alert(session, repair, "sla_escalated", Role.brand_admin, extra, tag, now)
                summary.escalations += 1
            _set(session, repair, escalated_at=now)
    if loaner_owed(clock.loaner_owed, repair.loaner_given) and repair.loaner_owed_at is None:
        if not quiet:
            tag = f"loaner_owed.r{repair.id}"
            alert(session, repair, "loaner_owed", Role.centre_manager, figures, tag, now)
            summary.loaners += 1
        _set(session, repair, loaner_owed_at=now)


def _set(session: Session, repair: RepairOrder, **values: object) -> None:
    """Write sweep columns without touching the version (see the module's docstring)."""
    session.execute(
        update(RepairOrder)
        .where(RepairOrder.id == repair.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    for key, value in values.items():  # the loaded object agrees, still unchanged
        set_committed_value(repair, key, value)


def no_silence(session: Session, now: datetime, silence_workdays: int) -> int:
    """Send owner and shop an update on repairs with no public news for a while."""
    # N working days take at least N calendar days: a cheap filter before the exact count.
    quiet_since = now - timedelta(days=silence_workdays)
    stmt = (
        select(RepairOrder)
        .options(*NAMED)
        .where(
            RepairOrder.status.in_([s.value for s in OPEN if s != Status.registered]),
            RepairOrder.last_public_event_at <= quiet_since,
        )
    )
    queued = 0
    for repair in session.scalars(stmt):
        silent = workdays_between(
            today_at(repair, repair.last_public_event_at),
            today_at(repair, now),
            repair.country,
            repair.centre.working_week,
        )
        if silent < silence_workdays:
            continue
        # One update per stretch of silence: the key counts stretches since the last news.
        stretch = silent // silence_workdays
        last = repair.last_public_event_at.strftime("%Y%m%d%H%M%S")
        tag = f"no_silence.r{repair.id}.{last}.{stretch}"
        props = news_of(session, repair, "no_silence", None, None)
        queued += enqueue(session, news_drafts(session, repair, "no_silence", props, tag), now)
    return queued


NEWS = tuple(k.name for k in NEWS_KINDS)


@dataclass
class NightlySummary:
    """What one nightly recomputation did."""

    checked: int = 0
    moved: int = 0
    told: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return (
            f"checked {self.checked}, moved later {self.moved}, told {self.told}, "
            f"skipped (changed meanwhile) {self.skipped}"
        )


def nightly_expected(session: Session, now: datetime, quiet_workdays: int) -> NightlySummary:
    """Recompute every open repair's expected date, one repair per transaction.

    A repair changed by someone meanwhile is skipped (its own step recomputed the date), not
    the whole run. Where the date moved later the event is recorded; owner and shop are told
    unless the repair waits for the owner, or they had news in the last `quiet_workdays`
    working days: a stuck repair slides a day every night, and a daily message would be noise.
    """
    summary = NightlySummary()
    ids = list(session.scalars(select(RepairOrder.id).where(waiting_for_a_date())))
    session.commit()  # a job is an edge: it commits, here one repair at a time
    for repair_id in ids:
        try:
            repair = session.get(RepairOrder, repair_id, options=NAMED)
            if repair is None or repair.ready_at is not None or Status(repair.status) not in OPEN:
                continue
            summary.checked += 1
            event = refresh_expected(session, repair, now, None, "system")
            if event is not None:
                summary.moved += 1
                session.flush()
                if _worth_telling(session, repair, now, quiet_workdays):
                    announce(session, repair, event, now)
                    summary.told += 1
            session.commit()
        except StaleDataError:
            session.rollback()
            summary.skipped += 1
    return summary


def _worth_telling(session: Session, repair: RepairOrder, now: datetime, quiet: int) -> bool:
    if Status(repair.status) in PAUSES_CLOCK:
        return False  # waiting for the owner's answer, who has the quote message
    last = session.scalar(
        select(func.max(OutboxMessage.created_at)).where(
            OutboxMessage.about_id == repair.id, OutboxMessage.kind.in_(NEWS)
        )
    )
    if last is None:
        return True
    week = repair.centre.working_week
    return (
        workdays_between(today_at(repair, last), today_at(repair, now), repair.country, week)
        >= quiet
    )
