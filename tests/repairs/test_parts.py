"""A repair's parts: reserved or back-ordered, filled by receipts in order of urgency, used at
repair, given back at the end, and a slipped supply order moves the waiting repairs' dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.inventory import ledger
from aftersales.inventory.locations import centre_location
from aftersales.inventory.models import Movement, StockMovement, SupplyOrder
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.errors import Conflict, Forbidden, NotFound, ValidationFailed
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.render import render
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.parts import need_part, parts_of, receive_supply
from aftersales.repairs.parts_late import late_supply, slip_supply
from aftersales.repairs.service import transition
from tests.factories import make_account
from tests.inventory import make_part
from tests.repairs import QuickWorld, on
from tests.repairs.test_messages import LINKS


def at_bench(session: Session, w: QuickWorld, when: datetime) -> RepairOrder:
    """Return a repair being diagnosed at the centre."""
    repair = w.repair(when)
    for status in ("in_transit_to_centre", "at_centre", "diagnosing"):
        transition(session, w.technician if status != "in_transit_to_centre" else w.shop_staff,
                   repair, status, when)  # fmt: skip
    return repair


def stock(session: Session, w: QuickWorld, part_id: int, q: int, when: datetime) -> None:
    """Put q parts on the centre's shelf."""
    shelf = centre_location(session, w.centre)
    ledger.move(session, shelf.id, part_id, Movement.received, q, SYSTEM, when)


def test_a_part_on_the_shelf_is_reserved_and_one_missing_is_back_ordered(session: Session):
    w = QuickWorld(session)
    part = make_part(session, [w.model], on(10), lead_days=3)
    first, second = at_bench(session, w, on(10)), at_bench(session, w, on(10))
    stock(session, w, part.id, 1, on(10))
    got = need_part(session, w.technician, first, part.id, 1, on(10, hour=10))
    assert got.state == "reserved" and first.status == "diagnosing"
    late = need_part(session, w.technician, second, part.id, 1, on(10, hour=11))
    assert late.state == "back_ordered" and second.status == "awaiting_parts"
    order = session.scalars(select(SupplyOrder)).one()
    assert order.expected_date == date(2026, 3, 13)  # 3 working days from Tuesday 10 March
    assert order.lines[0].quantity == 1 and late.supply_line_id == order.lines[0].id
    # A third back-order of the same part finds no room on that line: a new order.
    third = at_bench(session, w, on(10))
    need_part(session, w.technician, third, part.id, 1, on(10, hour=12))
    assert len(session.scalars(select(SupplyOrder)).all()) == 2


def test_asking_for_parts_is_the_centres_and_the_part_must_fit(session: Session):
    w = QuickWorld(session)
    part = make_part(session, [w.model], on(10))
    repair = at_bench(session, w, on(10))
    with pytest.raises(Forbidden):
        need_part(session, w.shop_staff, repair, part.id, 1, on(10))
    other = make_part(session, [QuickWorld(session).model], on(10))
    with pytest.raises(ValidationFailed):
        need_part(session, w.technician, repair, other.id, 1, on(10))
    with pytest.raises(ValidationFailed):
        need_part(session, w.technician, repair, part.id, 0, on(10))
    fresh = w.repair(on(10))
    with pytest.raises(Conflict):
        need_part(session, w.technician, fresh, part.id, 1, on(10))  # still at the shop


