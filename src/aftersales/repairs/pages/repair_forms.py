"""Forms of the repair page for the centre's decisions and the contact log: the warranty
decision, a quote, the owner's answer to it, and a contact recorded."""

from __future__ import annotations

from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.http.deps import DbSession, Now
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.money import parse_money
from aftersales.repairs import contacts, quotes, service
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.pages.repair_view import act, user_of, version_of

router = APIRouter(include_in_schema=False)


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

    def run(repair: RepairOrder) -> None:
        service.decide_warranty(
            session,
            user_of(page),
            repair,
            now,
            decision=decision,
            reason=reason,
            version=version_of(version),
        )

    return act(page, session, code, now, csrf, "warranty", values, run)


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

    def run(repair: RepairOrder) -> None:
        quotes.make_quote(
            session,
            user_of(page),
            repair,
            now,
            amount_minor=parse_money(amount, currency),
            currency=currency,
            description=description,
            version=version_of(version),
        )

    return act(page, session, code, now, csrf, "quote", values, run)


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

    def run(repair: RepairOrder) -> None:
        if answer not in ("approve", "decline"):
            raise ValidationFailed("Choose approve or decline.", {"answer": N_("Choose one.")})
        quotes.decide_quote(
            session,
            user_of(page),
            repair,
            now,
            approve=answer == "approve",
            told_by=told_by or None,
        )

    values = {"answer": answer, "told_by": told_by}
    return act(page, session, code, now, csrf, "decision", values, run)


@router.post("/repairs/{code}/quote/withdraw")
def quote_withdraw(
    code: str,
    page: PageDep,
    session: DbSession,
    now: Now,
    reason: str = Form(""),
    version: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    """The centre withdraws the waiting quote, saying why (the owner is told)."""

    def run(repair: RepairOrder) -> None:
        quotes.withdraw_quote(
            session, user_of(page), repair, now, reason=reason, version=version_of(version)
        )

    return act(page, session, code, now, csrf, "withdraw", {"reason": reason}, run)


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

    def run(repair: RepairOrder) -> None:
        contacts.record_contact(
            session, user_of(page), repair, now, channel=channel, who=who, note=text
        )

    return act(page, session, code, now, csrf, "contact", values, run)
