"""The dashboard in the API and as CSV: the same figures, the brand's admins and the platform's
only, pages of models with a Link to the next; a commitment's security cadence set and read."""

from __future__ import annotations

import csv
import io

from sqlalchemy.orm import Session

from aftersales.care.csv import COLUMNS
from tests.care.dataset import Brand
from tests.factories import make_account, make_brand
from tests.web.helpers import assert_problem, bearer

API = "/api/v1"


def test_the_brand_answer_holds_each_models_figures_and_flags(client, session: Session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    session.commit()
    r = client.get(f"{API}/brands/{b.brand.id}/care", headers=bearer(session, b.admin, now))
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["brand_id"], got["on"], got["total_models"]) == (b.brand.id, "2026-03-10", 2)
    alpha = got["models"][0]
    assert (alpha["model"], alpha["phones_sold"], alpha["repairs_served"]) == ("Alpha", 12, 3)
    assert alpha["latest_release"]["version"] == "V3" and alpha["days_since_release"] == 37
    assert alpha["last_security_update"] == {
        "version": "V2", "release_date": "2025-12-01", "security_patch_date": "2025-11-01",
    }  # fmt: skip
    assert (alpha["phones_known_version"], alpha["phones_on_latest"]) == (3, 2)
    assert (alpha["security_overdue"], alpha["late_part_repairs"]) == (True, 2)
    it = alpha["countries"][0]
    assert (it["country"], it["updates_promised"], it["security_overdue"]) == ("IT", True, True)
    assert it["support"]["security_cadence_days"] == 90
    assert it["support"]["security_cadence_source"] == "default"
    assert it["support"]["parts_delivery_working_days"] == 5 and it["late_part_repairs"] == 2


def test_the_csv_says_what_the_api_says_one_row_per_model_and_country(
    client, session: Session, now
):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    session.commit()
    admin = bearer(session, b.admin, now)
    answer = client.get(f"{API}/brands/{b.brand.id}/care", headers=admin).json()
    r = client.get(f"{API}/brands/{b.brand.id}/care.csv", headers=admin)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"].startswith('attachment; filename="care-')
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert tuple(rows[0]) == COLUMNS
    assert [(row["model"], row["country"]) for row in rows] == [
        ("Alpha", "IT"), ("Alpha", "VN"), ("Beta", "IT"), ("Beta", "VN"),
    ]  # fmt: skip
    for row in rows:
        model = next(m for m in answer["models"] if m["model"] == row["model"])
        country = next(c for c in model["countries"] if c["country"] == row["country"])
        support = country["support"]
        assert int(row["phones_sold"]) == model["phones_sold"]
        assert int(row["repairs_served"]) == model["repairs_served"]
        assert row["latest_release"] == model["latest_release"]["version"]
        assert int(row["days_since_security_update"]) == model["days_since_security_update"]
        share = model["share_on_latest"]
        assert (float(row["share_on_latest"]) if row["share_on_latest"] else None) == (
            round(share, 4) if share is not None else None
        )
        assert row["security_overdue"] == str(country["security_overdue"]).lower()
        assert int(row["late_part_repairs"]) == country["late_part_repairs"]
        assert row["updates_until"] == (support["updates"]["until"] or "")
        assert row["updates_source"] == support["updates"]["source"]
        assert row["parts_delivery_working_days"] == str(
            support["parts_delivery_working_days"] or ""
        )
        assert int(row["security_cadence_days"]) == support["security_cadence_days"]


def test_a_models_answer_has_its_quarters_versions_and_late_parts(client, session: Session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    session.commit()
    admin = bearer(session, b.admin, now)
    r = client.get(f"{API}/models/{b.alpha.id}/care", headers=admin)
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["figures"]["model_id"] == b.alpha.id
    assert got["phones_by_quarter"][:2] == [
        {"quarter_start": "2025-01-01", "count": 2}, {"quarter_start": "2025-04-01", "count": 9},
    ]  # fmt: skip
    assert got["phones_without_purchase_date"] == 1
    assert {"version": "V3", "phones": 2, "latest": True, "on_file": True} in got["versions"]
    assert {"version": None, "phones": 9, "latest": False, "on_file": False} in got["versions"]
    path = f"{API}/models/{b.alpha.id}/care/late-parts"
    first = client.get(path, params={"limit": 1}, headers=admin)
    assert first.status_code == 200 and "offset=1" in first.headers["link"]
    assert [(p["working_days"], p["still_waiting"]) for p in first.json()] == [(6, False)]
    rest = client.get(path, params={"limit": 1, "offset": 1}, headers=admin)
    assert [p["still_waiting"] for p in rest.json()] == [True] and "link" not in rest.headers
    assert rest.json()[0]["ended_at"] is None and rest.json()[0]["limit_working_days"] == 5


def test_brand_pages_of_models_link_to_the_next(client, session: Session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    session.commit()
    r = client.get(f"{API}/brands/{b.brand.id}/care", params={"limit": 1},
                   headers=bearer(session, b.admin, now))  # fmt: skip
    assert [m["model"] for m in r.json()["models"]] == ["Alpha"] and 'rel="next"' in r.headers[
        "link"
    ]


def test_only_the_brands_admins_and_the_platform_read_it(client, session: Session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    platform = make_account(session, "platform_admin")
    stranger = make_account(session, "brand_admin", brand_id=make_brand(session).id)
    technician = make_account(session, "technician", centre_id=b.it.id)
    session.commit()
    brand, model = f"{API}/brands/{b.brand.id}", f"{API}/models/{b.alpha.id}"
    paths = [f"{brand}/care", f"{brand}/care.csv", f"{model}/care", f"{model}/care/late-parts"]
    for path in paths:
        assert client.get(path, headers=bearer(session, platform, now)).status_code == 200
        for who in (stranger, technician):
            assert_problem(client.get(path, headers=bearer(session, who, now)), 404)
        assert client.get(path).status_code == 401


def test_the_security_cadence_is_set_and_read_with_the_commitment(client, session: Session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    session.commit()
    admin = bearer(session, b.admin, now)
    path = f"{API}/models/{b.alpha.id}/commitments"
    r = client.put(path, params={"country": "IT"}, json={"security_cadence_days": 30},
                   headers=admin)  # fmt: skip
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["security_cadence_days"], got["security_cadence_source"]) == (30, "brand")
    assert got["versions"][0]["security_cadence_days"] == 30
    for wrong in (0, 367):
        bad = client.put(path, params={"country": "IT"}, json={"security_cadence_days": wrong},
                         headers=admin)  # fmt: skip
        assert_problem(bad, 422, "security_cadence_days")
    vn = client.get(path, params={"country": "VN"}, headers=admin).json()
    assert (vn["security_cadence_days"], vn["security_cadence_source"]) == (90, "default")
