"""The stock ledger: balances follow the movements and never go negative; parts are audited."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aftersales.audit.models import AuditEntry
from aftersales.inventory import ledger
from aftersales.inventory.ledger import Ref
from aftersales.inventory.locations import centre_location, warehouse
from aftersales.inventory.models import Movement, StockLevel, StockMovement
from aftersales.inventory.parts import create_part, parts_for_model, update_part
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.errors import Conflict, Forbidden, ValidationFailed
from tests.factories import make_model
from tests.inventory import make_part
from tests.repairs import QuickWorld


def _sums(session: Session, location_id: int, part_id: int) -> tuple[int, int]:
    """Return on hand and reserved as the ledger's movements add up."""
    row = session.execute(
        select(
            func.coalesce(func.sum(StockMovement.on_hand_change), 0),
            func.coalesce(func.sum(StockMovement.reserved_change), 0),
        ).where(StockMovement.location_id == location_id, StockMovement.part_id == part_id)
    ).one()
    return int(row[0]), int(row[1])


def test_the_balance_is_the_sum_of_the_movements_and_guards_hold(session: Session, now: datetime):
    w = QuickWorld(session)
    part = make_part(session, [w.model], now)
    shelf = centre_location(session, w.centre)
    assert centre_location(session, w.centre).id == shelf.id  # made once
    move = lambda kind, q: ledger.move(session, shelf.id, part.id, kind, q, SYSTEM, now)  # noqa: E731
    assert not move(Movement.reserved, 1)  # nothing on the shelf yet
    assert move(Movement.received, 3)
    assert move(Movement.reserved, 2)
    assert not move(Movement.reserved, 2)  # one available
    assert not move(Movement.transferred_out, 2)
    assert move(Movement.used, 1)
    assert move(Movement.released, 1)
    assert not move(Movement.released, 1)  # nothing reserved any more
    assert not move(Movement.adjusted, -3)  # only 2 on hand
    assert move(Movement.adjusted, -1)
    level = ledger.level(session, shelf.id, part.id)
    assert level is not None
    assert (level.on_hand, level.reserved, level.available) == (1, 0, 1)
    assert _sums(session, shelf.id, part.id) == (1, 0)
    with pytest.raises(Conflict):
        ledger.must_move(session, shelf.id, part.id, Movement.used, 1, SYSTEM, now)
    with pytest.raises(ValidationFailed):
        ledger.move(session, shelf.id, part.id, Movement.received, 0, SYSTEM, now)


def test_the_database_refuses_a_negative_balance_even_past_the_ledger(session: Session, now):  # type: ignore[no-untyped-def]
    w = QuickWorld(session)
    part = make_part(session, [w.model], now)
    shelf = centre_location(session, w.centre)
    ledger.move(session, shelf.id, part.id, Movement.received, 1, SYSTEM, now, Ref(reason="count"))
    level = session.get_one(StockLevel, (shelf.id, part.id))
    level.reserved = 2  # more reserved than on hand: the CHECK constraint says no
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_a_brand_warehouse_is_one_per_country(session: Session, now: datetime):
    w = QuickWorld(session)
    it = warehouse(session, w.brand, "IT")
    assert warehouse(session, w.brand, "IT").id == it.id and it.is_warehouse
    assert warehouse(session, w.brand, "VN").id != it.id


def test_parts_are_checked_fit_their_brand_and_changes_are_audited(session: Session, now):  # type: ignore[no-untyped-def]
    w = QuickWorld(session)
    other = make_model(session, QuickWorld(session).brand)
    with pytest.raises(ValidationFailed) as refused:
        create_part(session, SYSTEM, w.brand.id, [other.id], now, number="", kind="wheel",
                    names={"it": "Ruota"}, cost_minor=-1, price_minor=1, currency="EU",
                    lead_days=400)  # fmt: skip
    assert set(refused.value.errors) == {
        "number", "kind", "names", "cost_minor", "currency", "lead_days", "models"
    }  # fmt: skip
    part = make_part(session, [w.model], now, number="ds-mi8-01")
    assert part.number == "DS-MI8-01" and part.name_in("vi") == "Display assembly"
    with pytest.raises(Conflict):
        make_part(session, [w.model], now, number="DS-MI8-01")
    with pytest.raises(Forbidden):
        update_part(session, w.technician, part, [w.model.id], now, lead_days=9)
    update_part(session, w.brand_admin, part, [w.model.id], now, lead_days=9)
    assert part.lead_days == 9 and parts_for_model(session, w.model.id) == [part]
    entries = session.scalars(select(AuditEntry).where(AuditEntry.entity == "part")).all()
    assert [e.action for e in entries] == ["created", "updated"]
    assert entries[1].changes["lead_days"] == [5, 9]
