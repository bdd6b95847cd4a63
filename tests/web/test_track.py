"""Public tracking by code and the IMEI's last four digits: JSON, HTML page, rate limit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from aftersales.config import Settings
from aftersales.http.i18n import Formats
from aftersales.repairs.service import add_note, transition
from aftersales.web.app import create_app
from tests.factories import World
from tests.web.helpers import assert_problem

INTERNAL = "Cliente scortese, display graffiato sul bordo"
PUBLIC = "Il display verrà sostituito in garanzia."


@pytest.fixture()
def story(session, now):  # type: ignore[no-untyped-def]
    """A repair sent from the Portici shop to the Naples centre, with public and internal notes."""
    w = World(session)
    w.owner.name = "Gennaro Esposito"
    repair = w.repair(now - timedelta(days=1), problem="Macchie sul display")
    transition(session, w.shop_staff, repair, "in_transit_to_centre", now - timedelta(hours=20))
    transition(
        session, w.technician, repair, "at_centre", now - timedelta(hours=2), internal_note=INTERNAL
    )
    add_note(session, w.technician, repair, now - timedelta(hours=1), text=INTERNAL, public=False)
    add_note(session, w.technician, repair, now, text=PUBLIC, public=True)
    session.commit()  # a 404 answer rolls back what the test has not committed
    return w, repair


def _url(code: str) -> str:
    return f"/api/v1/track/{code}"


def test_tracking_shows_status_expected_date_and_public_timeline(client, story):  # type: ignore[no-untyped-def]
    w, repair = story
    r = client.get(_url(repair.code), params={"imei_last4": repair.phone.imei[-4:]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["code"] == repair.code
    assert (body["status"], body["label"]) == ("at_centre", "Arrived at the service centre")
    assert body["next_step"] == "A technician will check the phone."
    assert (body["brand"], body["model"]) == (w.brand.name, w.model.name)
    assert body["expected_date"] == repair.expected_date.isoformat()
    assert body["expected_low_date"] <= body["expected_date"] <= body["expected_high_date"]
    # The phone is picked up where it was handed in: the Portici shop.
    assert (body["pickup_name"], body["pickup_city"]) == (w.shop.name, "Portici")
    steps = [(s["kind"], s["status"]) for s in body["timeline"]]
    assert steps[:4] == [
        ("created", "registered"),
        ("status_changed", "received"),
        ("status_changed", "in_transit_to_centre"),
        ("status_changed", "at_centre"),
    ]
    assert steps[-1] == ("note", None)
    assert body["timeline"][-1]["note"] == PUBLIC
    assert body["timeline"][0]["label"] == "Repair registered"


def test_tracking_reveals_no_personal_data_and_no_internal_notes(client, story):  # type: ignore[no-untyped-def]
    w, repair = story
    r = client.get(_url(repair.code), params={"imei_last4": repair.phone.imei[-4:]})
    assert r.status_code == 200
    text = r.text
    for secret in (
        w.owner.name,
        w.owner.email,
        repair.phone.imei,
        repair.phone.imei[:8],  # not even the TAC
        INTERNAL,
        "Macchie sul display",  # the owner's own words stay between owner and service
        w.shop_staff.email,
        w.technician.name,
    ):
        assert secret not in text, secret
    assert not {"owner", "owner_id", "imei", "problem", "internal_note", "actor_id"} & set(r.json())
    assert all(set(s) == {"at", "status", "label", "note", "kind"} for s in r.json()["timeline"])


def test_code_is_accepted_in_lower_case_and_without_dashes(client, story):  # type: ignore[no-untyped-def]
    _, repair = story
    sloppy = repair.code.replace("-", "").lower()
    spaced = " ".join(repair.code.lower().split("-"))
    for typed in (sloppy, spaced):
        r = client.get(_url(typed), params={"imei_last4": repair.phone.imei[-4:]})
        assert r.status_code == 200, (typed, r.text)
        assert r.json()["code"] == repair.code


def test_unknown_code_and_wrong_imei_get_the_same_404(client, story):  # type: ignore[no-untyped-def]
    _, repair = story
    last4 = repair.phone.imei[-4:]
    wrong4 = f"{(int(last4) + 1) % 10000:04d}"
    unknown = "ZZZZ-ZZZZ-ZZZZ" if repair.code != "ZZZZ-ZZZZ-ZZZZ" else "YYYY-YYYY-YYYY"
    answers = [
        client.get(_url(repair.code), params={"imei_last4": wrong4}),
        client.get(_url(unknown), params={"imei_last4": last4}),
        client.get(_url("not-a-code"), params={"imei_last4": last4}),
    ]
    bodies = [assert_problem(r, 404) for r in answers]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0]["detail"] == "No repair matches this code and IMEI."
    assert len({r.content for r in answers}) == 1  # byte for byte: nothing tells them apart


def test_imei_digits_are_checked(client, story):  # type: ignore[no-untyped-def]
    _, repair = story
    for bad in ("12a4", "123", "12345"):
        assert_problem(client.get(_url(repair.code), params={"imei_last4": bad}), 422, "imei_last4")
    assert_problem(client.get(_url(repair.code)), 422, "imei_last4")


@pytest.mark.counts_tries
def test_more_than_ten_tries_a_minute_get_429(client, app, story, settings):  # type: ignore[no-untyped-def]
    _, repair = story
    last4 = repair.phone.imei[-4:]
    assert settings.track_limit_per_minute == 10
    for i in range(10):
        code = repair.code if i % 2 else "ZZZZ-ZZZZ-ZZZ" + str(i)
        assert client.get(_url(code), params={"imei_last4": last4}).status_code in (200, 404)
    r = client.get(_url(repair.code), params={"imei_last4": last4})
    body = assert_problem(r, 429)
    assert "try again" in body["detail"]
    assert 1 <= int(r.headers["retry-after"]) <= 61
    # The HTML page shares the limit of the address.
    page = client.post("/track", data={"code": repair.code, "imei_last4": last4})
    assert page.status_code == 429
    assert "Too many tries from your address" in page.text
    # Another address is not held back.
    with TestClient(app, client=("203.0.113.9", 50000)) as other:
        assert other.get(_url(repair.code), params={"imei_last4": last4}).status_code == 200


def test_tracking_page_shows_the_same_timeline(client, story):  # type: ignore[no-untyped-def]
    w, repair = story
    params = {"code": repair.code.replace("-", "").lower(), "imei_last4": repair.phone.imei[-4:]}
    r = client.post("/track", data=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "Arrived at the service centre" in html
    assert "On its way to the service centre" in html
    assert PUBLIC in html
    assert repair.code in html
    assert Formats("en").day(repair.expected_date) in html
    assert w.shop.name in html
    for secret in (w.owner.name, w.owner.email, repair.phone.imei, INTERNAL):
        assert secret not in html, secret


def test_tracking_page_answers_unknown_code_and_wrong_imei_alike(client, story):  # type: ignore[no-untyped-def]
    _, repair = story
    last4 = repair.phone.imei[-4:]
    wrong4 = f"{(int(last4) + 1) % 10000:04d}"
    wrong = client.post("/track", data={"code": repair.code, "imei_last4": wrong4})
    unknown = client.post("/track", data={"code": "ZZZZ-ZZZZ-ZZZ0", "imei_last4": last4})
    assert wrong.status_code == unknown.status_code == 404
    message = "No repair matches this code and IMEI. Check both and try again."
    assert _alert(wrong.text) == _alert(unknown.text) == message
    assert "Arrived at the service centre" not in wrong.text
    assert "Timeline" not in wrong.text and "Timeline" not in unknown.text


def _alert(html: str) -> str:
    """Return the text of the page's error message."""
    return html.split('role="alert">')[1].split("<")[0]


