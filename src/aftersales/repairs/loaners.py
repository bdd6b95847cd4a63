"""Loaner phones: given to the owner while their phone is in the service, and returned.

One loaner at most is out per repair (a partial unique index says so too). Giving one answers
the SLA's "loaner owed" (`RepairOrder.loaner_given`), and a repair closes only once the loaner
is back (`repairs.service.transition` asks `loaner_out`; decision 109).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from aftersales.accounts.models import Account
from aftersales.audit.service import Action, record, snapshot
from aftersales.kernel.errors import Conflict, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.text import text_problem
from aftersales.repairs.access import require_staff_side
from aftersales.repairs.events import EventType, record_event
from aftersales.repairs.models import Loaner, RepairOrder
from aftersales.repairs.offline import OfflineDays, offline_days

LABEL_MAX = 60
_AUDITED = ("label", "given_at", "given_by_id", "returned_at", "returned_by_id")


def loaners_of(session: Session, repair: RepairOrder) -> list[Loaner]:
    """Return the loaners given for a repair, oldest first."""
    return list(
        session.scalars(
            select(Loaner).where(Loaner.repair_id == repair.id).order_by(Loaner.given_at, Loaner.id)
        )
    )


def loaner_out(session: Session, repair: RepairOrder) -> Loaner | None:
    """Return the loaner the owner has now, if any."""
    return session.scalar(
        select(Loaner).where(Loaner.repair_id == repair.id, Loaner.returned_at.is_(None))
    )


def loaner_owed(due: bool, loaner_given: bool) -> bool:
    """Say whether a loaner is owed now: the SLA's loaner point passed and none was given."""
    return due and not loaner_given


def offline_of(repair: RepairOrder, loans: list[Loaner], now: datetime) -> OfflineDays:
    """Count the owner's offline days for a repair, with its loaners."""
    return offline_days(
        repair.received_at,
        repair.closed_at,
        [(loan.given_at, loan.returned_at) for loan in loans],
        now,
        repair.centre.timezone,
    )


def give_loaner(
    session: Session, actor: Account, repair: RepairOrder, now: datetime, *, label: str
) -> Loaner:
    """Record that the owner got a loaner phone (its label or IMEI as staff typed it)."""
    require_staff_side(actor, repair)
    label = label.strip()
    problem = text_problem(label, LABEL_MAX) if label else N_("Write the loaner's label or IMEI.")
    if problem is None and len(label) > LABEL_MAX:
        problem = N_("Use at most 60 characters.")
    if problem is not None:
        raise ValidationFailed(N_("The loaner cannot be recorded."), {"label": problem})
    if repair.closed_at is not None:
        raise Conflict(N_("The repair is over: no loaner is given for it now."))
    if repair.received_at is None:
        raise Conflict(N_("The phone is not handed in yet: a loaner is given when it is."))
    if loaner_out(session, repair) is not None:
        raise Conflict(
            N_("A loaner phone is already out for this repair: record its return first.")
        )
    loan = Loaner(repair_id=repair.id, label=label, given_at=now, given_by_id=actor.id)
    session.add(loan)
    # Stamping the repair bumps its version: a second giver acting at the same moment fails
    # on flush (or on the unique index of loaners out) instead of giving a second loaner.
    repair.loaner_given = True
    repair.updated_at = now
    record_event(
        session,
        repair,
        EventType.loaner_given,
        now,
        actor_id=actor.id,
        actor_role=actor.role,
        public=False,
        data={"label": label},
    )
    _flush_once(session)
    record(session, actor, Action.created, "loaner", loan.id, now, new=snapshot(loan, _AUDITED),
           brand_id=repair.brand_id)  # fmt: skip
    return loan


def return_loaner(session: Session, actor: Account, repair: RepairOrder, now: datetime) -> Loaner:
    """Record that the owner gave the loaner phone back."""
    require_staff_side(actor, repair)
    loan = loaner_out(session, repair)
    if loan is None:
        raise Conflict(N_("No loaner phone is out for this repair."))
    end_loan(session, actor, repair, loan, now)
    _flush_once(session)
    return loan


def end_loan(
    session: Session, actor: Account, repair: RepairOrder, loan: Loaner, now: datetime
) -> None:
    """Mark a loaner returned, with its event and audit row (for closing with it back too)."""
    before = snapshot(loan, _AUDITED)
    loan.returned_at, loan.returned_by_id = now, actor.id
    repair.updated_at = now
    record_event(
        session,
        repair,
        EventType.loaner_returned,
        now,
        actor_id=actor.id,
        actor_role=actor.role,
        public=False,
        data={"label": loan.label},
    )
    record(session, actor, Action.updated, "loaner", loan.id, now, old=before,
           new=snapshot(loan, _AUDITED), brand_id=repair.brand_id)  # fmt: skip


def _flush_once(session: Session) -> None:
    """Flush; a loaner given at the same moment by someone else is a conflict, not a crash."""
    try:
        session.flush()
    except (IntegrityError, StaleDataError):
        raise Conflict(
            N_("Someone else recorded a loaner for this repair at the same moment. Reload it.")
        ) from None
