"""What a repair's page shows each person, and how its forms run: shared by the repair's routes.

Owners get their page (`repairs/owner/repair.html`); staff and admins the work page
(`repairs/repair.html`, one partial per section under `repairs/work/`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi.responses import Response

from aftersales.accounts.models import Account
from aftersales.catalog.look import look_of
from aftersales.http.deps import DbSession
from aftersales.http.pages import Page
from aftersales.inventory.parts import parts_for_model
from aftersales.kernel.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidTransition,
    NotFound,
    StaleVersion,
    ValidationFailed,
)
from aftersales.kernel.i18n import N_
from aftersales.repairs import contacts, parts, quotes, service
from aftersales.repairs.access import (
    acts_as_centre,
    acts_as_staff,
    get_repair_for,
    may_assign_anyone,
    reads_staff_wording,
    sides_of,
    works_at_centre,
)
from aftersales.repairs.assignment import assignees
from aftersales.repairs.coverage import warranty_facts
from aftersales.repairs.eta import ExpectedWhy
from aftersales.repairs.fields import Field, visible_fields
from aftersales.repairs.loaners import loaner_owed, loaners_of, offline_of
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.repairs.queries import TermsCache, events_of
from aftersales.repairs.sections import sections_for
from aftersales.repairs.sent import messages_about
from aftersales.repairs.states import Actor, Status, allowed_next_for, label, next_step
from aftersales.repairs.timing import clock_for, current_estimate
from aftersales.repairs.tracking import EVENT_LABELS
from aftersales.repairs.words import PART_EVENTS, PART_STATES, STAFF_EVENT_LABELS
from aftersales.sla.clock import SlaClock

# The sections of the work page that a link may open (`?open=loaner#loaner`).
SECTIONS = frozenset({"assignment", "loaner", "parts", "warranty", "quote-form", "contact", "note"})


@dataclass
class Step:
    """One line of a repair's timeline as a page shows it."""

    at: datetime
    label: str
    note: str | None
    internal: str | None
    detail: str | None = None  # a name or a loaner's label, after the label (staff only)
    public: bool = True


def _step_label(e: RepairEvent, staff: bool) -> tuple[str, str | None]:
    """Return a history entry's label and the name or label that goes with it."""
    if e.to_status:
        return label(Status(e.to_status), staff=staff), None
    if e.type == "assigned":
        if e.data.get("taken"):
            return N_("Taken by"), e.data.get("to_name")
        if e.data.get("to_name"):
            return N_("Assigned to"), e.data.get("to_name")
        return N_("No longer assigned to"), e.data.get("from_name")
    if e.type in ("loaner_given", "loaner_returned"):
        return STAFF_EVENT_LABELS[e.type], e.data.get("label")
    if e.type == "part":  # "Part ordered: DS-01 × 1"
        what = PART_EVENTS.get(e.data.get("what", ""), N_("Part"))
        return what, f"{e.data.get('number', '')} × {e.data.get('quantity', 1)}"
    if staff and e.type == "note":
        return (N_("Note for the owner") if e.public else N_("Internal note")), None
    words = STAFF_EVENT_LABELS if staff else EVENT_LABELS
    return words.get(e.type, e.type), None


def steps_of(events: list[RepairEvent], internal: bool, staff: bool) -> list[Step]:
    """Shape a repair's history as its timeline's lines."""
    steps = []
    for e in events:
        text, detail = _step_label(e, staff)
        steps.append(
            Step(
                at=e.at,
                label=text,
                note=e.note,
                internal=e.internal_note if internal else None,
                detail=detail,
                public=e.public,
            )
        )
    return steps


