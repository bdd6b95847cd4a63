"""The technician deciding warranty sees the purchase date and the coverage from the policy."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest

from aftersales.http import i18n
from aftersales.repairs.intake import Intake, open_repair
from aftersales.repairs.service import transition
from aftersales.warranty.service import set_policy
from tests.factories import World, make_phone
from tests.web.helpers import bearer
from tests.web.pages.helpers import sign_in, texts

BOUGHT = date(2025, 2, 10)


def _story(session, now):  # type: ignore[no-untyped-def]
    """A repair of a phone bought 13 months ago, under a 12-month maker warranty in Italy."""
    w = World(session)
    set_policy(session, w.brand_admin, w.brand.id, "IT", maker_months=12, legal_months=24)
    phone = make_phone(session, w.model, owner_id=w.owner.id, purchase_date=BOUGHT)
    intake = Intake(phone.imei, "display", "Spots", centre_id=w.centre.id)
    repair = open_repair(session, w.shop_staff, intake, now - timedelta(days=1))
    transition(session, w.shop_staff, repair, "in_transit_to_centre", now - timedelta(hours=20))
    transition(session, w.technician, repair, "at_centre", now - timedelta(hours=3))
    transition(session, w.technician, repair, "diagnosing", now - timedelta(hours=2))
    return w, repair


def test_centre_staff_get_the_purchase_date_and_coverage_with_the_repair(client, session, now):  # type: ignore[no-untyped-def]
    w, repair = _story(session, now)
    heads = {who: bearer(session, a, now) for who, a in (
        ("tech", w.technician), ("manager", w.manager), ("admin", w.admin),
        ("owner", w.owner), ("shop", w.shop_staff), ("brand", w.brand_admin))}  # fmt: skip
    session.commit()
    for who in ("tech", "manager", "admin"):
        r = client.get(f"/api/v1/repairs/{repair.code}", headers=heads[who])
        assert r.status_code == 200, r.text
        facts = r.json()["warranty"]
        assert facts == {
            "purchase_date": "2025-02-10",
            "judged_on": (now - timedelta(days=1)).date().isoformat(),
            "covered": True,
            "kind": "legal_guarantee",
            "end_date": "2027-02-10",
            "maker_end_date": "2026-02-10",
            "legal_end_date": "2027-02-10",
            "maker_months": 12,
            "legal_months": 24,
            "terms": "policy",
        }, who
    # Owners (and the other sides) see the repair as before: no warranty facts.
    for who in ("owner", "shop", "brand"):
        body = client.get(f"/api/v1/repairs/{repair.code}", headers=heads[who]).json()
        assert body.get("warranty") is None, who
    owner = client.get(f"/api/v1/repairs/{repair.code}", headers=heads["owner"]).text
    assert "purchase_date" not in owner and "2025-02-10" not in owner


def test_the_repair_page_shows_the_technician_the_facts_of_the_decision(client, session, now):  # type: ignore[no-untyped-def]
    w, repair = _story(session, now)
    session.commit()
    sign_in(client, w.technician)
    html = client.get(f"/repairs/{repair.code}", headers={"Accept-Language": "en-GB"}).text
    page = unescape(texts(html))
    assert "Purchase date: 10 Feb 2025" in page
    assert "Legal guarantee until 10 Feb 2027" in page
    assert "Maker's warranty: 12 months (until 10 Feb 2026)" in page
    assert "Coverage on 9 Mar 2026, when the phone was handed in" in page
    assert "the brand's terms for IT" in page
    client.cookies.clear()
    sign_in(client, w.owner)
    mine = texts(client.get(f"/repairs/{repair.code}", headers={"Accept-Language": "en"}).text)
    assert "Purchase date" not in mine and "Legal guarantee until" not in mine


def test_without_a_purchase_date_coverage_is_unknown_and_default_terms_are_named(  # type: ignore[no-untyped-def]
    client, session, now
):
    w = World(session)
    repair = w.repair(now, purchase_date=None)
    repair.phone.purchase_date = None
    tech = bearer(session, w.technician, now)
    session.commit()
    facts = client.get(f"/api/v1/repairs/{repair.code}", headers=tech).json()["warranty"]
    assert (facts["purchase_date"], facts["kind"], facts["covered"]) == (None, "unknown", False)
    assert (facts["terms"], facts["maker_months"], facts["legal_months"]) == ("default", 24, 24)


@pytest.mark.parametrize("lang", ["it", "vi"])
def test_the_facts_ask_for_no_missing_translation(client, session, now, lang):  # type: ignore[no-untyped-def]
    w, repair = _story(session, now)
    w.technician.language = lang
    session.commit()
    i18n.MISSING[lang].clear()
    sign_in(client, w.technician)
    r = client.get(f"/repairs/{repair.code}")
    assert r.status_code == 200 and f'<html lang="{lang}">' in r.text
    assert not i18n.MISSING[lang], sorted(i18n.MISSING[lang])
