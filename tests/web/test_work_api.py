"""The API of the centre's work: taking and assigning repairs, loaner phones, offline days."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from aftersales.repairs.models import RepairOrder
from tests.factories import make_account
from tests.repairs import QuickWorld
from tests.web.helpers import assert_problem, bearer


def _world(session: Session, now: datetime) -> tuple[QuickWorld, RepairOrder, Any]:
    w = QuickWorld(session)
    other = make_account(session, "technician", password=None, centre_id=w.centre.id)
    repair = w.repair(now - timedelta(days=3))
    session.commit()
    return w, repair, other


def test_a_technician_takes_a_repair_and_another_is_told_who_has_it(
    client: Any, session: Session, now: datetime
) -> None:
    w, repair, other = _world(session, now)
    url = f"/api/v1/repairs/{repair.code}/assignment"
    r = client.post(url, json={"technician": "me"}, headers=bearer(session, w.technician, now))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["assignee"] == {"id": w.technician.id, "name": w.technician.name}
    assert {t["id"] for t in body["technicians"]} == {w.technician.id, w.manager.id, other.id}
    late = client.post(url, json={"technician": "me"}, headers=bearer(session, other, now))
    problem = assert_problem(late, 409)
    assert w.technician.name in problem["detail"]
    shop = client.get(f"/api/v1/repairs/{repair.code}", headers=bearer(session, w.shop_staff, now))
    assert shop.json()["assignee"] == w.technician.name
    owner = client.get(f"/api/v1/repairs/{repair.code}", headers=bearer(session, w.owner, now))
    assert owner.json()["assignee"] is None


def test_the_manager_reassigns_and_an_old_version_answers_409(
    client: Any, session: Session, now: datetime
) -> None:
    w, repair, other = _world(session, now)
    url = f"/api/v1/repairs/{repair.code}/assignment"
    manager = bearer(session, w.manager, now)
    seen = client.get(url, headers=manager).json()["version"]
    r = client.post(url, json={"technician": other.id, "version": seen}, headers=manager)
    assert r.status_code == 200 and r.json()["assignee"]["id"] == other.id
    stale = client.post(url, json={"technician": None, "version": seen}, headers=manager)
    assert_problem(stale, 409)
    r = client.post(url, json={"technician": None}, headers=manager)
    assert r.status_code == 200 and r.json()["assignee"] is None
    wrong = client.post(url, json={"technician": "someone"}, headers=manager)
    assert wrong.status_code == 422
    events = client.get(f"/api/v1/repairs/{repair.code}/events", headers=manager).json()
    moved = [e["data"] for e in events if e["type"] == "assigned"]
    assert moved[0] == {"from_name": None, "to_name": other.name, "taken": False}  # no ids
    admin = bearer(session, w.admin, now)
    events = client.get(f"/api/v1/repairs/{repair.code}/events", headers=admin).json()
    assert [e["data"]["to_id"] for e in events if e["type"] == "assigned"] == [other.id, None]


def test_loaners_and_offline_days_in_the_repair_s_answer(
    client: Any, session: Session, now: datetime
) -> None:
    w, repair, _ = _world(session, now)
    shop = bearer(session, w.shop_staff, now)
    base = f"/api/v1/repairs/{repair.code}"
    before = client.get(base, headers=shop).json()
    assert before["loaners"] == [] and before["offline"]["offline_days"] == 3
    given = client.post(f"{base}/loaners", json={"label": "PRESTITO-11"}, headers=shop)
    assert given.status_code == 201 and given.json()["returned_at"] is None
    assert_problem(client.post(f"{base}/loaners", json={"label": "X"}, headers=shop), 409)
    listed = client.get("/api/v1/repairs", headers=shop).json()["items"]
    assert [item["loaners"] for item in listed] == [None]  # one repair's read only
    back = client.post(f"{base}/loaners/return", headers=shop)
    assert back.status_code == 200 and back.json()["returned_at"] is not None
    assert_problem(client.post(f"{base}/loaners/return", headers=shop), 409)
    after = client.get(base, headers=shop).json()
    assert [loan["label"] for loan in after["loaners"]] == ["PRESTITO-11"]
    assert after["offline"] == {"days_without_phone": 3, "days_with_loaner": 0,
                                "offline_days": 3, "counting": True}  # fmt: skip
    assert client.get(f"{base}/loaners", headers=bearer(session, w.owner, now)).status_code == 403


def test_closing_with_a_loaner_out_needs_it_back(client: Any, session: Session, now: datetime):  # type: ignore[no-untyped-def]
    w, repair, _ = _world(session, now)
    tech = bearer(session, w.technician, now)
    base = f"/api/v1/repairs/{repair.code}"
    for status in ("diagnosing", "ready"):
        assert client.post(
            f"{base}/transitions", json={"to_status": status}, headers=tech
        ).is_success
    client.post(f"{base}/loaners", json={"label": "CORTESIA-1"}, headers=tech)
    close = {"to_status": "closed", "outcome": "repaired"}
    refused = client.post(f"{base}/transitions", json=close, headers=tech)
    assert "CORTESIA-1" in assert_problem(refused, 409)["detail"]
    done = client.post(f"{base}/transitions", json=close | {"loaner_back": True}, headers=tech)
    assert done.status_code == 200 and done.json()["status"] == "closed"
    after = client.get(base, headers=tech).json()
    assert after["loaners"][0]["returned_at"] is not None and not after["offline"]["counting"]
