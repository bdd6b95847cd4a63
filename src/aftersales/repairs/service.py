"""Use cases of repair orders: open, move through the life cycle, notes and warranty.

`transition()` is the only function that sets a status. Services never commit: the
caller's transaction holds the change, its event and its recomputed expected date together.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from aftersales.accounts.models import Account
from aftersales.kernel.errors import (
    Conflict,
    Forbidden,
    InvalidTransition,
    StaleVersion,
    ValidationFailed,
)
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.text import check_texts, text_problem
from aftersales.repairs import sla_state
from aftersales.repairs.access import require_centre, require_staff_side, sides_of
from aftersales.repairs.events import EventType, record_event
from aftersales.repairs.loaners import end_loan, loaner_out
from aftersales.repairs.models import Quote, RepairEvent, RepairOrder
from aftersales.repairs.notify import announce
from aftersales.repairs.parts import use_or_give_back
from aftersales.repairs.states import (
    ENTERS_SERVICE,
    LABELS,
    MOVES,
    NEEDS_OUTCOME,
    PAUSES_CLOCK,
    READY_STATES,
    Actor,
    Outcome,
    Status,
    allowed_next,
    allowed_next_for,
)
from aftersales.repairs.timing import paused_days_until, refresh_expected
from aftersales.warranty.service import check_decision

FINAL = frozenset({Status.closed, Status.cancelled})
OPEN_FOR_WARRANTY = frozenset(
    {
        Status.at_centre,
        Status.diagnosing,
        Status.awaiting_approval,
        Status.awaiting_parts,
        Status.repairing,
        Status.testing,
    }
)
QUOTE_WAITS = N_(
    "The quote waits for the owner's answer: record the answer the owner gave you, or "
    "withdraw the quote saying why."
)


def check_version(repair: RepairOrder, version: int | None) -> None:
    """Raise Conflict when the caller acted on an older version of the repair."""
    if version is not None and version != repair.version:
        raise StaleVersion(
            Msg(
                "Someone else changed this repair meanwhile: it is now '%(status)s' "
                "(version %(version)s). Reload it and try again.",
                status=Msg(LABELS[Status(repair.status)]),
                version=repair.version,
            )
        )


@contextmanager
def stale_as_conflict() -> Iterator[None]:
    """Raise StaleVersion when another writer changed the repair first (found on flush)."""
    try:
        yield
    except StaleDataError:
        # The repair's version column caught a concurrent write: say it as a domain conflict,
        # so the pages answer it like an older version sent with the form.
        raise StaleVersion(
            N_("Someone else changed this record at the same time. Reload it and try again.")
        ) from None


def parse_status(value: str) -> Status:
    """Return the Status named by `value` or raise a field error listing the valid ones."""
    try:
        return Status(value)
    except ValueError:
        raise ValidationFailed(
            "Unknown status.",
            {"to_status": Msg("Use one of: %(choices)s.", choices=", ".join(Status))},
        ) from None


def transition(
    session: Session,
    actor: Account,
    repair: RepairOrder,
    to_status: str,
    now: datetime,
    *,
    version: int | None = None,
    note: str | None = None,
    internal_note: str | None = None,
    outcome: str | None = None,
    by_quote: bool = False,
    facts: dict[str, Any] | None = None,
    loaner_back: bool = False,
) -> RepairEvent:
    """Move a repair to another status if the table and the actor's side allow it.

    `facts` go into the event's data beside the outcome (how the owner answered a quote, say).
    `loaner_back`: closing, the staff confirm that the owner gave the loaner phone back; it is
    recorded as returned with the move (a repair does not end with a loaner out).
    """
    check_version(repair, version)
    errors: dict[str, str] = {}
    check_texts(errors, note=note, internal_note=internal_note)
    if errors:
        raise ValidationFailed(N_("The repair cannot be moved."), errors)
    current, target = Status(repair.status), parse_status(to_status)
    sides = sides_of(actor, repair)
    if (current, target) not in MOVES:
        allowed = allowed_next_for(current, sides) if sides is not None else allowed_next(current)
        names = ", ".join(allowed) or Msg("none (the repair is finished)")
        raise InvalidTransition(
            Msg(
                "A repair cannot go from %(current)s to %(target)s. Allowed next: %(allowed)s.",
                current=current.value,
                target=target.value,
                allowed=names,
            ),
            allowed,
        )
    if sides is not None and not MOVES[(current, target)] & sides:
        who = " or ".join(sorted(MOVES[(current, target)]))
        raise Forbidden(
            Msg(
                "Only the %(who)s may move this repair from %(current)s to %(target)s.",
                who=who,
                current=current.value,
                target=target.value,
            )
        )
    if sides is not None and sides == {Actor.owner} and current in PAUSES_CLOCK and not by_quote:
        raise Forbidden("Approve or decline the quote to continue.")
    _check_outcome(target, outcome)
    if target in PAUSES_CLOCK and not _has_pending_quote(session, repair):
        # The owner is asked to answer a quote: without one there is nothing to answer, and
        # the message asking for it would have no price.
        raise Conflict(N_("Send a quote: the repair then waits for the owner's answer to it."))
    if current in PAUSES_CLOCK and not by_quote and target != Status.cancelled:
        # Staff leave a waiting quote only by its answer or by withdrawing it, both told to
        # the owner: moving on silently would leave the owner's link answering nothing.
        raise Conflict(QUOTE_WAITS)
    if target in FINAL:
        _settle_loaner(session, actor, repair, now, loaner_back)
    stamp_status(session, repair, current, target, now, outcome)
    event = record_event(
        session,
        repair,
        EventType.status_changed,
        now,
        from_status=current,
        to_status=target,
        actor_id=actor.id,
        actor_role=actor.role,
        public=True,
        note=(note or "").strip() or None,
        internal_note=(internal_note or "").strip() or None,
        data={**({"outcome": outcome} if outcome else {}), **(facts or {})},
    )
    repair.status = target
    repair.last_public_event_at = repair.updated_at = now
    use_or_give_back(session, actor, repair, current, target, now)  # parts follow the move
    sla = sla_state.store(session, repair, now)  # the read model lists sort on
    if target in READY_STATES and repair.ready_at == now:
        repair.tat_workdays = sla.clock.elapsed_days
    later = refresh_expected(session, repair, now, actor.id, actor.role, cause=current)
    session.flush()
    announce(session, repair, event, now, later=later)
    if sla.news:
        sla_state.alert_state(session, repair, sla.clock, sla.terms, now)
    return event


def _settle_loaner(
    session: Session, actor: Account, repair: RepairOrder, now: datetime, back: bool
) -> None:
    """Refuse to end a repair while a loaner is out, unless staff confirm it came back."""
    loan = loaner_out(session, repair)
    if loan is None:
        return
    if not back:
        raise Conflict(
            Msg(
                "The loaner phone %(label)s is still out: confirm that the owner gave it back.",
                label=loan.label,
            )
        )
    end_loan(session, actor, repair, loan, now)


def _check_outcome(target: Status, outcome: str | None) -> None:
    if target in NEEDS_OUTCOME:
        if outcome not in set(Outcome):
            raise ValidationFailed(
                "Closing needs an outcome.",
                {"outcome": Msg("Use one of: %(choices)s.", choices=", ".join(Outcome))},
            )
    elif outcome is not None:
        raise ValidationFailed("Only closing takes an outcome.", {"outcome": N_("Leave it empty.")})


def _has_pending_quote(session: Session, repair: RepairOrder) -> bool:
    pending = select(Quote.id).where(Quote.repair_id == repair.id, Quote.status == "pending")
    return session.scalar(pending.limit(1)) is not None


def stamp_status(
    session: Session,
    repair: RepairOrder,
    current: Status,
    target: Status,
    now: datetime,
    outcome: str | None,
) -> None:
    """Record the clock's stamps: entering service, pauses, ready and closed."""
    if target in ENTERS_SERVICE and repair.received_at is None:
        repair.received_at = now
    if current in PAUSES_CLOCK and repair.paused_since is not None:
        repair.paused_workdays += paused_days_until(repair, now)
        repair.paused_since = None
    if target in PAUSES_CLOCK:
        repair.paused_since = now
    if target in READY_STATES and repair.ready_at is None and repair.received_at is not None:
        repair.ready_at = now  # the SLA ends here: met or breached (sla_state.store)
    if target in (Status.closed, Status.cancelled):
        repair.closed_at = now
        repair.outcome = outcome


