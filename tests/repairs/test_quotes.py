"""Quotes on a real database: approve, decline, checks."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.kernel.errors import Conflict, Forbidden, ValidationFailed
from aftersales.repairs.models import Quote, RepairOrder
from aftersales.repairs.quotes import decide_quote, make_quote, pending_quote, quotes_of
from aftersales.repairs.service import transition
from aftersales.repairs.states import Status
from tests.repairs import QuickWorld, events


def at_diagnosis(session: Session, w: QuickWorld, now: datetime) -> RepairOrder:
    repair = w.repair(now)
    transition(session, w.technician, repair, Status.diagnosing, now)
    return repair


def test_quote_declined_returns_the_phone_unrepaired(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, now)
    quote = make_quote(
        session,
        w.technician,
        repair,
        now,
        amount_minor=8000,
        currency="EUR",
        description="Charging port replacement",
        next_status=Status.awaiting_parts,
    )
    assert pending_quote(session, repair) is quote
    with pytest.raises(Conflict):
        make_quote(
            session, w.technician, repair, now, amount_minor=1, currency="EUR", description="Again"
        )
    with pytest.raises(Forbidden):
        decide_quote(session, w.shop_staff, repair, now, approve=True)
    decide_quote(session, w.owner, repair, now + timedelta(days=1), approve=False)
    assert quote.status == "declined"
    assert quote.decided_by_id == w.owner.id
    assert repair.status == Status.testing
    assert pending_quote(session, repair) is None
    last = [e for e in events(session, repair) if e.type == "status_changed"][-1]
    assert (last.from_status, last.to_status) == (Status.awaiting_approval, Status.testing)
    assert last.actor_id == w.owner.id
    assert last.note and "declined" in last.note
    with pytest.raises(Conflict):
        decide_quote(session, w.owner, repair, now, approve=True)


def test_quote_approved_goes_to_the_quoted_next_step(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, now)
    make_quote(
        session,
        w.manager,
        repair,
        now,
        amount_minor=8000,
        currency="EUR",
        description="Charging port replacement",
        next_status=Status.awaiting_parts,
    )
    decide_quote(session, w.technician, repair, now, approve=True, told_by="phone")  # owner's word
    assert repair.status == Status.awaiting_parts
    [quote] = quotes_of(session, repair)
    assert (quote.status, quote.currency, quote.amount_minor) == ("approved", "EUR", 8000)
    assert session.scalar(select(Quote.status).where(Quote.id == quote.id)) == "approved"


def test_quote_fields_are_checked(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, now)
    with pytest.raises(ValidationFailed) as info:
        make_quote(
            session,
            w.technician,
            repair,
            now,
            amount_minor=0,
            currency="E1",
            description="x",
            next_status=Status.ready,
        )
    assert set(info.value.errors) == {"amount_minor", "currency", "description", "next_status"}
    with pytest.raises(Forbidden):
        make_quote(
            session,
            w.shop_staff,
            repair,
            now,
            amount_minor=100,
            currency="EUR",
            description="Display",
        )
    assert repair.status == Status.diagnosing
