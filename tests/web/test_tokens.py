"""API tokens: never made by a token, may expire, die with their creator's access; pages
open only with the session cookie."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from aftersales.accounts.models import ApiToken
from tests.factories import PASSWORD, World, make_account, make_shop
from tests.web.helpers import assert_problem, bearer, set_clock

LOGIN = "/api/v1/auth/login"


def _signed_in(client, account) -> None:  # type: ignore[no-untyped-def]
    r = client.post(LOGIN, json={"email": account.email, "password": PASSWORD})
    assert r.status_code == 200, r.text


def test_a_token_cannot_create_tokens(app, client, session, now):  # type: ignore[no-untyped-def]
    person = make_account(session, "shop_staff", shop_id=make_shop(session).id)
    auth = bearer(session, person, now)
    session.commit()
    with TestClient(app, raise_server_exceptions=False) as machine:
        r = machine.post("/api/v1/tokens", json={"name": "child"}, headers=auth)
        body = assert_problem(r, 403)
        assert "cannot create API tokens" in body["detail"]
        # Even with a session cookie beside it: the token is what authenticates the call.
        _signed_in(machine, person)
        assert_problem(machine.post("/api/v1/tokens", json={"name": "c2"}, headers=auth), 403)
    assert session.query(ApiToken).filter_by(account_id=person.id).count() == 1
    # With the password's session, a person still makes tokens.
    _signed_in(client, person)
    assert client.post("/api/v1/tokens", json={"name": "till"}).status_code == 201


def test_tokens_can_expire(app, client, session, now):  # type: ignore[no-untyped-def]
    person = make_account(session, "owner")
    session.commit()
    _signed_in(client, person)
    until = now + timedelta(days=30)
    r = client.post("/api/v1/tokens", json={"name": "monthly", "expires_at": until.isoformat()})
    assert r.status_code == 201, r.text
    assert r.json()["expires_at"].startswith(until.strftime("%Y-%m-%dT%H:%M"))
    auth = {"Authorization": f"Bearer {r.json()['token']}"}
    with TestClient(app, raise_server_exceptions=False) as machine:
        set_clock(app, until - timedelta(seconds=1))
        assert machine.get("/api/v1/me", headers=auth).status_code == 200
        set_clock(app, until)
        assert_problem(machine.get("/api/v1/me", headers=auth), 401)
    set_clock(app, now)
    past = (now - timedelta(minutes=1)).isoformat()
    assert_problem(client.post("/api/v1/tokens", json={"name": "x", "expires_at": past}), 422)
    naive = {"name": "x", "expires_at": "2027-01-01T00:00:00"}  # whose midnight?
    assert_problem(client.post("/api/v1/tokens", json=naive), 422, "expires_at")


def test_a_token_dies_when_its_account_is_deactivated(app, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    auth = bearer(session, w.shop_staff, now)
    session.commit()
    with TestClient(app, raise_server_exceptions=False) as machine:
        assert machine.get("/api/v1/me", headers=auth).status_code == 200
        w.shop_staff.is_active = False
        session.commit()
        assert_problem(machine.get("/api/v1/me", headers=auth), 401)


def test_a_token_dies_when_its_accounts_role_or_organisation_changes(app, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    moved = bearer(session, w.shop_staff, now)
    demoted = bearer(session, w.manager, now)
    session.commit()
    with TestClient(app, raise_server_exceptions=False) as machine:
        assert machine.get("/api/v1/repairs", headers=moved).status_code == 200
        w.shop_staff.shop_id = make_shop(session).id  # moved to another shop
        w.manager.role = "technician"
        session.commit()
        assert_problem(machine.get("/api/v1/repairs", headers=moved), 401)
        assert_problem(machine.get("/api/v1/me", headers=demoted), 401)
        # A new token, made with the new access, works.
        fresh = bearer(session, w.shop_staff, now)
        session.commit()
        assert machine.get("/api/v1/me", headers=fresh).status_code == 200


def test_bearer_tokens_do_not_open_pages(app, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    auth = bearer(session, w.owner, now)
    session.commit()
    with TestClient(app, raise_server_exceptions=False) as machine:
        r = machine.get("/my/repairs", headers=auth, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        r = machine.get(f"/repairs/{repair.code}", headers=auth, follow_redirects=False)
        assert r.status_code == 303
        assert machine.get("/api/v1/me", headers=auth).status_code == 200  # the API still does
