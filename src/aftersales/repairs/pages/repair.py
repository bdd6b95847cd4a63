"""One repair's page, for everyone who may see it: what each side sees and may do."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel.numbers import get_currency_precision
from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.accounts.models import Account
from aftersales.catalog.look import look_of
from aftersales.http.deps import DbSession, Now
from aftersales.http.pages import Page
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
from aftersales.kernel.text import MAX_INT
from aftersales.repairs import contacts, quotes, service
from aftersales.repairs.access import (
    acts_as_centre,
    acts_as_staff,
    get_repair_for,
    reads_staff_wording,
    sides_of,
)
from aftersales.repairs.coverage import warranty_facts
from aftersales.repairs.fields import Field, visible_fields
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.repairs.queries import TermsCache, events_of
from aftersales.repairs.sections import sections_for
from aftersales.repairs.sent import messages_about
from aftersales.repairs.states import Actor, Status, allowed_next_for, label, next_step
from aftersales.repairs.timing import clock_for, current_estimate
from aftersales.repairs.tracking import EVENT_LABELS

router = APIRouter(include_in_schema=False)


@dataclass
class Step:
    """One line of a repair's timeline as a page shows it."""

    at: datetime
    label: str
    note: str | None
    internal: str | None


def _steps(events: list[RepairEvent], internal: bool, staff: bool) -> list[Step]:
    return [
        Step(
            at=e.at,
            label=label(Status(e.to_status), staff=staff)
            if e.to_status
            else EVENT_LABELS.get(e.type, e.type),
            note=e.note,
            internal=e.internal_note if internal else None,
        )
        for e in events
    ]


