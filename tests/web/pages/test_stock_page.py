"""The centre's stock page: the shelf, low stock, and deliveries recorded or moved to a new date."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.inventory.locations import centre_location
from aftersales.inventory.models import StockLevel, SupplyOrder
from aftersales.repairs.parts import need_part
from aftersales.repairs.service import transition
from tests.factories import World
from tests.inventory import make_part
from tests.web.pages.helpers import csrf, post, sign_in, texts


def test_a_delivery_recorded_here_lets_the_waiting_repair_go_on(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    part = make_part(session, [w.model], now, number="BT-07", kind="battery")
    repair = w.repair(now)
    transition(session, w.shop_staff, repair, "in_transit_to_centre", now)
    for status in ("at_centre", "diagnosing"):
        transition(session, w.technician, repair, status, now)
    need_part(session, w.technician, repair, part.id, 1, now)
    level = session.get_one(StockLevel, (centre_location(session, w.centre).id, part.id))
    level.reorder_point = 2
    session.commit()
    order = session.scalars(select(SupplyOrder)).one()
    sign_in(client, w.technician)
    page = texts(client.get("/centre/stock", headers={"Accept-Language": "en"}).text)
    assert "BT-07" in page and f"Order {order.id}" in page and "low" in page
    assert "BT-07" in texts(client.get("/centre/stock?low=1").text)
    token = csrf(client)
    bad = client.post(f"/centre/stock/orders/{order.id}/receive",
                      data={"csrf": token, "line": [str(order.lines[0].id)], "quantity": ["5"]},
                      follow_redirects=False)  # fmt: skip
    assert bad.status_code == 422 and "Receive at most what is still to arrive" in texts(bad.text)
    r = client.post(f"/centre/stock/orders/{order.id}/receive",
                    data={"csrf": token, "line": [str(order.lines[0].id)], "quantity": ["1"]},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    session.expire_all()
    assert repair.status == "repairing"  # the part came, the repair goes on
    assert f"Order {order.id}" not in texts(client.get("/centre/stock").text)  # received


def test_a_new_date_from_the_supplier_is_checked_and_moves_the_repairs(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    part = make_part(session, [w.model], now)
    repair = w.repair(now)
    transition(session, w.shop_staff, repair, "in_transit_to_centre", now)
    for status in ("at_centre", "diagnosing"):
        transition(session, w.technician, repair, status, now)
    need_part(session, w.technician, repair, part.id, 1, now)
    session.commit()
    order = session.scalars(select(SupplyOrder)).one()
    before = repair.expected_date
    sign_in(client, w.manager)
    r = post(client, f"/centre/stock/orders/{order.id}/date", {"expected_date": "soon"})
    assert r.status_code == 422
    page = texts(r.text)
    assert "Enter a date, e.g. 2026-03-01." in page
    later = (now.date() + timedelta(days=70)).isoformat()
    r = post(client, f"/centre/stock/orders/{order.id}/date",
             {"expected_date": later, "reason": "Display fermi in dogana"})  # fmt: skip
    assert r.status_code == 303
    session.expire_all()
    assert repair.expected_date > before and order.slips == 1
    assert "Display fermi in dogana" in texts(client.get("/centre/stock").text)
