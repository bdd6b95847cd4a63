"""The support API: a model's commitments per country (the EU minimums filling in, a shorter
promise refused per field) and a brand's exit statement; other brands are told nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from tests.factories import World, make_account, make_brand
from tests.web.helpers import assert_problem, bearer

API = "/api/v1"


def test_a_brand_admin_reads_and_sets_a_models_commitments(client, session: Session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    w.model.end_of_sale_date = date(2026, 1, 31)
    session.commit()
    admin = bearer(session, w.brand_admin, now)
    path = f"{API}/models/{w.model.id}/commitments"
    r = client.get(path, params={"country": "it"}, headers=admin)
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["country"], got["eu"], got["regulation_binds"]) == ("IT", True, True)
    assert got["parts"] == {
        "until": "2033-01-31", "while_in_use": False, "source": "regulation",
        "years_after_end_of_sale": None, "citation": "Annex II, Part B, point 1.1(1)",
    }  # fmt: skip
    assert got["updates"]["until"] == "2031-01-31" and got["repair"]["source"] == "none"
    # Its EU sales ended on 31 January 2026: parts may take up to 10 working days since.
    assert (got["parts_delivery_working_days"], got["versions"]) == (10, [])
    short = {"parts": {"until": "2030-01-01"}, "updates": {"until": "2029-12-31"}}
    body = assert_problem(client.put(path, params={"country": "IT"}, json=short, headers=admin),
                          422, "parts", "updates")  # fmt: skip
    assert any("2033-01-31" in e["message"] for e in body["errors"])
    promise = {"parts": {"until": "2035-06-30"}, "repair": {"while_in_use": True}}
    r = client.put(path, params={"country": "IT"}, json=promise, headers=admin)
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["parts"]["source"] == "brand" and got["repair"]["while_in_use"]
    assert got["effective_from_date"] == now.date().isoformat() and len(got["versions"]) == 1
    assert got["versions"][0]["repair"] == {"until": None, "while_in_use": True}
    assert_problem(client.get(path, headers=admin), 422)  # the country is required
    assert_problem(client.get(path, params={"country": "ZZ"}, headers=admin), 422, "country")


def test_other_brands_and_owners_are_told_the_model_is_not_there(client, session: Session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    stranger = make_account(session, "brand_admin", brand_id=make_brand(session).id)
    session.commit()
    for who in (stranger, w.owner):
        headers = bearer(session, who, now)
        session.commit()  # an error answer rolls back what is not committed
        path = f"{API}/models/{w.model.id}/commitments"
        assert_problem(client.get(path, params={"country": "IT"}, headers=headers), 404)
        assert_problem(client.get(f"{API}/brands/{w.brand.id}/exit", headers=headers), 404)


def test_a_brand_states_corrects_and_withdraws_its_exit(client, session: Session, now):  # type: ignore[no-untyped-def]
    w = World(session, country="VN")
    session.commit()
    admin = bearer(session, w.brand_admin, now)
    path = f"{API}/brands/{w.brand.id}/exit"
    assert client.get(path, headers=admin).json() == {"brand_id": w.brand.id, "exit": None}
    assert_problem(client.put(path, json={"exit_date": "2021-05-09", "statement": {}},
                              headers=admin), 422, "statement_en")  # fmt: skip
    words = {"vi": "Cho đến khi khách hàng không còn sử dụng sản phẩm."}
    r = client.put(path, json={"exit_date": "2021-05-09", "statement": words}, headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["statement"] == {"en": None, "it": None, **words}
    assert client.get(path, headers=admin).json()["exit"]["exit_date"] == "2021-05-09"
    assert client.delete(path, headers=admin).status_code == 204
    assert client.get(path, headers=admin).json()["exit"] is None
