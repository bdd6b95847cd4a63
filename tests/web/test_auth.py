"""Sign-in over HTTP: password login and its cookie, logout, API tokens, the login limit.

Tests commit what they arrange: the test app rolls back the request's transaction on an
error answer, which would otherwise take the arranged rows with it.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from tests.factories import PASSWORD, make_account, make_shop
from tests.web.helpers import assert_problem, set_clock

LOGIN = "/api/v1/auth/login"


def test_login_sets_a_session_cookie_that_signs_in(client, session, settings):  # type: ignore[no-untyped-def]
    person = make_account(
        session, "shop_staff", shop_id=make_shop(session).id, name="Lucia Esposito"
    )
    session.commit()
    r = client.post(LOGIN, json={"email": person.email.upper(), "password": PASSWORD})
    assert r.status_code == 200, r.text
    assert r.json()["id"] == person.id
    assert r.json()["role"] == "shop_staff"
    assert "password" not in r.text and "hash" not in r.text
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{settings.session_cookie}=")
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    me = client.get("/api/v1/me")
    assert me.status_code == 200, me.text
    assert (me.json()["email"], me.json()["name"]) == (person.email, "Lucia Esposito")


def test_wrong_password_and_unknown_email_get_the_same_401(client, session):  # type: ignore[no-untyped-def]
    person = make_account(session, "owner")
    session.commit()
    wrong = client.post(LOGIN, json={"email": person.email, "password": "not-the-password"})
    unknown = client.post(LOGIN, json={"email": "nobody@example.test", "password": PASSWORD})
    body = assert_problem(wrong, 401)
    assert body == assert_problem(unknown, 401)
    assert body["detail"] == "Wrong e-mail or password."
    assert "set-cookie" not in wrong.headers
    assert client.get("/api/v1/me").status_code == 401


def test_login_refuses_a_deactivated_account(client, session):  # type: ignore[no-untyped-def]
    person = make_account(session, "owner")
    person.is_active = False
    session.commit()
    assert_problem(client.post(LOGIN, json={"email": person.email, "password": PASSWORD}), 401)


def test_login_with_missing_fields_names_them(client):  # type: ignore[no-untyped-def]
    body = assert_problem(client.post(LOGIN, json={"email": "a@b.it"}), 422, "password")
    assert body["title"] == "Invalid input"


def test_me_without_credentials_is_a_401_problem_that_says_how_to_sign_in(client):  # type: ignore[no-untyped-def]
    r = client.get("/api/v1/me")
    body = assert_problem(r, 401)
    assert "/api/v1/auth/login" in body["detail"] and "Bearer" in body["detail"]
    assert r.headers["www-authenticate"] == "Bearer"


def test_logout_ends_the_session_on_the_server(client, session, settings):  # type: ignore[no-untyped-def]
    person = make_account(session, "owner")
    session.commit()
    assert client.post(LOGIN, json={"email": person.email, "password": PASSWORD}).status_code == 200
    token = client.cookies[settings.session_cookie]
    r = client.post("/api/v1/auth/logout")
    assert r.status_code == 204
    assert client.get("/api/v1/me").status_code == 401
    # Replaying the old cookie does not work either: the session row is gone.
    client.cookies.set(settings.session_cookie, token)
    assert_problem(client.get("/api/v1/me"), 401)


def test_session_expires_after_the_configured_days(client, app, session, settings, now):  # type: ignore[no-untyped-def]
    person = make_account(session, "owner")
    session.commit()
    assert client.post(LOGIN, json={"email": person.email, "password": PASSWORD}).status_code == 200
    set_clock(app, now + timedelta(days=settings.session_days) - timedelta(minutes=1))
    assert client.get("/api/v1/me").status_code == 200
    set_clock(app, now + timedelta(days=settings.session_days))
    assert_problem(client.get("/api/v1/me"), 401)


def test_api_token_life_cycle(client, app, session, now):  # type: ignore[no-untyped-def]
    person = make_account(session, "shop_staff", shop_id=make_shop(session).id)
    session.commit()
    assert client.post(LOGIN, json={"email": person.email, "password": PASSWORD}).status_code == 200

    created = client.post("/api/v1/tokens", json={"name": "Shop till"})
    assert created.status_code == 201, created.text
    secret = created.json()["token"]
    token_id = created.json()["id"]
    assert secret.startswith("as_") and len(secret) > 40
    assert created.json()["name"] == "Shop till"

    listed = client.get("/api/v1/tokens")
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json()] == [token_id]
    assert "token" not in listed.json()[0] and secret not in listed.text  # shown once only

    with TestClient(app, raise_server_exceptions=False) as machine:  # no cookie: the bearer only
        auth = {"Authorization": f"Bearer {secret}"}
        me = machine.get("/api/v1/me", headers=auth)
        assert me.status_code == 200, me.text
        assert me.json()["id"] == person.id
        assert machine.get("/api/v1/me", headers={"Authorization": "bearer " + secret}).is_success
        used = client.get("/api/v1/tokens").json()[0]
        assert used["last_used_at"] is not None and used["revoked_at"] is None

        assert client.delete(f"/api/v1/tokens/{token_id}").status_code == 204
        assert client.get("/api/v1/tokens").json()[0]["revoked_at"] is not None
        r = machine.get("/api/v1/me", headers=auth)
        assert_problem(r, 401)
        assert r.headers["www-authenticate"] == "Bearer"


def test_a_bearer_token_beats_the_cookie_and_a_bad_one_is_401(client, session):  # type: ignore[no-untyped-def]
    person = make_account(session, "owner")
    session.commit()
    assert client.post(LOGIN, json={"email": person.email, "password": PASSWORD}).status_code == 200
    assert_problem(client.get("/api/v1/me", headers={"Authorization": "Bearer as_forged"}), 401)
    assert client.get("/api/v1/me").status_code == 200


def test_tokens_of_others_cannot_be_revoked_or_seen(client, app, session):  # type: ignore[no-untyped-def]
    alice, bob = make_account(session, "owner"), make_account(session, "owner")
    session.commit()
    assert client.post(LOGIN, json={"email": alice.email, "password": PASSWORD}).status_code == 200
    alice_token = client.post("/api/v1/tokens", json={"name": "Alice's script"}).json()
    assert client.post("/api/v1/auth/logout").status_code == 204
    assert client.post(LOGIN, json={"email": bob.email, "password": PASSWORD}).status_code == 200
    assert client.get("/api/v1/tokens").json() == []
    assert_problem(client.delete(f"/api/v1/tokens/{alice_token['id']}"), 404)
    with TestClient(app) as alice_machine:
        auth = {"Authorization": f"Bearer {alice_token['token']}"}
        assert alice_machine.get("/api/v1/me", headers=auth).json()["id"] == alice.id


def test_token_needs_a_name(client, session):  # type: ignore[no-untyped-def]
    person = make_account(session, "owner")
    session.commit()
    assert client.post(LOGIN, json={"email": person.email, "password": PASSWORD}).status_code == 200
    assert_problem(client.post("/api/v1/tokens", json={"name": "   "}), 422, "name")
    assert_problem(client.post("/api/v1/tokens", json={}), 422, "name")


@pytest.mark.counts_tries
def test_login_attempts_are_limited_per_address(client, app, session, settings):  # type: ignore[no-untyped-def]
    person = make_account(session, "owner")
    session.commit()
    limit = settings.login_limit_per_minute
    assert limit == 20  # the default
    # The limiter's windows are the clock's minutes, and attempts split across two of them
    # count partly (a sliding window): begin early in a minute so all of them fall in one.
    if time.time() % 60 > 40:
        time.sleep(60.1 - time.time() % 60)
    for i in range(limit):  # many e-mails, so the per-account limit stays out of the way
        r = client.post(LOGIN, json={"email": f"guess{i}@example.test", "password": "guess"})
        assert r.status_code == 401
    # Past the limit even the right password is refused, with a hint when to retry.
    r = client.post(LOGIN, json={"email": person.email, "password": PASSWORD})
    body = assert_problem(r, 429)
    assert "wait" in body["detail"]
    assert 1 <= int(r.headers["retry-after"]) <= 61
    assert "set-cookie" not in r.headers
    with TestClient(app, client=("198.51.100.7", 40000)) as elsewhere:
        r = elsewhere.post(LOGIN, json={"email": person.email, "password": PASSWORD})
        assert r.status_code == 200, r.text
