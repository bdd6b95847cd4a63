"""Policies carry the day they take effect: what was promised at a sale stays readable."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from aftersales.kernel.actors import SYSTEM
from aftersales.repairs.queries import TermsCache
from aftersales.repairs.timing import repair_terms
from aftersales.sla import service as sla
from aftersales.warranty import service as warranty
from tests.factories import login, make_account, make_brand, make_model, make_phone
from tests.repairs import QuickWorld


def test_a_phone_keeps_the_warranty_terms_of_the_day_it_was_sold(session: Session) -> None:
    brand = make_brand(session)
    model = make_model(session, brand)
    warranty.set_policy(session, SYSTEM, brand.id, "IT", 24, 24)
    warranty.set_policy(session, SYSTEM, brand.id, "IT", 12, 24, effective_from=date(2026, 1, 1))
    sold_before = make_phone(session, model, purchase_date=date(2025, 6, 1), country="IT")
    sold_after = make_phone(session, model, purchase_date=date(2026, 2, 1), country="IT")
    on = date(2026, 3, 1)
    assert warranty.coverage(session, sold_before, on).maker_months == 24
    assert warranty.coverage(session, sold_after, on).maker_months == 12
    assert warranty.terms_for(session, brand.id, "IT", date(2025, 12, 31))[0] == 24
    assert warranty.terms_for(session, brand.id, "IT", date(2026, 1, 1))[0] == 12
    versions = [p.effective_from_date for p in warranty.list_policies(session, brand.id)]
    assert versions == [date(2000, 1, 1), date(2026, 1, 1)]


def test_setting_the_same_day_again_replaces_that_version(session: Session) -> None:
    brand = make_brand(session)
    warranty.set_policy(session, SYSTEM, brand.id, "IT", 24, 24, effective_from=date(2026, 1, 1))
    warranty.set_policy(session, SYSTEM, brand.id, "IT", 18, 24, effective_from=date(2026, 1, 1))
    rows = warranty.list_policies(session, brand.id)
    assert [(p.maker_months, p.effective_from_date) for p in rows] == [(18, date(2026, 1, 1))]


def test_sla_terms_follow_the_day_asked(session: Session) -> None:
    brand = make_brand(session)
    common = {"brand_id": brand.id, "country": "IT", "at_risk_days": 3, "loaner_days": 4}
    sla.set_policy(session, SYSTEM, **common, channel="any", target_days=10)
    sla.set_policy(
        session, SYSTEM, **common, channel="any", target_days=6, effective_from=date(2026, 3, 1)
    )
    sla.set_policy(
        session, SYSTEM, **common, channel="shop", target_days=8, effective_from=date(2026, 6, 1)
    )
    assert sla.terms_for(session, brand.id, "IT", "shop", date(2026, 2, 1)).target_days == 10
    assert sla.terms_for(session, brand.id, "IT", "shop", date(2026, 3, 1)).target_days == 6
    # the channel's own promise wins over 'any' once it is in force
    assert sla.terms_for(session, brand.id, "IT", "shop", date(2026, 6, 1)).target_days == 8
    assert sla.terms_for(session, brand.id, "IT", "online", date(2026, 6, 1)).target_days == 6


def test_the_api_adds_a_version_from_today_and_lists_every_version(
    client, session: Session, now: datetime
) -> None:  # type: ignore[no-untyped-def]
    brand = make_brand(session)
    admin = make_account(session, "brand_admin", brand_id=brand.id)
    warranty.set_policy(session, SYSTEM, brand.id, "IT", 24, 24)
    session.commit()
    login(client, admin)
    body = {"brand_id": brand.id, "country": "IT", "maker_months": 12, "legal_months": 24}
    r = client.put("/api/v1/warranty-policies", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["effective_from_date"] == now.date().isoformat()
    r = client.put("/api/v1/warranty-policies", json={**body, "effective_from_date": "2027-01-01"})
    assert r.status_code == 200, r.text
    listed = [
        (p["effective_from_date"], p["maker_months"])
        for p in client.get("/api/v1/warranty-policies").json()
        if p["brand_id"] == brand.id
    ]
    assert listed == [("2000-01-01", 24), (now.date().isoformat(), 12), ("2027-01-01", 12)]


def test_a_repair_keeps_the_sla_of_the_day_it_was_opened(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    common = {"brand_id": w.brand.id, "country": "IT", "channel": "any", "loaner_days": 9}
    sla.set_policy(session, SYSTEM, **common, target_days=10, at_risk_days=7)
    before = w.repair(now)
    later = now + timedelta(days=7)
    sla.set_policy(session, SYSTEM, **common, target_days=4, at_risk_days=2,
                   effective_from=later.date())  # fmt: skip
    after = w.repair(later)
    terms = TermsCache(session)  # what lists, boards and the API read
    assert (terms(before).target_days, terms(after).target_days) == (10, 4)
    assert repair_terms(session, before).target_days == 10  # what moves and the sweep store
    assert repair_terms(session, after).target_days == 4


def test_terms_cannot_be_backdated_through_the_api(client, session: Session, now: datetime) -> None:  # type: ignore[no-untyped-def]
    brand = make_brand(session)
    admin = make_account(session, "brand_admin", brand_id=brand.id)
    warranty.set_policy(session, SYSTEM, brand.id, "IT", 24, 24)
    session.commit()
    login(client, admin)
    body = {"brand_id": brand.id, "country": "IT", "maker_months": 6, "legal_months": 24,
            "effective_from_date": "2000-01-01"}  # fmt: skip
    r = client.put("/api/v1/warranty-policies", json=body)
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["effective_from_date"]
    assert warranty.terms_for(session, brand.id, "IT", date(2020, 1, 1))[0] == 24  # unchanged