def test_a_receipt_fills_the_most_urgent_repairs_first_then_the_oldest(session: Session):
    w = QuickWorld(session)
    part = make_part(session, [w.model], on(10))
    old, newer, breached = (at_bench(session, w, on(d)) for d in (10, 11, 12))
    for repair in (old, newer, breached):
        need_part(session, w.technician, repair, part.id, 1, on(12))
    breached.sla_state = "breached"
    session.flush()
    order = session.scalars(select(SupplyOrder)).first()
    assert order is not None
    stranger = make_account(session, "centre_manager", password=None,
                            centre_id=QuickWorld(session).centre.id)  # fmt: skip
    with pytest.raises(NotFound):
        receive_supply(session, stranger, order, {order.lines[0].id: 1}, on(13))
    filled = receive_supply(session, w.manager, order, {order.lines[0].id: 1}, on(13))
    assert filled == 1 and order.status == "received"
    # The other orders' parts arrive too: two more on the shelf, found by the same rule.
    others = session.scalars(select(SupplyOrder).where(SupplyOrder.id != order.id)).all()
    receive_supply(session, w.manager, others[0], {others[0].lines[0].id: 1}, on(13, hour=10))
    states = {r.code: parts_of(session, r.id)[0].state for r in (old, newer, breached)}
    assert states == {breached.code: "reserved", old.code: "reserved", newer.code: "back_ordered"}
    assert (breached.status, old.status, newer.status) == (
        "repairing", "repairing", "awaiting_parts"
    )  # fmt: skip
    # The owners waiting for the part hear that it arrived (an end to the wait they were told of).
    told = [
        m.context.get("status")
        for m in session.scalars(select(OutboxMessage).where(OutboxMessage.about_id == breached.id))
        if m.context.get("audience") == "owner" and m.channel == "email"
    ]
    assert "repairing" in told
    with pytest.raises(ValidationFailed):  # more than is still to arrive
        receive_supply(session, w.manager, others[1], {others[1].lines[0].id: 2}, on(13))


def test_parts_are_used_at_repair_and_given_back_when_a_repair_ends_without(session: Session):
    w = QuickWorld(session)
    part = make_part(session, [w.model], on(10))
    stock(session, w, part.id, 2, on(10))
    fixed, dropped = at_bench(session, w, on(10)), at_bench(session, w, on(10))
    need_part(session, w.technician, fixed, part.id, 1, on(10))
    need_part(session, w.technician, dropped, part.id, 1, on(10))
    transition(session, w.technician, fixed, "repairing", on(11))
    transition(session, w.technician, fixed, "testing", on(11, hour=11))
    transition(session, w.technician, dropped, "ready", on(11))  # returned unrepaired
    assert [p.state for p in parts_of(session, fixed.id)] == ["used"]
    assert [p.state for p in parts_of(session, dropped.id)] == ["released"]
    shelf = centre_location(session, w.centre)
    level = ledger.level(session, shelf.id, part.id)
    assert level is not None and (level.on_hand, level.reserved) == (1, 0)
    kinds = session.scalars(
        select(StockMovement.kind).where(StockMovement.repair_id == fixed.id)
    ).all()
    assert kinds == ["reserved", "used"]


def test_a_slipped_order_moves_the_waiting_repairs_and_tells_them_why_once(session: Session):
    w = QuickWorld(session)
    w.owner.language = "it"
    part = make_part(session, [w.model], on(10), kind="display")
    repair = at_bench(session, w, on(10))
    need_part(session, w.technician, repair, part.id, 1, on(10))
    order = session.scalars(select(SupplyOrder)).one()
    before = repair.expected_date
    moved = slip_supply(session, w.manager, order, date(2026, 4, 14), "Fornitore in ritardo",
                        on(12))  # fmt: skip
    assert moved == 1 and repair.expected_date > date(2026, 4, 14) > before
    assert order.slips == 1 and order.first_expected_date < order.expected_date
    mails = session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "expected_later")
    ).all()
    owner_mail = [m for m in mails if m.context.get("audience") == "owner" and m.channel == "email"]
    assert len(owner_mail) == 1
    words = render(owner_mail[0].kind, "it", owner_mail[0].context, LINKS)
    said = "Ricambio atteso: display; nuova data di arrivo 14 apr 2026."
    assert said in words.paragraphs, words.paragraphs
    # An earlier date moves nothing and tells nobody.
    assert slip_supply(session, w.manager, order, date(2026, 4, 1), "Anticipato", on(13)) == 0
    # A date that passes with nothing delivered pushes the order and the repair back again.
    later = on(20, month=4)
    assert late_supply(session, SYSTEM, later) == 1
    assert order.expected_date > date(2026, 4, 20) and order.slips == 2