def _show(
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
    sides = sides_of(page.user, repair)
    staff = acts_as_staff(page.user, repair)
    fields = visible_fields(page.user)
    current = Status(repair.status)
    return page.render(
        "repairs/repair.html",
        code,
        repair=repair,
        # Staff read the steps told about the owner; owners read them told to them.
        status_label=label(current, staff=reads_staff_wording(page.user)),
        next_step=next_step(current, staff=reads_staff_wording(page.user)),
        expected=current_estimate(session, repair, now),
        clock=clock_for(repair, TermsCache(session)(repair), now) if Field.sla in fields else None,
        steps=_steps(
            events_of(session, repair, public_only=Field.staff_events not in fields),
            Field.internal_notes in fields,
            reads_staff_wording(page.user),
        ),
        fields=fields,
        staff=staff,
        centre_side=acts_as_centre(page.user, repair),
        # What the warranty decision rests on: for those who decide it (repairs/fields.py).
        warranty=warranty_facts(session, repair) if Field.warranty in fields else None,
        owner_side=sides is None or Actor.owner in sides,
        # A quote is sent with its own form, which moves the repair to awaiting approval.
        moves=[
            (s, label(s, staff=True))
            for s in allowed_next_for(current, sides)
            # closing is the counter's hand-back form, which records who collected the phone
            if staff and s not in (Status.awaiting_approval, Status.closed)
        ],
        quote=quotes.pending_quote(session, repair),
        quotes=quotes.quotes_of(session, repair),
        contact_log=contacts.contacts_of(session, repair) if Field.contact_log in fields else [],
        sent=messages_about(session, page.user, repair) if Field.messages in fields else [],
        sections=sections_for(session, page.user, repair, now),
        errors=errors or {},
        values=values or {},
        done=page.request.query_params.get("done", ""),
        look=None if staff else look_of(repair.model.brand),  # the owner's brand's look
    )


def _load(page: Page, session: DbSession, code: str, lock: bool = False) -> RepairOrder | Response:
    """Return the repair, or the page to answer with (sign-in, or the same 404 for all)."""
    if page.user is None:
        return page.to_login()
    try:
        return get_repair_for(session, page.user, code, lock=lock)
    except NotFound:
        return page.render(
            "error.html", 404, message=N_("No repair with this code is yours to see.")
        )


@router.get("/repairs/{code}")
def repair_page(code: str, page: PageDep, session: DbSession, now: Now) -> Response:
    """Show one repair: status, expected date, timeline, and the actions the person may take."""
    found = _load(page, session, code)
    return found if isinstance(found, Response) else _show(page, session, found, now)


def _act(
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
    found = _load(page, session, code, lock=True)
    if isinstance(found, Response):
        return found
    if not page.check_csrf(csrf):
        errors = {f"{form}.form": N_("The form expired. Please try again.")}
        return _show(page, session, found, now, code=400, errors=errors, values=values)
    try:
        with service.stale_as_conflict():
            action(found)
            session.flush()
    except DomainError as exc:
        session.rollback()
        assert page.user is not None
        repair = get_repair_for(session, page.user, code)
        return _show(page, session, repair, now, **_failure(form, exc), values=values)
    return page.redirect(f"/repairs/{found.code}?done={form}")


# For the areas that add forms to the repair page (aftersales.counter): the same loading,
# acting and showing as the page's own forms.
load_repair, act_on_repair, show_repair = _load, _act, _show


def _failure(form: str, exc: DomainError) -> dict[str, Any]:
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


def _version(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None


def _user(page: Page) -> Account:
    assert page.user is not None  # _act answers anonymous visitors before any action runs
    return page.user


@router.post("/repairs/{code}/move")
def move(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    to_status: str = Form(""),
    version: str = Form(""),
    note: str = Form(""),
    internal_note: str = Form(""),
    outcome: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Move the repair on; only the moves the table allows are offered, and checked again."""
    values = {"to_status": to_status, "note": note, "internal_note": internal_note}

    def act(repair: RepairOrder) -> None:
        service.transition(
            session,
            _user(page),
            repair,
            to_status,
            now,
            version=_version(version),
            note=note,
            internal_note=internal_note,
            outcome=outcome or None,
        )

    return _act(page, session, code, now, csrf, "move", values, act)


@router.post("/repairs/{code}/cancel")
def cancel(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    confirm: bool = Form(False),
    csrf: str = Form(""),
) -> Response:
    """Cancel a booking whose phone was never handed in, once the owner confirms it."""

    def act(repair: RepairOrder) -> None:
        if not confirm:
            raise ValidationFailed(
                N_("Confirm that you want to cancel."),
                {"confirm": N_("Tick the box to cancel the booking.")},
            )
        service.transition(session, _user(page), repair, Status.cancelled, now)

    return _act(page, session, code, now, csrf, "cancel", {}, act)


@router.post("/repairs/{code}/note")
def note(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    text: str = Form(""),
    public: bool = Form(False),
    csrf: str = Form(""),
) -> Response:
    """Add a note: public ones explain the problem to the owner, internal ones stay inside."""
    values = {"text": text, "public": public}

    def act(repair: RepairOrder) -> None:
        service.add_note(session, _user(page), repair, now, text=text, public=public)

    return _act(page, session, code, now, csrf, "note", values, act)


@router.post("/repairs/{code}/warranty")
def warranty(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    decision: str = Form(""),
    reason: str = Form(""),
    version: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Record the warranty decision and the reason the owner reads."""
    values = {"decision": decision, "reason": reason}

    def act(repair: RepairOrder) -> None:
        service.decide_warranty(
            session,
            _user(page),
            repair,
            now,
            decision=decision,
            reason=reason,
            version=_version(version),
        )

    return _act(page, session, code, now, csrf, "warranty", values, act)


def parse_money(text: str, currency: str) -> int:
    """Read a price as people type it (89,90 · 89.90 · 1.500.000 · 1,234.50) into minor units.

    Both separators are read the same in every language: with both present the last one
    is the decimal mark; a lone one is the decimal mark only when the currency has decimals
    and at most that many digits follow it (so 1.500.000 VND and 89.90 EUR both read right).
    """
    digits = get_currency_precision(currency)
    raw = text.strip().replace(" ", "").replace("\xa0", "")
    if not re.fullmatch(r"\d[\d.,]*", raw):
        raise ValidationFailed("The price is not a number.", {"amount": _PRICE_HINT})
    marks = [i for i, ch in enumerate(raw) if ch in ".,"]
    decimal_at = None
    if marks and digits > 0:
        mixed = len({raw[i] for i in marks}) > 1
        if mixed or (len(marks) == 1 and 0 < len(raw) - marks[-1] - 1 <= digits):
            decimal_at = marks[-1]
    whole, cents = (raw, "") if decimal_at is None else (raw[:decimal_at], raw[decimal_at + 1 :])
    groups = re.split(r"[.,]", whole)
    if not groups[0] or any(len(g) != 3 for g in groups[1:]) or len(cents) > digits:
        raise ValidationFailed("The price is not valid.", {"amount": _PRICE_HINT})
    whole = "".join(groups)
    minor = int(whole) * 10**digits + int((cents or "0").ljust(digits, "0") or "0")
    if minor <= 0:
        raise ValidationFailed("The price is not valid.", {"amount": _PRICE_HINT})
    if minor > MAX_INT:
        raise ValidationFailed("The price is too large.", {"amount": N_("The price is too large.")})
    return minor


_PRICE_HINT = N_("Enter the price, e.g. 89,90.")


@router.post("/repairs/{code}/quote")
def quote(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    amount: str = Form(""),
    currency: str = Form("EUR"),
    description: str = Form(""),
    version: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Send the owner a quote for out-of-warranty work (the SLA clock stops meanwhile)."""
    values = {"amount": amount, "currency": currency, "description": description}

    def act(repair: RepairOrder) -> None:
        quotes.make_quote(
            session,
            _user(page),
            repair,
            now,
            amount_minor=parse_money(amount, currency),
            currency=currency,
            description=description,
            version=_version(version),
        )

    return _act(page, session, code, now, csrf, "quote", values, act)


@router.post("/repairs/{code}/quote/decision")
def quote_decision(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    answer: str = Form(""),
    told_by: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """The owner approves or declines the quote; the centre records the owner's answer."""

    def act(repair: RepairOrder) -> None:
        if answer not in ("approve", "decline"):
            raise ValidationFailed("Choose approve or decline.", {"answer": N_("Choose one.")})
        quotes.decide_quote(
            session, _user(page), repair, now, approve=answer == "approve", told_by=told_by or None
        )

    values = {"answer": answer, "told_by": told_by}
    return _act(page, session, code, now, csrf, "decision", values, act)


@router.post("/repairs/{code}/contact")
def contact(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    channel: str = Form(""),
    who: str = Form(""),
    text: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """Record that the owner or the shop asked where the repair stands."""
    values = {"channel": channel, "who": who, "text": text}

    def act(repair: RepairOrder) -> None:
        contacts.record_contact(
            session, _user(page), repair, now, channel=channel, who=who, note=text
        )

    return _act(page, session, code, now, csrf, "contact", values, act)
