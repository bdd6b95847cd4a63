"""Helpers shared by the HTTP tests: bearer headers, problem checks, the app's clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import FastAPI
from httpx import Response
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.accounts.service import create_api_token
from tests.factories import World, make_imei, n

PROBLEM = "application/problem+json"


def bearer(session: Session, account: Account, now: datetime) -> dict[str, str]:
    """Return an Authorization header with a new API token of this account."""
    _, token = create_api_token(session, account, f"tests {n()}", now)
    return {"Authorization": f"Bearer {token}"}


def assert_problem(r: Response, status: int, *fields: str) -> dict[str, Any]:
    """Check an RFC 9457 problem answer and, if named, its field errors; return the body."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM), r.headers["content-type"]
    body: dict[str, Any] = r.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"] == "about:blank"
    if fields:
        named = {e["field"] for e in body["errors"]}
        assert set(fields) <= named, body["errors"]
        assert all(e["message"] for e in body["errors"])
    return body


def set_clock(app: FastAPI, moment: datetime) -> None:
    """Make the app's requests run at `moment`."""
    app.state.clock = lambda: moment


def new_imei(world: World) -> str:
    """Return a fresh valid IMEI of the world's model."""
    return make_imei(world.model.tacs[0].tac, n())


def intake_body(world: World, imei: str | None = None, **kw: Any) -> dict[str, Any]:
    """Return the JSON of a counter intake for a new phone of the world's model."""
    body: dict[str, Any] = {
        "imei": imei or new_imei(world),
        "fault_category": "display",
        "problem": "Macchie sul display",
        "owner": {"name": "Mario Rossi", "email": world.owner.email, "language": "it"},
        "purchase_date": "2025-12-01",
        "centre_id": world.centre.id,
    }
    body.update(kw)
    return body
