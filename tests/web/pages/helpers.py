"""Helpers of the page tests: sign in through the form, post forms with the CSRF token."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from aftersales.accounts.models import Account
from tests.factories import PASSWORD


def csrf(client: TestClient) -> str:
    """Return the token a page gives this browser now (signed in, it is the session's)."""
    page = client.get("/track")
    found = re.search(r'<meta name="csrf" content="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def post(client: TestClient, path: str, data: dict[str, Any] | None = None) -> Response:
    """Post a form as the browser would (with its CSRF token), not following redirects."""
    return client.post(path, data={"csrf": csrf(client), **(data or {})}, follow_redirects=False)


def sign_in(client: TestClient, account: Account) -> None:
    """Sign in through the sign-in form."""
    r = post(client, "/login", {"email": account.email, "password": PASSWORD})
    assert r.status_code == 303, r.text


def texts(html: str) -> str:
    """Return the page's text without tags, spaces collapsed (for 'the page says …')."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
