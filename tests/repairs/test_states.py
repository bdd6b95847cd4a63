"""The one table of moves, checked pair by pair through transition() on a real repair."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.kernel.errors import Forbidden, InvalidTransition, ValidationFailed
from aftersales.repairs.models import Quote, RepairOrder
from aftersales.repairs.service import transition
from aftersales.repairs.states import (
    LABELS,
    MOVES,
    NEXT_STEP,
    OPEN,
    PAUSES_CLOCK,
    PROGRESS,
    Actor,
    Status,
    allowed_next,
    allowed_next_for,
    is_allowed,
)
from tests.repairs import QuickWorld


def _actor(w: QuickWorld, side: Actor) -> Account:
    return {Actor.shop: w.shop_staff, Actor.centre: w.technician, Actor.owner: w.owner}[side]


def _place(session: Session, repair: RepairOrder, status: Status) -> None:
    """Put the repair at `status` directly: these tests are about the table, not the path."""
    repair.status = status
    session.flush()


def _quote(session: Session, repair: RepairOrder) -> None:
    pending = select(Quote).where(Quote.repair_id == repair.id, Quote.status == "pending")
    if session.scalar(pending) is None:
        session.add(
            Quote(
                repair_id=repair.id,
                amount_minor=5000,
                currency="EUR",
                description="New display",
                next_status=Status.repairing,
            )
        )
        session.flush()


def _move(
    session: Session,
    actor: Account,
    repair: RepairOrder,
    source: Status,
    target: Status,
    at: datetime,
) -> None:
    if target in PAUSES_CLOCK:  # the owner is asked to answer a quote: there must be one
        _quote(session, repair)
    transition(
        session,
        actor,
        repair,
        target,
        at,
        outcome="repaired" if target == Status.closed else None,
        by_quote=source in PAUSES_CLOCK,
    )


@pytest.mark.parametrize("source", list(Status), ids=str)
def test_every_pair_from_source(session: Session, now: datetime, source: Status) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    at = now + timedelta(hours=1)
    for target in Status:
        pair = (source, target)
        if pair in MOVES:
            assert is_allowed(source, target)
            for side in Actor:
                _place(session, repair, source)
                version_before = repair.version
                if side in MOVES[pair]:
                    _move(session, _actor(w, side), repair, source, target, at)
                    assert repair.status == target, (pair, side)
                    assert repair.version > version_before
                else:
                    with pytest.raises(Forbidden) as info:
                        _move(session, _actor(w, side), repair, source, target, at)
                    assert str(source) in info.value.detail
                    assert repair.status == source
            # Staff of another organisation (here the brand) has no side on the repair.
            _place(session, repair, source)
            with pytest.raises(Forbidden):
                _move(session, w.brand_admin, repair, source, target, at)
            # Platform admins may make every listed move.
            _move(session, w.admin, repair, source, target, at)
            assert repair.status == target
        else:
            assert not is_allowed(source, target)
            _place(session, repair, source)
            with pytest.raises(InvalidTransition) as info:
                _move(session, w.admin, repair, source, target, at)
            assert info.value.allowed == allowed_next(source)
            assert repair.status == source
            for side in Actor:
                with pytest.raises(InvalidTransition) as info:
                    _move(session, _actor(w, side), repair, source, target, at)
                # A side is told the moves it may make itself, a subset of the table's.
                assert info.value.allowed == allowed_next_for(source, frozenset({side}))
                assert set(info.value.allowed) <= set(allowed_next(source))
                assert repair.status == source


def test_allowed_next_lists_the_table_in_life_cycle_order() -> None:
    order = list(Status)
    for source in Status:
        nxt = allowed_next(source)
        assert set(nxt) == {to for (frm, to) in MOVES if frm == source}
        assert nxt == sorted(nxt, key=order.index)
        assert allowed_next_for(source, None) == nxt


def test_finished_repairs_go_nowhere_and_open_ones_can_move() -> None:
    assert allowed_next(Status.closed) == []
    assert allowed_next(Status.cancelled) == []
    for status in OPEN:
        assert allowed_next(status), status


def test_every_status_is_reachable_from_registered() -> None:
    reached, frontier = {Status.registered}, [Status.registered]
    while frontier:
        for nxt in allowed_next(frontier.pop()):
            if nxt not in reached:
                reached.add(nxt)
                frontier.append(nxt)
    assert reached == set(Status)


def test_every_status_has_wording_and_progress() -> None:
    for status in Status:
        assert LABELS[status]
        assert NEXT_STEP[status]
        assert 0.0 <= PROGRESS[status] <= 1.0


def test_the_message_of_a_refused_move_names_the_allowed_ones(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    with pytest.raises(InvalidTransition) as info:
        transition(session, w.technician, repair, "ready", now)
    assert "received" in info.value.detail and "ready" in info.value.detail
    for status in info.value.allowed:
        assert status in info.value.detail


def test_closing_needs_an_outcome_and_only_closing_takes_one(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    _place(session, repair, Status.ready)
    with pytest.raises(ValidationFailed) as info:
        transition(session, w.technician, repair, Status.closed, now)
    assert "outcome" in info.value.errors
    with pytest.raises(ValidationFailed) as info:
        transition(session, w.technician, repair, Status.closed, now, outcome="fixed-ish")
    assert "outcome" in info.value.errors
    with pytest.raises(ValidationFailed) as info:
        transition(
            session, w.technician, repair, Status.in_transit_to_shop, now, outcome="repaired"
        )
    assert "outcome" in info.value.errors
    assert repair.status == Status.ready
    transition(session, w.technician, repair, Status.closed, now, outcome="replaced")
    assert repair.status == Status.closed
    assert repair.outcome == "replaced"
    assert repair.closed_at == now


def test_unknown_status_is_a_field_error(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    with pytest.raises(ValidationFailed) as info:
        transition(session, w.technician, repair, "fixed", now)
    assert "to_status" in info.value.errors
    assert "diagnosing" in info.value.errors["to_status"]


def test_owner_cannot_skip_the_quote_by_moving_the_status(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    _place(session, repair, Status.awaiting_approval)
    with pytest.raises(Forbidden) as info:
        transition(session, w.owner, repair, Status.repairing, now)
    assert "quote" in info.value.detail
    assert repair.status == Status.awaiting_approval


def test_an_owner_of_another_phone_has_no_side(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    repair = w.repair(now)
    _place(session, repair, Status.registered)
    stranger = QuickWorld(session).owner
    with pytest.raises(Forbidden):
        transition(session, stranger, repair, Status.cancelled, now)
    transition(session, w.owner, repair, Status.cancelled, now)
    assert repair.status == Status.cancelled
