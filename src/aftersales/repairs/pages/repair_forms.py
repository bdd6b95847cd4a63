"""Forms of the repair page for the centre's decisions and the contact log: the warranty
decision, a quote, the owner's answer to it, and a contact recorded."""

from __future__ import annotations

import re

from babel.numbers import get_currency_precision
from fastapi import APIRouter, Form
from fastapi.responses import Response

from aftersales.accounts.deps import PageDep
from aftersales.http.deps import DbSession, Now
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.text import MAX_INT
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
