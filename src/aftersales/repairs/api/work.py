"""Routes: the centre's work on a repair (who works on it) and the owner's loaner phones."""

from __future__ import annotations

from fastapi import APIRouter

from aftersales.accounts.deps import User
from aftersales.http.deps import DbSession, Now
from aftersales.http.idempotent import Idem
from aftersales.repairs import assignment, loaners
from aftersales.repairs.access import get_repair_for, require_centre
from aftersales.repairs.fields import Field, require_field
from aftersales.repairs.models import Loaner, RepairOrder
from aftersales.repairs.schemas_work import (
    AssignmentIn,
    AssignmentRead,
    LoanerIn,
    LoanerRead,
    StaffRead,
)

router = APIRouter(prefix="/repairs", tags=["repairs"])


def _assignment(session: DbSession, repair: RepairOrder) -> AssignmentRead:
    holder = assignment.assignee_of(session, repair)
    return AssignmentRead(
        assignee=StaffRead.model_validate(holder) if holder else None,
        technicians=[StaffRead.model_validate(a) for a in assignment.assignees(session, repair)],
        version=repair.version,
    )


@router.get("/{code}/assignment", response_model=AssignmentRead)
def get_assignment(code: str, user: User, session: DbSession) -> AssignmentRead:
    """Say who works on the repair and who may be assigned it (the repair's centre)."""
    repair = get_repair_for(session, user, code)
    require_centre(user, repair)
    return _assignment(session, repair)


@router.post("/{code}/assignment", response_model=AssignmentRead)
def assign(
    code: str, body: AssignmentIn, user: User, session: DbSession, now: Now
) -> AssignmentRead:
    """Take the repair ("me"), give it back (null), or assign it (the centre's manager).

    Someone else having taken it answers 409 naming them, also when two take it at once.
    """
    repair = get_repair_for(session, user, code, lock=True)
    to = user.id if body.technician == assignment.ME else body.technician
    assert not isinstance(to, str)  # "me" is the only word the schema lets through
    assignment.assign(session, user, repair, now, to=to, version=body.version)
    return _assignment(session, repair)


@router.get("/{code}/loaners", response_model=list[LoanerRead])
def list_loaners(code: str, user: User, session: DbSession) -> list[Loaner]:
    """List the loaner phones given for the repair (its staff)."""
    repair = get_repair_for(session, user, code)
    require_field(user, Field.loaners)
    return loaners.loaners_of(session, repair)


@router.post("/{code}/loaners", response_model=LoanerRead, status_code=201)
def give_loaner(
    code: str, body: LoanerIn, user: User, session: DbSession, now: Now, idem: Idem
) -> LoanerRead:
    """Record a loaner phone given to the owner; one at a time (409 while one is out)."""
    repair = get_repair_for(session, user, code, lock=True)

    def work() -> LoanerRead:
        loan = loaners.give_loaner(session, user, repair, now, label=body.label)
        return LoanerRead.model_validate(loan)

    return idem.once(session, user, body, now, work, LoanerRead)


@router.post("/{code}/loaners/return", response_model=LoanerRead)
def return_loaner(code: str, user: User, session: DbSession, now: Now) -> Loaner:
    """Record that the owner gave the loaner phone back (409 when none is out)."""
    repair = get_repair_for(session, user, code, lock=True)
    return loaners.return_loaner(session, user, repair, now)
