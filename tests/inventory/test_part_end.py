"""A part's end of production: optional, given as a day, shown in the API, audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from aftersales.inventory.parts import update_part
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.errors import ValidationFailed
from tests.inventory import make_part
from tests.repairs import QuickWorld
from tests.web.helpers import bearer


def test_a_brand_admin_dates_the_end_of_a_parts_production(
    client: Any, session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    headers = bearer(session, w.brand_admin, now)
    session.commit()
    body = {"brand_id": w.brand.id, "number": "BN-1", "kind": "battery", "names": {"en": "Battery"},
            "cost_minor": 900, "price_minor": 1900, "currency": "EUR", "lead_days": 5,
            "model_ids": [w.model.id], "production_ends_on": "2027-06-30"}  # fmt: skip
    made = client.post("/api/v1/parts", json=body, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json()["production_ends_on"] == "2027-06-30"
    listed = client.get(f"/api/v1/models/{w.model.id}/parts", headers=headers).json()
    assert [p["production_ends_on"] for p in listed] == ["2027-06-30"]
    plain = client.post("/api/v1/parts", json=body | {"number": "BN-2", "production_ends_on": None},
                        headers=headers)  # fmt: skip
    assert plain.status_code == 201 and plain.json()["production_ends_on"] is None


def test_a_day_that_is_not_a_day_is_refused_by_name(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    part = make_part(session, [w.model], now, production_ends_on="2027-01-31")
    assert part.production_ends_on == date(2027, 1, 31)
    with pytest.raises(ValidationFailed) as caught:
        update_part(session, SYSTEM, part, [w.model.id], now, production_ends_on="31/01/2027")
    assert "e.g. 2027-06-30" in caught.value.errors["production_ends_on"]
    update_part(session, SYSTEM, part, [w.model.id], now, production_ends_on="")
    assert part.production_ends_on is None
