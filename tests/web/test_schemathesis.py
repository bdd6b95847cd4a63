"""Schemathesis over the whole OpenAPI of the app: no input makes it answer 5xx.

The schema is read once from an app on an empty in-memory database (serving the OpenAPI
document needs no data). Each operation's requests then go to the `app` fixture, bound to
the test's rolled-back transaction, signed in as a platform admin, with data present.

`schemathesis.pytest.from_fixture` would load the schema from the fixture directly, but
schemathesis 4.32 reads `request.node._nodeid`, which pytest 9.2 no longer has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import hypothesis
import pytest
import schemathesis
from sqlalchemy.orm import Session

from aftersales.accounts.models import ApiToken
from aftersales.accounts.service import create_api_token
from aftersales.config import Settings
from aftersales.repairs.intake import Intake, open_repair
from aftersales.repairs.quotes import make_quote
from aftersales.repairs.service import transition
from aftersales.web.app import create_app
from tests.factories import (
    make_account,
    make_brand,
    make_centre,
    make_model,
    make_phone,
    make_shop,
)


def _load_schema() -> Any:
    app = create_app(Settings(env="test", database_url="sqlite://", secret_key="schema-only"))
    try:
        return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    finally:
        app.state.engine.dispose()


schema = _load_schema()


@pytest.fixture()
def settings(database_url: str) -> Settings:
    """Lift the per-address limits so the generator reaches past them."""
    return Settings(
        env="test",
        database_url=database_url,
        secret_key="test-secret",
        track_limit_per_minute=100_000,
        login_limit_per_minute=100_000,
    )


@dataclass
class Seed:
    """What the generated requests find: repairs in two states and an admin's token."""

    headers: dict[str, str]
    token: ApiToken
    codes: list[str]
    calls: int = 0


@pytest.fixture()
def seed(session: Session, now: datetime) -> Seed:
    """Make a brand, centre, shop, staff (no passwords: hashing is slow) and two repairs."""
    brand = make_brand(session)
    model = make_model(session, brand)
    centre = make_centre(session, [brand])
    shop = make_shop(session)
    clerk = make_account(session, "shop_staff", password=None, shop_id=shop.id)
    tech = make_account(session, "technician", password=None, centre_id=centre.id)
    owner = make_account(session, "owner", password=None)
    admin = make_account(session, "platform_admin", password=None)
    codes = []
    for _ in range(2):
        phone = make_phone(session, model, owner_id=owner.id, shop_id=shop.id)
        intake = Intake(phone.imei, "display", "Spots on the display", centre_id=centre.id)
        codes.append(open_repair(session, clerk, intake, now).code)
    waiting = open_repair(
        session,
        clerk,
        Intake(make_phone(session, model, owner_id=owner.id).imei, "audio", "No sound"),
        now,
    )
    transition(session, tech, waiting, "diagnosing", now, internal_note="Flat ossidato")
    make_quote(
        session,
        tech,
        waiting,
        now,
        amount_minor=8900,
        currency="EUR",
        description="Display rotto da una caduta",
    )
    codes.append(waiting.code)
    token, secret = create_api_token(session, admin, "schemathesis", now)
    session.commit()  # an error answer rolls back what is not committed
    return Seed({"Authorization": f"Bearer {secret}"}, token, codes)


@schema.parametrize()
@hypothesis.settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    derandomize=True,
    database=None,
)
def test_no_request_gets_a_5xx(case: Any, app: Any, seed: Seed, session: Session) -> None:
    if seed.token.revoked_at is not None:  # DELETE /tokens/{id} may hit the admin's own token
        seed.token.revoked_at = None
        session.commit()
    if "code" in (case.path_parameters or {}):
        # Every other time, aim at a real repair so the handlers get past "not found".
        seed.calls += 1
        if seed.calls % 2:
            case.path_parameters["code"] = seed.codes[seed.calls // 2 % len(seed.codes)]
    response = case.call(app=app, headers=dict(seed.headers))
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}\n"
        f"query={case.query} body={case.body!r}\n{response.text[:500]}"
    )
    if response.status_code >= 400:
        [content_type] = response.headers["content-type"]
        assert content_type.startswith("application/problem+json"), content_type


# Inputs that once answered 500 (found by the run above, mostly on PostgreSQL).
EDGES = [
    ("GET", "/api/v1/phones/2147483648", None),  # past PostgreSQL's integer
    ("GET", "/api/v1/phones/99999999999999999999", None),  # past SQLite's integer too
    ("GET", "/api/v1/models?brand_id=2147483648", None),
    ("GET", "/api/v1/repairs?brand_id=2147483648&centre_id=60", None),
    ("GET", "/api/v1/phones?offset=99999999999999999999", None),
    ("GET", "/api/v1/repairs?q=ab%00cd", None),  # PostgreSQL text cannot hold NUL
    ("GET", "/api/v1/reports/contacts?until=9999-12-31", None),  # the day after overflows
    ("POST", "/api/v1/auth/login", {"email": "a\x00@b.it", "password": "x"}),
    (
        "PUT",
        "/api/v1/sla-policies",
        {
            "brand_id": 2147483648,
            "country": "IT",
            "target_days": 1,
            "at_risk_days": 0,
            "loaner_days": 0,
        },
    ),
]


@pytest.mark.parametrize(("method", "url", "body"), EDGES, ids=[e[1] for e in EDGES])
def test_out_of_range_input_is_a_problem_not_a_crash(client, seed, method, url, body):  # type: ignore[no-untyped-def]
    r = client.request(method, url, json=body, headers=seed.headers)
    assert r.status_code < 500, r.text
    if r.status_code >= 400:  # SQLite stores some of these fine: an empty list, a 404
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["status"] == r.status_code
        assert r.status_code in (401, 404, 422)
    # The failed statement did not poison the connection: the next request works.
    assert client.get("/api/v1/me", headers=seed.headers).status_code == 200
