"""Deflection: solved / (solved + still needed a repair), per brand, model and fault, by hand."""

from __future__ import annotations

from datetime import timedelta

from aftersales.accounts.service import create_api_token
from aftersales.selfhelp.service import Problem, deflection, record_attempt
from tests.factories import World, make_model


def test_deflection_by_hand(session, now, client):  # type: ignore[no-untyped-def]
    w = World(session)
    other = make_model(session, w.brand)
    said = [
        (w.model, "display", "solved"),
        (w.model, "display", "repair"),
        (w.model, "battery", "solved"),
        (other, "battery", "repair"),
    ]
    for model, fault, outcome in said:
        record_attempt(
            session,
            w.owner,
            Problem(model, fault, "it broke"),
            outcome=outcome,
            channel="online",
            language="en",
            now=now,
        )
    span = (now - timedelta(days=1), now + timedelta(days=1))
    [whole] = deflection(session, w.brand.id, *span)
    assert (whole.solved, whole.repair, whole.rate) == (2, 2, 0.5)
    by_model = {d.key: d.rate for d in deflection(session, w.brand.id, *span, "model")}
    assert by_model == {w.model.id: 2 / 3, other.id: 0.0}
    by_fault = {
        d.key: (d.solved, d.tried) for d in deflection(session, w.brand.id, *span, "fault_category")
    }
    assert by_fault == {"battery": (1, 2), "display": (1, 2)}
    key = create_api_token(session, w.brand_admin, "figures", now)[1]
    session.commit()
    since = (now - timedelta(days=1)).date().isoformat()
    r = client.get(
        f"/api/v1/brands/{w.brand.id}/selfhelp.csv",
        headers={"Authorization": f"Bearer {key}"},
        params={"since": since, "by": "fault_category"},
    )
    assert r.status_code == 200, r.text
    assert "battery,1,1,2,0.5" in r.text and "all,2,2,4,0.5" in r.text
