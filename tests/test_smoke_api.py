"""A first walk through the API: intake at a shop, moves, tracking."""

from __future__ import annotations

from tests.factories import World, login, make_imei, owner_details  # noqa: F401


def test_shop_intake_and_tracking(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    login(client, w.shop_staff)
    imei = make_imei(w.model.tacs[0].tac, 4242)
    r = client.post(
        "/api/v1/repairs",
        json={
            "imei": imei,
            "fault_category": "display",
            "problem": "Macchie sul display",
            "owner": {"name": "Mario Rossi", "email": "mario@example.test", "language": "it"},
            "purchase_date": "2025-12-01",
            "centre_id": w.centre.id,
        },
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "received"
    assert body["expected_date"] >= "2026-03-11"
    r = client.get(f"/api/v1/track/{body['code']}", params={"imei_last4": imei[-4:]})
    assert r.status_code == 200, r.text
    assert [s["status"] for s in r.json()["timeline"]] == ["registered", "received"]
