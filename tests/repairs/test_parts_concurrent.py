"""Two technicians reserve the last display at the same moment: one gets it, one a back-order."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from aftersales.accounts.models import Account
from aftersales.db import make_engine, make_sessionmaker, session_scope
from aftersales.inventory import ledger
from aftersales.inventory.locations import centre_location
from aftersales.inventory.models import Movement, StockLevel
from aftersales.kernel.actors import SYSTEM
from aftersales.repairs.models import RepairOrder, RepairPart
from aftersales.repairs.parts import need_part
from tests.conftest import PG_SERVER, fresh_database
from tests.inventory import make_part
from tests.repairs import QuickWorld, on
from tests.repairs.test_parts import at_bench


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path, "parts") as url:
        yield url


@pytest.mark.skipif(not PG_SERVER, reason="concurrent writers need PostgreSQL")
def test_of_two_at_once_one_reserves_the_last_part_and_the_other_back_orders(database: str):
    engine = make_engine(database)
    factory = make_sessionmaker(engine)
    with session_scope(factory) as s:
        w = QuickWorld(s)
        part = make_part(s, [w.model], on(10))
        first, second = at_bench(s, w, on(10)), at_bench(s, w, on(10))
        shelf = centre_location(s, w.centre)
        ledger.move(s, shelf.id, part.id, Movement.received, 1, SYSTEM, on(10))
        ids = (first.id, second.id, w.technician.id, part.id, shelf.id)
    repair_a, repair_b, tech_id, part_id, shelf_id = ids
    a_reserved, release = threading.Event(), threading.Event()
    states: dict[str, str] = {}

    def ask(name: str, repair_id: int, hold: bool) -> None:
        with session_scope(factory) as s:
            tech = s.get_one(Account, tech_id)
            repair = s.get_one(RepairOrder, repair_id)
            states[name] = need_part(s, tech, repair, part_id, 1, on(10, hour=10)).state
            if hold:  # keep the transaction open while the other technician asks
                a_reserved.set()
                release.wait(10)

    a = threading.Thread(target=ask, args=("a", repair_a, True))
    a.start()
    assert a_reserved.wait(10)
    b = threading.Thread(target=ask, args=("b", repair_b, False))
    b.start()
    b.join(0.5)
    assert b.is_alive()  # it waits on the balance row, not reserving the same part
    release.set()
    a.join(10)
    b.join(10)
    assert states == {"a": "reserved", "b": "back_ordered"}
    with session_scope(factory) as s:
        level = s.get_one(StockLevel, (shelf_id, part_id))
        assert (level.on_hand, level.reserved) == (1, 1)
        kinds = s.scalars(select(RepairPart.state).order_by(RepairPart.id)).all()
        assert kinds == ["reserved", "back_ordered"]
    engine.dispose()
