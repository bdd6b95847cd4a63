"""A TAC belongs to one maker: a brand admin's TAC waits for a platform admin's confirmation.

Tests commit what they arrange: the test app rolls back the request's transaction on an
error answer, which would otherwise take the arranged rows with it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from aftersales.catalog.models import ModelTac
from aftersales.catalog.service import model_for_imei
from aftersales.devices.service import register_phone
from aftersales.kernel.imei import make_imei
from tests.factories import World, make_brand, make_model, n
from tests.web.helpers import assert_problem, bearer

API = "/api/v1"


def _tac() -> str:
    return f"{90000000 + n():08d}"


def test_a_brand_admins_new_tac_names_no_phones_until_a_platform_admin_confirms(
    client, session: Session, now
):  # type: ignore[no-untyped-def]
    w = World(session)
    brand, admin = bearer(session, w.brand_admin, now), bearer(session, w.admin, now)
    session.commit()
    tac = _tac()
    imei = make_imei(tac, 1)

    r = client.post(
        f"{API}/models", json={"brand_id": w.brand.id, "name": "X1", "tacs": [tac]}, headers=brand
    )
    assert r.status_code == 201, r.text
    assert r.json()["tacs"] == [] and r.json()["pending_tacs"] == [tac]
    model_id = r.json()["id"]
    # Pending: the TAC names no model, so the brand receives no repairs by it.
    assert model_for_imei(session, imei) is None
    assert client.get(f"{API}/models/by-imei/{imei}", headers=brand).json()["model"] is None
    waiting = client.get(f"{API}/tacs/pending", headers=admin).json()
    assert [(t["tac"], t["status"], t["model_id"]) for t in waiting] == [(tac, "pending", model_id)]
    assert waiting[0]["claimed_by"] == w.brand_admin.id
    # The brand admin sees their own claim waiting, and cannot confirm it.
    assert [t["tac"] for t in client.get(f"{API}/tacs/pending", headers=brand).json()] == [tac]
    assert_problem(client.post(f"{API}/tacs/{tac}/confirm", headers=brand), 403)

    r = client.post(f"{API}/tacs/{tac}/confirm", headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "confirmed" and r.json()["confirmed_by"] == w.admin.id
    assert model_for_imei(session, imei).id == model_id  # type: ignore[union-attr]
    assert client.get(f"{API}/tacs/pending", headers=admin).json() == []
    assert_problem(client.post(f"{API}/tacs/{tac}/confirm", headers=admin), 409)


def test_a_platform_admins_tac_counts_at_once_and_a_rejected_claim_frees_the_tac(
    client, session: Session, now
):  # type: ignore[no-untyped-def]
    w = World(session)
    other = make_brand(session)
    other_model = make_model(session, other)
    brand, admin = bearer(session, w.brand_admin, now), bearer(session, w.admin, now)
    session.commit()
    mine, claimed = _tac(), _tac()

    r = client.post(f"{API}/models/{w.model.id}/tacs", json={"tacs": [mine]}, headers=admin)
    assert r.status_code == 200, r.text
    assert mine in r.json()["tacs"]
    assert model_for_imei(session, make_imei(mine, 2)).id == w.model.id  # type: ignore[union-attr]

    # The brand admin claims a TAC that is really the other maker's; the admin refuses it.
    r = client.post(f"{API}/models/{w.model.id}/tacs", json={"tacs": [claimed]}, headers=brand)
    assert r.status_code == 200 and r.json()["pending_tacs"] == [claimed], r.text
    assert client.post(f"{API}/tacs/{claimed}/reject", headers=admin).status_code == 204
    assert session.get(ModelTac, claimed) is None
    assert_problem(client.post(f"{API}/tacs/{claimed}/reject", headers=admin), 404)
    # Free again: the other maker gets it (through a platform admin, confirmed at once).
    r = client.post(f"{API}/models/{other_model.id}/tacs", json={"tacs": [claimed]}, headers=admin)
    assert r.status_code == 200 and claimed in r.json()["tacs"], r.text
    # A brand admin may not add TACs to another brand's model, nor take a TAC in use.
    assert_problem(
        client.post(f"{API}/models/{other_model.id}/tacs", json={"tacs": [_tac()]}, headers=brand),
        403,
    )
    assert_problem(
        client.post(f"{API}/models/{w.model.id}/tacs", json={"tacs": [claimed]}, headers=brand),
        409,
    )


def test_a_tac_already_used_by_another_brands_phones_is_refused(client, session: Session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    other = make_brand(session)
    other_model = make_model(session, other)
    tac, later = _tac(), _tac()
    # Phones of the other brand registered with their model chosen: the TAC was unknown.
    register_phone(session, imei=make_imei(tac, 7), country="IT", model_id=other_model.id)
    brand, admin = bearer(session, w.brand_admin, now), bearer(session, w.admin, now)
    session.commit()

    for path, body in (
        (f"{API}/models/{w.model.id}/tacs", {"tacs": [tac]}),
        (f"{API}/models", {"brand_id": w.brand.id, "name": "Copy", "tacs": [tac]}),
    ):
        for who in (brand, admin):
            problem = assert_problem(client.post(path, json=body, headers=who), 409)
            assert tac in problem["detail"]
    assert session.get(ModelTac, tac) is None

    # A claim made before the other brand's phone arrived is refused at confirmation.
    r = client.post(f"{API}/models/{w.model.id}/tacs", json={"tacs": [later]}, headers=brand)
    assert r.status_code == 200, r.text
    register_phone(
        session,
        imei=make_imei(later, 8),
        country="IT",
        model_id=other_model.id,
        purchase_date=date(2025, 1, 1),
    )
    session.commit()
    assert_problem(client.post(f"{API}/tacs/{later}/confirm", headers=admin), 409)
    assert session.get(ModelTac, later).status == "pending"  # type: ignore[union-attr]


def test_only_admins_see_the_waiting_claims(client, session: Session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    shop = bearer(session, w.shop_staff, now)
    session.commit()
    assert_problem(client.get(f"{API}/tacs/pending", headers=shop), 403)
