"""Quotes for out-of-warranty work: the owner approves or declines; the clock waits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.kernel.errors import Conflict, Forbidden, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.text import MAX_INT, check_texts, text_problem
from aftersales.repairs.access import require_centre, sides_of
from aftersales.repairs.contacts import CONTACT_CHANNELS
from aftersales.repairs.models import Quote, RepairOrder
from aftersales.repairs.service import check_version, transition
from aftersales.repairs.states import Actor, Status

AFTER_APPROVAL = (Status.repairing, Status.awaiting_parts)


def pending_quote(session: Session, repair: RepairOrder) -> Quote | None:
    """Return the quote waiting for the owner, if any."""
    return session.scalar(
        select(Quote).where(Quote.repair_id == repair.id, Quote.status == "pending")
    )


def make_quote(
    session: Session,
    actor: Account,
    repair: RepairOrder,
    now: datetime,
    *,
    amount_minor: int,
    currency: str,
    description: str,
    next_status: str = Status.repairing,
    version: int | None = None,
) -> Quote:
    """Quote a price and ask the owner's approval; the SLA clock stops meanwhile."""
    check_version(repair, version)
    require_centre(actor, repair)
    errors: dict[str, str] = {}
    if amount_minor <= 0:
        errors["amount_minor"] = N_("Give the price in minor units (cents), above zero.")
    elif amount_minor > MAX_INT:
        errors["amount_minor"] = N_("The price is too large.")
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = N_("Use an ISO 4217 code such as EUR or VND.")
    if len(description.strip()) < 5:
        errors["description"] = N_("Explain to the owner what the price covers.")
    check_texts(errors, description=description)
    if next_status not in AFTER_APPROVAL:
        errors["next_status"] = N_("After approval the repair goes to repairing or awaiting_parts.")
    if errors:
        raise ValidationFailed("The quote cannot be made.", errors)
    if pending_quote(session, repair) is not None:
        raise Conflict("A quote is already waiting for the owner's answer.")
    quote = Quote(
        repair_id=repair.id,
        amount_minor=amount_minor,
        currency=currency.upper(),
        description=description.strip(),
        next_status=next_status,
        created_at=now,
    )
    session.add(quote)
    session.flush()  # the move below checks that a quote waits (callers may not autoflush)
    transition(session, actor, repair, Status.awaiting_approval, now, note=description.strip())
    return quote


def decide_quote(
    session: Session,
    actor: Account,
    repair: RepairOrder,
    now: datetime,
    *,
    approve: bool,
    told_by: str | None = None,
) -> Quote:
    """Record the owner's answer and move the repair on (approved work, or return unrepaired).

    The owner answers themselves; the centre records an answer the owner gave it, saying how
    (`told_by`), and the owner is told of the step like any other.
    """
    sides = sides_of(actor, repair)
    if sides is not None and not sides & {Actor.owner, Actor.centre}:
        raise Forbidden(
            N_("Only the owner (or the centre on the owner's word) may answer a quote.")
        )
    for_owner = sides is not None and Actor.owner not in sides
    if for_owner and told_by not in CONTACT_CHANNELS:  # the ways anyone reaches the centre
        raise ValidationFailed(
            N_("Say how the owner gave the answer."),
            {"told_by": N_("Choose how the owner told you: phone, e-mail, in person …")},
        )
    quote = pending_quote(session, repair)
    if quote is None or repair.status != Status.awaiting_approval:
        raise Conflict(N_("There is no quote waiting for an answer."))
    quote.status = "approved" if approve else "declined"
    quote.decided_at, quote.decided_by_id = now, actor.id
    facts = {"quote_answer_told_by": told_by} if for_owner else None
    if approve:
        note = (
            N_("Quote approved.")
            if not for_owner
            else N_("Quote approved by the owner, as told to the centre.")
        )
        transition(session, actor, repair, quote.next_status, now, by_quote=True, note=note,
                   facts=facts)  # fmt: skip
    else:
        note = (
            N_("Quote declined: the phone is checked and returned unrepaired.")
            if not for_owner
            else N_(
                "Quote declined by the owner, as told to the centre: the phone is checked and "
                "returned unrepaired."
            )
        )
        transition(session, actor, repair, Status.testing, now, by_quote=True, note=note,
                   facts=facts)  # fmt: skip
    return quote


def withdraw_quote(
    session: Session,
    actor: Account,
    repair: RepairOrder,
    now: datetime,
    *,
    reason: str,
    version: int | None = None,
) -> Quote:
    """Withdraw the waiting quote, saying why; the repair goes back to diagnosing.

    The owner is told (with the reason) like of any other step, and the quote's link then
    answers that the quote was withdrawn. A new quote may follow from diagnosing.
    """
    check_version(repair, version)
    require_centre(actor, repair)
    problem = text_problem(reason) if reason.strip() else None
    if len(reason.strip()) < 5 or problem is not None:
        raise ValidationFailed(
            N_("Say why the quote is withdrawn."),
            {"reason": problem or N_("Tell the owner why, e.g. the price changed.")},
        )
    quote = pending_quote(session, repair)
    if quote is None or repair.status != Status.awaiting_approval:
        raise Conflict(N_("There is no quote waiting for an answer."))
    quote.status = "withdrawn"
    quote.decided_at, quote.decided_by_id = now, actor.id
    transition(session, actor, repair, Status.diagnosing, now, by_quote=True,
               note=reason.strip(), facts={"quote_withdrawn": quote.id})  # fmt: skip
    return quote


def quotes_of(session: Session, repair: RepairOrder) -> list[Quote]:
    """Return a repair's quotes, oldest first."""
    return list(
        session.scalars(select(Quote).where(Quote.repair_id == repair.id).order_by(Quote.id))
    )
