"""A part's end of production: optional, given as a day, shown in the API, audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from aftersales.inventory.parts import update_part
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.errors import ValidationFailed
from tests.factories import make_account
from tests.inventory import make_part
from tests.repairs import QuickWorld
from tests.web.helpers import bearer
from tests.web.pages.helpers import post, sign_in


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


def test_the_end_of_production_is_set_later_by_api_and_on_the_brand_page(
    client: Any, session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    part = make_part(session, [w.model], now, number="BT-9")
    headers = bearer(session, w.brand_admin, now)
    session.commit()
    r = client.patch(f"/api/v1/parts/{part.id}", json={"production_ends_on": "2027-03-31"},
                     headers=headers)  # fmt: skip
    assert r.status_code == 200 and r.json()["production_ends_on"] == "2027-03-31"
    assert r.json()["lead_days"] == part.lead_days  # what was not given stays
    r = client.patch(f"/api/v1/parts/{part.id}", json={"lead_days": 400}, headers=headers)
    assert r.status_code == 422
    kept = client.patch(f"/api/v1/parts/{part.id}", json={"cost_minor": None, "lead_days": None},
                        headers=headers)  # fmt: skip
    assert kept.status_code == 200  # a null leaves money and lead time as they are
    same = (part.cost_minor, part.lead_days)
    assert (kept.json()["cost_minor"], kept.json()["lead_days"]) == same
    assert kept.json()["production_ends_on"] == "2027-03-31"
    unknown = client.patch(f"/api/v1/parts/{part.id}", json={"model_ids": [w.model.id, 999999]},
                           headers=headers)  # fmt: skip
    assert unknown.status_code == 422 and "models" in unknown.text
    sign_in(client, make_account(session, "brand_admin", brand_id=w.brand.id))  # has a password
    url = f"/brand/parts/{part.id}/production-end?brand_id={w.brand.id}"
    wrong = post(client, url, {"production_ends_on": "31/03/2027"})
    assert wrong.status_code == 422 and f'id="part-end-{part.id}-error"' in wrong.text
    assert 'value="31/03/2027"' in wrong.text  # what was typed is kept
    assert post(client, url, {"production_ends_on": "2027-09-30"}).status_code == 303
    session.expire_all()
    assert part.production_ends_on == date(2027, 9, 30)
    assert post(client, url, {"production_ends_on": ""}).status_code == 303
    session.expire_all()
    assert part.production_ends_on is None