def test_tracking_page_without_query_shows_the_form(client):  # type: ignore[no-untyped-def]
    r = client.get("/track")
    assert r.status_code == 200
    assert '<form method="post" action="/track"' in r.text
    assert 'role="alert"' not in r.text
    bad = client.post("/track", data={"code": "K7QM-3XT9-PW2D", "imei_last4": "12"})
    assert bad.status_code == 422
    assert "last 4 digits of the IMEI" in bad.text


def test_tracking_page_escapes_what_was_typed(client):  # type: ignore[no-untyped-def]
    typed = '"><script>alert(1)</script>'
    r = client.post("/track", data={"code": typed, "imei_last4": "1234"})
    assert r.status_code == 404
    assert "<script>alert(1)" not in r.text
    assert "&lt;script&gt;alert(1)" in r.text  # shown back in the form, harmless


def test_home_redirects_to_tracking(client):  # type: ignore[no-untyped-def]
    r = client.get("/", follow_redirects=False)
    assert r.status_code in (302, 303, 307)
    assert r.headers["location"] == "/track"


def test_healthz_reports_the_database(client):  # type: ignore[no-untyped-def]
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["database"] == "ok"


def test_healthz_reports_an_unreachable_database():
    # Port 9 (discard) on localhost: nothing listens, so the connection is refused at once.
    app = create_app(
        Settings(env="test", database_url="postgresql://nobody@127.0.0.1:9/none", secret_key="x")
    )
    with TestClient(app) as c:
        r = c.get("/healthz")
    assert r.status_code == 503
    assert r.json()["status"] == "error" and r.json()["database"] == "unreachable"
    app.state.engine.dispose()