def add_note(
    session: Session, actor: Account, repair: RepairOrder, now: datetime, *, text: str, public: bool
) -> RepairEvent:
    """Add a note: public ones explain the problem to the owner, internal ones stay with staff."""
    require_staff_side(actor, repair)
    if not text.strip():
        raise ValidationFailed("The note is empty.", {"text": N_("Write the note.")})
    problem = text_problem(text)
    if problem is not None:
        raise ValidationFailed(N_("The note cannot be saved."), {"text": problem})
    event = record_event(
        session,
        repair,
        EventType.note,
        now,
        actor_id=actor.id,
        actor_role=actor.role,
        public=public,
        note=text.strip() if public else None,
        internal_note=None if public else text.strip(),
    )
    repair.updated_at = now
    session.flush()
    return event


def decide_warranty(
    session: Session,
    actor: Account,
    repair: RepairOrder,
    now: datetime,
    *,
    decision: str,
    reason: str,
    version: int | None = None,
) -> RepairEvent:
    """Record the technician's warranty decision and the reason the owner will read."""
    check_version(repair, version)
    require_centre(actor, repair)
    check_decision(decision, reason)
    problem = text_problem(reason)
    if problem is not None:
        raise ValidationFailed(N_("The decision cannot be recorded."), {"reason": problem})
    if Status(repair.status) not in OPEN_FOR_WARRANTY:
        raise Conflict("The warranty is decided while the phone is at the service centre.")
    repair.warranty_decision, repair.warranty_reason = decision, reason.strip()
    repair.updated_at = now
    event = record_event(
        session,
        repair,
        EventType.warranty_decision,
        now,
        actor_id=actor.id,
        actor_role=actor.role,
        public=True,
        note=reason.strip(),
        data={"decision": decision},
    )
    session.flush()
    announce(session, repair, event, now)  # the owner's: the diagnosis, with its reason
    return event