def show(
    page: Page,
    session: DbSession,
    repair: RepairOrder,
    now: datetime,
    *,
    code: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    """Render the repair page for the signed-in person: the fields their role reads
    (repairs/fields.py, as in the API) and the actions their side may take."""
    assert page.user is not None
    user = page.user
    sides = sides_of(user, repair)
    staff = acts_as_staff(user, repair)
    fields = visible_fields(user)
    current = Status(repair.status)
    words_of_staff = reads_staff_wording(user)
    clock = clock_for(repair, TermsCache(session)(repair), now) if Field.sla in fields else None
    expected = current_estimate(session, repair, now)
    context: dict[str, Any] = dict(
        repair=repair,
        # Staff read the steps told about the owner; owners read them told to them.
        status_label=label(current, staff=words_of_staff),
        next_step=next_step(current, staff=words_of_staff),
        expected=expected,
        why=ExpectedWhy(expected, repair.fault_category, repair.model.name, repair.centre.city),
        clock=clock,
        steps=steps_of(
            events_of(session, repair, public_only=Field.staff_events not in fields),
            Field.internal_notes in fields,
            words_of_staff,
        ),
        fields=fields,
        staff=staff,
        centre_side=acts_as_centre(user, repair),
        # What the warranty decision rests on: for those who decide it (repairs/fields.py).
        warranty=warranty_facts(session, repair) if Field.warranty in fields else None,
        owner_side=sides is None or Actor.owner in sides,
        # A quote is sent with its own form, which moves the repair to awaiting approval.
        moves=[
            (s, label(s, staff=True))
            for s in allowed_next_for(current, sides)
            # closing is the counter's hand-back form, which records who collected the phone
            # a quote is left only by its answer or by withdrawing it (forms of their own)
            if staff
            and s not in (Status.awaiting_approval, Status.closed)
            and current != Status.awaiting_approval
        ],
        quote=quotes.pending_quote(session, repair),
        quotes=quotes.quotes_of(session, repair),
        contact_log=contacts.contacts_of(session, repair) if Field.contact_log in fields else [],
        sent=messages_about(session, user, repair) if Field.messages in fields else [],
        errors=errors or {},
        values=values or {},
        done=page.request.query_params.get("done", ""),
        look=None if staff else look_of(repair.model.brand),  # the owner's brand's look
    )
    sections = sections_for(session, user, repair, now)  # the counter's, the survey's
    if not words_of_staff:
        return page.render("repairs/owner/repair.html", code, **context, sections=sections)
    work = _work(page, session, repair, now, clock)
    return page.render("repairs/repair.html", code, **context, **work, sections=sections)


def _work(
    page: Page, session: DbSession, repair: RepairOrder, now: datetime, clock: SlaClock | None
) -> dict[str, Any]:
    """Return what only the work page shows: who works on it, loaners, offline days."""
    assert page.user is not None
    user, fields = page.user, visible_fields(page.user)
    is_open = repair.closed_at is None
    loans = loaners_of(session, repair) if Field.loaners in fields else []
    opened = page.request.query_params.get("open", "")
    return dict(
        assignee=repair.assigned_to if Field.assignee in fields else None,
        may_take=is_open
        and works_at_centre(user, repair)
        and repair.assigned_to_id in (None, user.id),
        may_assign=is_open and may_assign_anyone(user, repair),
        assignees=assignees(session, repair) if is_open and may_assign_anyone(user, repair) else [],
        loans=loans,
        loan_out=next((loan for loan in loans if loan.returned_at is None), None),
        offline=offline_of(repair, loans, now) if Field.loaners in fields else None,
        loaner_owed=clock is not None and loaner_owed(clock.loaner_owed, repair.loaner_given),
        opened=opened if opened in SECTIONS else "",
        **_parts(session, user, repair),
    )


def _parts(session: DbSession, user: Account, repair: RepairOrder) -> dict[str, Any]:
    """Return the parts the repair asked for, and what the centre may still ask for."""
    asked = parts.parts_of(session, repair.id) if Field.parts in visible_fields(user) else []
    may_ask = acts_as_centre(user, repair) and Status(repair.status) in parts.NEEDS_PARTS
    return dict(
        repair_parts=asked,
        part_arrivals=parts.arrivals(session, asked),
        may_ask_parts=may_ask,
        fitting_parts=parts_for_model(session, repair.model_id) if may_ask else [],
        part_states=PART_STATES,
    )


def load(page: Page, session: DbSession, code: str, lock: bool = False) -> RepairOrder | Response:
    """Return the repair, or the page to answer with (sign-in, or the same 404 for all)."""
    if page.user is None:
        return page.to_login()
    try:
        return get_repair_for(session, page.user, code, lock=lock)
    except NotFound:
        return page.render(
            "error.html", 404, message=N_("No repair with this code is yours to see.")
        )


def act(
    page: Page,
    session: DbSession,
    code: str,
    now: datetime,
    csrf: str,
    form: str,
    values: dict[str, Any],
    action: Callable[[RepairOrder], object],
) -> Response:
    """Run one action on a repair; on failure show the page again with the input and why."""
    found = load(page, session, code, lock=True)
    if isinstance(found, Response):
        return found
    if not page.check_csrf(csrf):
        errors = {f"{form}.form": N_("The form expired. Please try again.")}
        return show(page, session, found, now, code=400, errors=errors, values=values)
    try:
        with service.stale_as_conflict():
            action(found)
            session.flush()
    except DomainError as exc:
        session.rollback()
        assert page.user is not None
        repair = get_repair_for(session, page.user, code)
        return show(page, session, repair, now, **failure(form, exc), values=values)
    return page.redirect(f"/repairs/{found.code}?done={form}")


def failure(form: str, exc: DomainError) -> dict[str, Any]:
    """Say why an action failed, next to the form that asked for it."""
    if isinstance(exc, StaleVersion):
        message = N_("Someone else changed this repair meanwhile. Here it is now; try again.")
        return {"code": 409, "errors": {f"{form}.form": message}}
    if isinstance(exc, InvalidTransition):
        return {"code": 409, "errors": {f"{form}.form": N_("This move is not allowed now.")}}
    errors = {f"{form}.form": exc.detail}
    if isinstance(exc, ValidationFailed):
        errors |= {f"{form}.{k}": v for k, v in exc.errors.items()}
    code = 409 if isinstance(exc, Conflict) else 403 if isinstance(exc, Forbidden) else 422
    return {"code": code, "errors": errors}


def version_of(raw: str) -> int | None:
    """Read the version a form was sent with (none: the check is skipped)."""
    return int(raw) if raw.isdigit() else None


def user_of(page: Page) -> Account:
    """Return the person acting (act() answers anonymous visitors before any action runs)."""
    assert page.user is not None
    return page.user
