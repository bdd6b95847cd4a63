"""Pages anyone reaches: tracking, sign-in and out, language switch, profile."""

from __future__ import annotations

from datetime import timedelta

import pytest

from aftersales.repairs.service import add_note
from tests.factories import PASSWORD, World
from tests.web.pages.helpers import csrf, post, sign_in, texts

NOTE = "Il display verrà sostituito in garanzia."


@pytest.fixture()
def story(session, now):  # type: ignore[no-untyped-def]
    """A repair handed in at the shop, with a public note."""
    w = World(session)
    repair = w.repair(now - timedelta(days=1))
    add_note(session, w.technician, repair, now, text=NOTE, public=True)
    session.commit()
    return w, repair


def test_the_tracking_page_speaks_the_browsers_language(client, story):  # type: ignore[no-untyped-def]
    _, repair = story
    params = {"code": repair.code, "imei_last4": repair.phone.imei[-4:]}
    it = client.post("/track", data=params, headers={"Accept-Language": "it-IT,it;q=0.9"})
    assert it.status_code == 200
    assert it.headers["content-language"] == "it"
    assert '<html lang="it">' in it.text
    page = texts(it.text)
    assert "Telefono ricevuto" in page or "ricevuto" in page.lower()
    assert NOTE in page
    vi = client.post("/track", data=params, headers={"Accept-Language": "vi"})
    assert '<html lang="vi">' in vi.text and "Mã theo dõi" in vi.text


def test_tracking_errors_are_shown_on_the_page(client, story):  # type: ignore[no-untyped-def]
    _, repair = story
    r = client.post("/track", data={"code": repair.code, "imei_last4": "12"})
    assert r.status_code == 422 and "*#06#" in r.text
    r = client.post("/track", data={"code": "AAAA-BBBB-CCCC", "imei_last4": "1234"})
    assert r.status_code == 404 and 'role="alert"' in r.text
    # the input is kept in the form
    assert 'value="AAAA-BBBB-CCCC"' in r.text


def test_sign_in_needs_the_forms_token_and_the_right_password(client, story):  # type: ignore[no-untyped-def]
    w, _ = story
    r = client.post(
        "/login", data={"email": w.owner.email, "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 400 and "expired" in r.text  # no CSRF token: refused
    r = post(client, "/login", {"email": w.owner.email, "password": "wrong"})
    assert r.status_code == 401 and f'value="{w.owner.email}"' in r.text
    r = post(client, "/login", {"email": w.owner.email, "password": PASSWORD, "next": "//evil"})
    assert r.status_code == 303 and r.headers["location"] == "/my/repairs"
    assert client.get("/my/repairs").status_code == 200
    r = post(client, "/logout")
    assert r.status_code == 303
    assert (
        client.get("/my/repairs", follow_redirects=False)
        .headers["location"]
        .startswith("/login?next=")
    )


def test_a_page_for_signed_in_people_sends_visitors_to_sign_in_and_back(client, story):  # type: ignore[no-untyped-def]
    w, repair = story
    r = client.get(f"/repairs/{repair.code}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/login?next=%2Frepairs%2F{repair.code}"
    r = post(
        client,
        "/login",
        {"email": w.owner.email, "password": PASSWORD, "next": f"/repairs/{repair.code}"},
    )
    assert r.headers["location"] == f"/repairs/{repair.code}"


def test_the_language_switch_is_remembered_by_browser_and_account(client, story, session):  # type: ignore[no-untyped-def]
    w, _ = story
    r = post(client, "/lang", {"lang": "vi", "next": "/track"})
    assert r.status_code == 303 and r.headers["location"] == "/track"
    assert '<html lang="vi">' in client.get("/track").text
    sign_in(client, w.owner)
    post(client, "/lang", {"lang": "it", "next": "/profile"})
    session.refresh(w.owner)
    assert w.owner.language == "it"
    assert '<html lang="it">' in client.get("/profile").text


def test_the_profile_keeps_the_input_and_says_what_is_wrong(client, story, session):  # type: ignore[no-untyped-def]
    w, _ = story
    sign_in(client, w.owner)
    bad = {"name": "Gennaro", "language": "it", "phone_number": "call me", "notify_sms": "true"}
    r = post(client, "/profile", bad)
    assert r.status_code == 422
    assert 'value="call me"' in r.text and 'aria-invalid="true"' in r.text
    assert 'id="phone_number-error"' in r.text
    r = post(client, "/profile", {**bad, "phone_number": ""})
    assert r.status_code == 422 and 'id="notify_sms-error"' in r.text
    good = {**bad, "phone_number": "+39 081 555 0101"}
    r = post(client, "/profile", good)
    assert r.status_code == 200 and 'role="status"' in r.text
    session.refresh(w.owner)
    assert (w.owner.name, w.owner.phone_number, w.owner.notify_sms) == (
        "Gennaro",
        "+39 081 555 0101",
        True,
    )
    assert w.owner.notify_email is False  # unchecked box


def test_the_csrf_cookie_is_set_once_and_kept(client):  # type: ignore[no-untyped-def]
    token = csrf(client)
    client.get("/track")
    assert csrf(client) == token and len(token) >= 20
