"""The software API: a model's releases, paged newest first; adding and correcting them; the
share of its phones on the latest release."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from aftersales.software.models import Source
from aftersales.software.versions import record_sighting
from tests.factories import World, make_phone
from tests.factories.software import make_release
from tests.web.helpers import assert_problem, bearer

API = "/api/v1"
BODY = {
    "version": "V12.5.3.0.QEAMIXM",
    "release_date": "2021-05-20",
    "security_patch_date": "2021-05-01",
    "kind": "security",
    "notes": {"en": "May security patch.", "vi": "Bản vá bảo mật tháng 5."},
}


def test_a_brand_admin_adds_lists_and_corrects_releases(client, session: Session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    admin = bearer(session, w.brand_admin, now)
    r = client.post(f"{API}/models/{w.model.id}/releases", json=BODY, headers=admin)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["notes"] == {
        "en": "May security patch.",
        "it": None,
        "vi": "Bản vá bảo mật tháng 5.",
    }
    assert (made["kind"], made["row_version"]) == ("security", 1)
    r = client.post(f"{API}/models/{w.model.id}/releases", json=BODY, headers=admin)
    assert_problem(r, 409)
    newer = {**BODY, "version": "V12.5.4", "release_date": "2021-08-02", "kind": "fix"}
    assert (
        client.post(f"{API}/models/{w.model.id}/releases", json=newer, headers=admin).status_code
        == 201
    )
    r = client.get(f"{API}/models/{w.model.id}/releases", params={"limit": 1}, headers=admin)
    assert [x["version"] for x in r.json()] == ["V12.5.4"] and 'rel="next"' in r.headers["Link"]
    r = client.get(r.headers["Link"].split(";")[0].strip("<>"), headers=admin)
    assert [x["version"] for x in r.json()] == ["V12.5.3.0.QEAMIXM"]
    fix = {**BODY, "release_date": "2021-05-21", "row_version": 1}
    r = client.patch(f"{API}/models/{w.model.id}/releases/{made['id']}", json=fix, headers=admin)
    assert r.status_code == 200 and r.json()["release_date"] == "2021-05-21"
    r = client.patch(f"{API}/models/{w.model.id}/releases/{made['id']}", json=fix, headers=admin)
    assert_problem(r, 409)  # row_version 1 is stale now
    r = client.patch(f"{API}/models/{w.model.id}/releases/999999", json=fix, headers=admin)
    assert_problem(r, 404)


def test_a_release_is_refused_with_every_wrong_field(client, session: Session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    wrong = {**BODY, "kind": "feature", "release_date": "2999-01-01", "notes": {"en": ""}}
    r = client.post(
        f"{API}/models/{w.model.id}/releases", json=wrong, headers=bearer(session, w.admin, now)
    )
    assert r.status_code == 422
    future = {**BODY, "release_date": "2999-01-01"}
    r = client.post(
        f"{API}/models/{w.model.id}/releases", json=future, headers=bearer(session, w.admin, now)
    )
    assert_problem(r, 422, "release_date")


def test_the_share_says_how_many_phones_run_the_latest(client, session: Session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    make_release(session, w.model, version="V1", release_date=date(2025, 1, 1))
    make_release(session, w.model, version="V2", release_date=date(2025, 9, 1))
    for version in ("V2", "V1", "V2", None):
        phone = make_phone(session, w.model)
        if version:
            record_sighting(session, w.admin, phone, version, date(2026, 1, 5), Source.import_, now)
    session.commit()
    r = client.get(
        f"{API}/models/{w.model.id}/software-share", headers=bearer(session, w.brand_admin, now)
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["latest"]["version"] == "V2"
    assert {k: body[k] for k in ("phones", "known", "unknown", "on_latest", "unlisted")} == {
        "phones": 4,
        "known": 3,
        "unknown": 1,
        "on_latest": 2,
        "unlisted": 0,
    }
    assert abs(body["share"] - 2 / 3) < 1e-9


def test_the_counter_api_records_the_version_the_phone_shows(client, session: Session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    session.commit()
    r = client.post(
        f"{API}/repairs",
        json={
            "imei": phone.imei,
            "fault_category": "battery",
            "problem": "Si scarica in due ore",
            "centre_id": w.centre.id,
            "software_version": "VOS 3.0.2",
            "owner": {"name": "Anna Neri", "email": w.owner.email},
        },
        headers=bearer(session, w.shop_staff, now),
    )
    assert r.status_code == 201, r.text
    session.expire_all()
    assert (phone.software_version, phone.software_seen_date) == ("VOS 3.0.2", now.date())
