"""Versions and the append-only history of a repair."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from aftersales.kernel.errors import Conflict, Forbidden, ValidationFailed
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.quotes import (
    decide_quote,
    make_quote,
    quotes_of,
    withdraw_quote,
)
from aftersales.repairs.service import check_version, decide_warranty, transition
from aftersales.repairs.states import Status
from tests.repairs import QuickWorld, events, on


def at_diagnosis(session: Session, w: QuickWorld, now: datetime) -> RepairOrder:
    repair = w.repair(now)
    transition(session, w.technician, repair, Status.diagnosing, now)
    return repair


def test_stale_version_is_a_conflict(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    seen = repair.version
    check_version(repair, seen)
    check_version(repair, None)
    transition(session, w.technician, repair, Status.diagnosing, now, version=seen)
    assert repair.version > seen
    with pytest.raises(Conflict) as info:
        check_version(repair, seen)
    assert "Being checked" in info.value.detail
    with pytest.raises(Conflict):
        transition(session, w.technician, repair, Status.awaiting_parts, now, version=seen)
    with pytest.raises(Conflict):
        decide_warranty(
            session, w.technician, repair, now, decision="covered", reason="Defect", version=seen
        )
    assert repair.status == Status.diagnosing


def test_events_are_append_only(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    first = events(session, repair)[0]
    first.note = "rewritten history"
    with pytest.raises(RuntimeError, match="append-only"):
        session.flush()
    session.rollback()


def test_events_cannot_be_deleted(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    session.delete(events(session, repair)[-1])
    with pytest.raises(RuntimeError, match="append-only"):
        session.flush()
    session.rollback()


def test_every_move_is_an_event_with_actor_and_time(session: Session) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, on(10))
    transition(session, w.technician, repair, Status.repairing, on(11), internal_note="Swap")
    moves = [e for e in events(session, repair) if e.type == "status_changed"]
    assert [(e.from_status, e.to_status) for e in moves] == [
        (Status.registered, Status.received),
        (Status.received, Status.diagnosing),
        (Status.diagnosing, Status.repairing),
    ]
    assert moves[-1].at == on(11)
    assert moves[-1].actor_id == w.technician.id
    assert moves[-1].actor_role == "technician"
    assert moves[-1].internal_note == "Swap"
    assert repair.last_public_event_at == on(11)


def test_staff_leave_a_waiting_quote_only_by_its_answer_or_by_withdrawing_it(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    repair = at_diagnosis(session, w, now)
    first = make_quote(
        session, w.technician, repair, now, amount_minor=5000, currency="EUR", description="Battery"
    )
    # Moving on without an answer would leave the owner's link answering nothing.
    for target in (Status.awaiting_parts, Status.repairing, Status.testing, Status.diagnosing):
        with pytest.raises(Conflict) as info:
            transition(session, w.technician, repair, target, now)
        assert "withdraw the quote" in info.value.detail
    assert repair.status == Status.awaiting_approval and first.status == "pending"
    with pytest.raises(ValidationFailed) as bad:
        withdraw_quote(session, w.technician, repair, now, reason=" ")
    assert set(bad.value.errors) == {"reason"}
    with pytest.raises(Forbidden):
        withdraw_quote(session, w.owner, repair, now, reason="The price changed.")
    withdraw_quote(session, w.technician, repair, now, reason="The part's price went up.")
    assert first.status == "withdrawn" and first.decided_by_id == w.technician.id
    assert repair.status == Status.diagnosing
    last = events(session, repair)[-1]
    assert (last.from_status, last.to_status, last.public) == (
        Status.awaiting_approval,
        Status.diagnosing,
        True,
    )
    assert last.note == "The part's price went up."
    assert last.data["quote_withdrawn"] == first.id
    with pytest.raises(Conflict):
        decide_quote(session, w.owner, repair, now, approve=True)
    # A new price can be asked for, and answered.
    second = make_quote(
        session, w.technician, repair, now, amount_minor=7000, currency="EUR", description="Board"
    )
    decide_quote(session, w.owner, repair, now, approve=True)
    assert second.status == "approved"
    assert [q.status for q in quotes_of(session, repair)] == ["withdrawn", "approved"]
