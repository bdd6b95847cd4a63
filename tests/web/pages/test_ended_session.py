"""A session that ends while a page is open: the forms the page gave still work."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import delete
from sqlalchemy.orm import Session

from aftersales.accounts.models import LoginSession
from tests.factories import World
from tests.web.pages.helpers import sign_in


def test_the_error_page_language_form_works_after_the_session_ended(
    client: TestClient, session: Session
) -> None:
    w = World(session)
    sign_in(client, w.owner)
    session.execute(delete(LoginSession))  # signed out elsewhere, or expired
    session.flush()
    page = client.get("/no-such-page", headers={"Accept": "text/html"})
    assert page.status_code == 404
    token = re.search(r'<meta name="csrf" content="([^"]+)"', page.text)
    assert token is not None  # the error page knows no database: it gave the session's token
    r = client.post(
        "/lang", data={"csrf": token.group(1), "lang": "vi", "next": "/track"},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303
    assert r.cookies.get("aftersales_lang") == "vi"


def test_a_token_made_up_for_the_ended_session_is_refused(
    client: TestClient, session: Session
) -> None:
    w = World(session)
    sign_in(client, w.owner)
    session.execute(delete(LoginSession))
    session.flush()
    r = client.post(
        "/lang", data={"csrf": "x" * 40, "lang": "vi", "next": "/track"}, follow_redirects=False
    )
    assert r.status_code == 303 and "aftersales_lang" not in r.cookies
