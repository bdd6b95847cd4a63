"""Who works on a repair: a technician takes it, or the centre's manager assigns it.

Each change is a staff-only event on the repair's timeline and an audit row. Two people taking
the same repair at once: the repair's version column lets one win; the other is told who has
it (a conflict, 409), never silently overwritten.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from aftersales.accounts.models import Account
from aftersales.audit.service import Action, record
from aftersales.kernel.errors import Conflict, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.repairs.access import (
    CENTRE_ROLES,
    may_assign_anyone,
    require_may_assign,
    works_at_centre,
)
from aftersales.repairs.events import EventType, record_event
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.repairs.service import check_version

ME = "me"


def assignees(session: Session, repair: RepairOrder) -> list[Account]:
    """Return who may be assigned the repair: its centre's active technicians and managers."""
    return list(
        session.scalars(
            select(Account)
            .where(
                Account.centre_id == repair.centre_id,
                Account.role.in_([str(r) for r in CENTRE_ROLES]),
                Account.is_active,
            )
            .order_by(Account.name, Account.id)
        )
    )


def assignee_of(session: Session, repair: RepairOrder) -> Account | None:
    """Return the account working on the repair, if any."""
    return session.get(Account, repair.assigned_to_id) if repair.assigned_to_id else None


def assign(
    session: Session,
    actor: Account,
    repair: RepairOrder,
    now: datetime,
    *,
    to: int | None,
    version: int | None = None,
) -> RepairEvent | None:
    """Give the repair to `to` (an account id; None: nobody); None back when nothing changed."""
    check_version(repair, version)
    current = repair.assigned_to_id
    require_may_assign(actor, repair, current, to)
    if repair.closed_at is not None:
        raise Conflict(N_("The repair is over: it is no longer assigned."))
    if to == current:
        return None  # taking one's own repair again changes nothing
    before = assignee_of(session, repair)
    if current is not None and not may_assign_anyone(actor, repair) and current != actor.id:
        raise Conflict(_taken_by(before))
    target = session.get(Account, to) if to is not None else None
    if to is not None and (target is None or not works_at_centre(target, repair)):
        raise ValidationFailed(
            N_("The repair cannot be assigned."),
            {"technician": N_("Choose a technician of the repair's service centre.")},
        )
    repair.assigned_to, repair.assigned_to_id, repair.updated_at = target, to, now
    event = record_event(
        session,
        repair,
        EventType.assigned,
        now,
        actor_id=actor.id,
        actor_role=actor.role,
        public=False,
        data={
            "from_id": current,
            "from_name": before.name if before else None,
            "to_id": to,
            "to_name": target.name if target else None,
            "taken": to is not None and to == actor.id,
        },
    )
    try:
        session.flush()
    except StaleDataError:
        # Someone else changed the repair since we read it (most likely took it first).
        raise Conflict(
            N_(
                "Someone else took or assigned this repair at the same moment. "
                "Reload it to see who has it."
            )
        ) from None
    record(session, actor, Action.updated, "repair_order", repair.code, now,
           old={"assigned_to_id": current}, new={"assigned_to_id": to},
           brand_id=repair.brand_id)  # fmt: skip
    return event


def _taken_by(holder: Account | None) -> str:
    """Say who has the repair already, as a conflict's message."""
    if holder is None:
        return N_("Someone else has taken this repair already.")
    return Msg("%(name)s has taken this repair already.", name=holder.name)
