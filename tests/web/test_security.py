"""Security at the edge: headers, production cookies, CSRF tied to the session, the Origin
check, and API docs that load nothing from another origin."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from aftersales.config import Settings
from aftersales.http.pages import CSRF_COOKIE, TEMPLATE_DIRS
from tests.factories import PASSWORD, World, make_account
from tests.web.helpers import assert_problem, bearer
from tests.web.pages.helpers import csrf, post, sign_in

EVIL = "https://evil.example"


def _headers_are_safe(r) -> None:  # type: ignore[no-untyped-def]
    assert r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "same-origin"


def test_pages_and_json_carry_the_security_headers(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    session.commit()
    sign_in(client, w.owner)
    page = client.get(f"/repairs/{repair.code}")  # holds the "approve the quote" button
    assert page.status_code == 200
    _headers_are_safe(page)
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert page.headers["cache-control"] == "no-store"
    me = client.get("/api/v1/me")
    _headers_are_safe(me)
    assert me.headers["cache-control"] == "no-store"
    track = client.get(f"/api/v1/track/{repair.code}", params={"imei_last4": "0000"})
    _headers_are_safe(track)
    assert track.headers["cache-control"] == "no-store"
    static = client.get("/static/site.css")
    assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", "")


def test_templates_have_no_inline_script_or_style() -> None:
    """The CSP allows only our own files, so nothing inline may be needed."""
    for template in (p for d in TEMPLATE_DIRS for p in d.rglob("*.html")):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert "<style" not in text and " style=" not in text, template
        assert not re.search(r"\son[a-z]+=", text), template  # onclick= and the like


def test_production_cookies_are_always_secure() -> None:
    production = {
        "env": "production",
        "secret_key": "s" * 64,
        "mail_transport": "smtp",
        "smtp_host": "mail.example.test",
        "sms_provider": "none",
    }
    assert Settings(**production).cookie_secure is True  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="COOKIE_SECURE"):
        Settings(**production, cookie_secure=False)  # type: ignore[arg-type]
    assert Settings(env="development").cookie_secure is False


def test_a_production_app_sets_secure_cookies(app, client, session):  # type: ignore[no-untyped-def]
    person = make_account(session, "owner")
    session.commit()
    app.state.settings.cookie_secure = True  # what production settings resolve to
    r = client.post("/api/v1/auth/login", json={"email": person.email, "password": PASSWORD})
    assert r.status_code == 200
    assert "secure" in r.headers["set-cookie"].lower()
    page = client.get("/login")
    assert "secure" in page.headers["set-cookie"].lower()  # the CSRF cookie too


def test_the_csrf_token_belongs_to_the_session(app, client, session):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    anonymous = csrf(client)
    sign_in(client, w.owner)
    mine = csrf(client)
    assert mine != anonymous and mine != client.cookies.get(CSRF_COOKIE)
    # The browser's cookie token no longer opens signed-in forms.
    r = client.post("/profile", data={"csrf": client.cookies.get(CSRF_COOKIE), "name": "X"})
    assert r.status_code == 422 and "expired" in r.text
    # Another person's token does not work in my session.
    with TestClient(app) as other:
        sign_in(other, w.shop_staff)
        theirs = csrf(other)
        assert theirs != mine
        r = client.post("/profile", data={"csrf": theirs, "name": "Y", "language": "en"})
        assert r.status_code == 422 and "expired" in r.text
    ok = client.post("/profile", data={"csrf": mine, "name": "Mario", "language": "en"})
    assert ok.status_code == 200, ok.text
    # After signing out and in again, the old token is dead.
    assert post(client, "/logout").status_code == 303
    sign_in(client, w.owner)
    r = client.post("/profile", data={"csrf": mine, "name": "Z", "language": "en"})
    assert r.status_code == 422 and "expired" in r.text


def test_cross_origin_page_posts_are_refused(client, session):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.owner)
    token = csrf(client)
    form = {"csrf": token, "name": "Evil", "language": "it"}
    r = client.post("/profile", data=form, headers={"Origin": EVIL, "Accept-Language": "it"})
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("text/html")
    assert "da un altro sito" in r.text
    r = client.post("/profile", data=form, headers={"Referer": f"{EVIL}/page"})
    assert r.status_code == 403
    assert client.post("/profile", data=form, headers={"Origin": "null"}).status_code == 403
    session.refresh(w.owner)
    assert w.owner.name != "Evil"
    same = client.post("/profile", data=form, headers={"Origin": "http://testserver"})
    assert same.status_code == 200 and "Evil" in same.text


def test_cross_origin_api_calls_with_the_session_cookie_are_refused(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    token = bearer(session, w.owner, now)
    session.commit()
    sign_in(client, w.owner)
    r = client.post("/api/v1/tokens", json={"name": "x"}, headers={"Origin": EVIL})
    assert_problem(r, 403)
    r = client.patch("/api/v1/me", json={"name": "Evil"}, headers={"Origin": EVIL})
    assert_problem(r, 403)
    r = client.patch("/api/v1/me", json={"name": "Own"}, headers={"Origin": "http://testserver"})
    assert r.status_code == 200
    # A bearer token is never sent by a browser on its own: such calls are not checked.
    with TestClient(client.app) as machine:
        r = machine.patch("/api/v1/me", json={"name": "Script"}, headers={"Origin": EVIL} | token)
        assert r.status_code == 200, r.text


def test_the_public_url_counts_as_our_origin(app, client, session):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.owner)
    origin = app.state.settings.public_url  # e.g. behind a proxy that rewrites Host
    form = {"csrf": csrf(client), "name": "Mario", "language": "en"}
    r = client.post("/profile", data=form, headers={"Origin": origin, "Host": "internal:8000"})
    assert r.status_code == 200


def test_the_api_docs_load_nothing_from_another_origin(client):  # type: ignore[no-untyped-def]
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*["']([^"']+)""", r.text)
    assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "/static/swagger/swagger-ui-bundle.js" in urls
    csp = r.headers["content-security-policy"]
    assert "http" not in csp and "frame-ancestors 'none'" in csp
    for url in urls:
        assert client.get(url).status_code == 200, url
