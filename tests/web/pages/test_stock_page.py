"""The centre's stock page: the shelf, low stock, and deliveries recorded or moved to a new date."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.inventory import ledger
from aftersales.inventory.locations import centre_location
from aftersales.inventory.models import Movement, SupplyOrder
from aftersales.inventory.stock import set_reorder_point
from aftersales.kernel.actors import SYSTEM
from aftersales.notifications.models import OutboxMessage
from aftersales.repairs.parts import need_part
from aftersales.repairs.service import transition
from tests.factories import World, make_centre
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
    set_reorder_point(session, w.manager, centre_location(session, w.centre), part, 2, now)
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


def test_the_shelf_says_which_parts_are_low_and_lists_only_those_25_at_a_time(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    shelf = centre_location(session, w.centre)
    elsewhere = centre_location(session, make_centre(session, [w.brand]))
    for i in range(30):  # 27 low (2 available, reorder at 2), 3 plenty
        part = make_part(session, [w.model], now, number=f"LW-{i:02d}")
        ledger.move(session, shelf.id, part.id, Movement.received, 2 if i < 27 else 9, SYSTEM, now)
        set_reorder_point(session, w.manager, shelf, part, 2, now)
        set_reorder_point(session, SYSTEM, elsewhere, part, 5, now)  # another centre's: low
    session.commit()
    sign_in(client, w.manager)
    page = client.get("/centre/stock", headers={"Accept-Language": "en"}).text
    assert "27 parts are at or under their reorder point." in texts(page)
    assert page.index('id="orders-h"') < page.index('id="levels-h"')  # deliveries first
    low = client.get("/centre/stock?low=1", headers={"Accept-Language": "en"}).text
    assert low.index('id="levels-h"') < low.index('id="orders-h"')  # came for the low parts
    assert low.count('<tr class="low">') == 25 and "LW-27" not in low and 'rel="next"' in low
    rest = client.get("/centre/stock?low=1&page_no=2").text
    assert rest.count('<tr class="low">') == 2 and "LW-26" in rest and 'rel="prev"' in rest
    plenty = client.get("/centre/stock?page_no=2").text
    assert "LW-29" in plenty and plenty.count("<tr>") >= 3  # the full list, low or not


def test_the_manager_sets_a_reorder_point_on_the_shelf_and_hears_when_it_is_low(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    shelf = centre_location(session, w.centre)
    part = make_part(session, [w.model], now, number="RP-01")
    ledger.move(session, shelf.id, part.id, Movement.received, 3, SYSTEM, now)
    session.commit()
    sign_in(client, w.technician)
    assert 'name="reorder_point"' not in client.get("/centre/stock").text  # reads it only
    refused = post(client, "/centre/stock/reorder-points", {"part_id": str(part.id),
                                                           "reorder_point": "5"})  # fmt: skip
    assert refused.status_code == 403
    client.cookies.clear()
    sign_in(client, w.manager)
    en = {"Accept-Language": "en"}
    bad = client.post("/centre/stock/reorder-points", headers=en, data={
        "csrf": csrf(client), "part_id": str(part.id), "reorder_point": "lots",
    }, follow_redirects=False)  # fmt: skip
    assert bad.status_code == 422 and 'value="lots"' in bad.text
    assert f'id="part{part.id}-error"' in bad.text and "from 0 to 100000" in texts(bad.text)
    ok = post(client, "/centre/stock/reorder-points?page_no=1",
              {"part_id": str(part.id), "reorder_point": "3"})  # fmt: skip
    assert ok.status_code == 303 and ok.headers["location"].endswith(f"#part{part.id}")
    page = client.get(ok.headers["location"], headers=en).text
    assert "1 part is at or under its reorder point." in texts(page) and 'class="low"' in page
    told = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "low_stock")).all()
    assert [m.recipient for m in told] == [w.manager.email]
    other = make_part(session, [w.model], now)  # never on this shelf
    session.commit()
    missing = post(client, "/centre/stock/reorder-points",
                   {"part_id": str(other.id), "reorder_point": "1"})  # fmt: skip
    assert missing.status_code == 404
