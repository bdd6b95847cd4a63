"""A request with several wrong fields gets every field's error in one answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from tests.factories import World
from tests.web.helpers import assert_problem, bearer


def test_registering_a_phone_names_every_wrong_field(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    session.commit()
    body = {
        "imei": "12345",
        "country": "XX",
        "model_id": w.model.id,
        "purchase_date": (now + timedelta(days=3)).date().isoformat(),
    }
    r = client.post("/api/v1/phones", json=body, headers=bearer(session, w.admin, now))
    assert_problem(r, 422, "imei", "country", "purchase_date")


def test_adding_a_shop_names_every_wrong_field_in_the_callers_language(
    client: Any, session: Session, now: datetime
) -> None:
    w = World(session)
    w.admin.language = "it"  # the account's language comes first, then the browser's
    session.commit()
    body = {"name": "Milano Phones", "city": "Milano", "country": "XX", "email": "desk"}
    r = client.post("/api/v1/shops", json=body, headers=bearer(session, w.admin, now))
    problem = assert_problem(r, 422, "country", "email")
    assert problem["detail"] == "Il negozio non può essere aggiunto."
