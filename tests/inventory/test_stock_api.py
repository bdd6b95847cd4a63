"""The stock API: a brand fills its warehouse, sends parts to a centre, and the centre sees them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.inventory.locations import centre_location, warehouse
from tests.inventory import make_part
from tests.repairs import QuickWorld
from tests.web.helpers import assert_problem, bearer


def test_a_brand_sends_parts_to_a_centre_that_sets_when_they_run_low(
    client: Any, session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    part = make_part(session, [w.model], now, number="CP-9", kind="charging_port")
    depot, shelf = warehouse(session, w.brand, "IT"), centre_location(session, w.centre)
    brand, manager = bearer(session, w.brand_admin, now), bearer(session, w.manager, now)
    tech = bearer(session, w.technician, now)
    session.commit()
    fill = {"location_id": depot.id, "part_id": part.id, "change": 10, "reason": "Lotto 7"}
    assert client.post("/api/v1/stock/adjustments", json=fill, headers=brand).status_code == 204
    move = {"part_id": part.id, "from_location_id": depot.id, "to_location_id": shelf.id}
    too_many = client.post("/api/v1/stock/transfers", json=move | {"quantity": 11}, headers=brand)
    assert "not enough stock" in assert_problem(too_many, 409)["detail"]
    sent = client.post("/api/v1/stock/transfers", json=move | {"quantity": 3}, headers=brand)
    assert sent.status_code == 204
    point = {"location_id": shelf.id, "part_id": part.id, "reorder_point": 3}
    assert client.put("/api/v1/stock/reorder-points", json=point, headers=tech).status_code == 403
    assert (
        client.put("/api/v1/stock/reorder-points", json=point, headers=manager).status_code == 204
    )
    [row] = client.get(f"/api/v1/stock/{shelf.id}?low_only=true", headers=tech).json()
    assert (row["number"], row["on_hand"], row["available"], row["low"]) == ("CP-9", 3, 3, True)
    [depot_row] = client.get(f"/api/v1/stock/{depot.id}", headers=brand).json()
    assert depot_row["on_hand"] == 7
    assert client.get(f"/api/v1/stock/{depot.id}", headers=tech).status_code == 404


def test_a_transfer_says_how_many_are_available_and_keeps_warehouses_to_their_brand(
    client: Any, session: Session, now: datetime
) -> None:
    w, other = QuickWorld(session), QuickWorld(session)
    part = make_part(session, [w.model], now)
    depot, shelf = warehouse(session, w.brand, "IT"), centre_location(session, w.centre)
    theirs = warehouse(session, other.brand, "IT")
    admin = bearer(session, w.admin, now)
    session.commit()
    fill = {"location_id": depot.id, "part_id": part.id, "change": 2, "reason": "Lotto 8"}
    assert client.post("/api/v1/stock/adjustments", json=fill, headers=admin).status_code == 204
    move = {"part_id": part.id, "from_location_id": depot.id, "quantity": 3}
    short = client.post("/api/v1/stock/transfers", json=move | {"to_location_id": shelf.id},
                        headers=admin | {"Accept-Language": "en"})  # fmt: skip
    assert assert_problem(short, 409)["detail"].endswith("where it leaves: 2 available.")
    same = client.post("/api/v1/stock/transfers", json=move | {"to_location_id": depot.id},
                       headers=admin)  # fmt: skip
    assert_problem(same, 422, "to_location_id")
    foreign = client.post("/api/v1/stock/transfers", json=move | {"to_location_id": theirs.id},
                          headers=admin)  # fmt: skip
    body = assert_problem(foreign, 422, "to_location_id")
    assert "Another brand's warehouse" in body["errors"][0]["message"]
