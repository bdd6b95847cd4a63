"""Bad input on pages: unknown addresses, overflowing numbers, huge or NUL texts, huge forms.

Each gets a readable page in the visitor's language, never raw JSON, and nothing is saved.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aftersales.repairs.models import Quote, RepairEvent
from aftersales.repairs.service import transition
from tests.factories import World
from tests.web.helpers import assert_problem
from tests.web.pages.helpers import csrf, post, sign_in, texts

IT = {"Accept-Language": "it-IT,it;q=0.9"}


@pytest.fixture()
def diagnosing(client, session, now):  # type: ignore[no-untyped-def]
    """A repair being diagnosed, and its technician signed in, speaking Italian."""
    w = World(session)
    repair = w.repair(now - timedelta(days=2))
    for status in ("in_transit_to_centre", "at_centre", "diagnosing"):
        actor = w.shop_staff if status == "in_transit_to_centre" else w.technician
        transition(session, actor, repair, status, now - timedelta(days=1))
    w.technician.language = "it"
    session.commit()
    sign_in(client, w.technician)
    return repair


def _events(session, repair) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(
        select(func.count()).select_from(RepairEvent).where(RepairEvent.repair_id == repair.id)
    )


def test_unknown_addresses_get_an_html_page_and_api_keeps_problem_json(client):  # type: ignore[no-untyped-def]
    r = client.get("/no/such/page", headers=IT)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="it">' in r.text and "Non esiste una pagina a questo indirizzo" in r.text
    assert_problem(client.get("/api/v1/no/such/thing", headers=IT), 404)
    wrong_method = client.get("/logout", headers=IT)  # a form's address, opened by hand
    assert wrong_method.status_code == 405 and "<html" in wrong_method.text
    assert_problem(client.put("/api/v1/me"), 405)


def test_a_900000_character_note_is_refused_in_italian(client, session, diagnosing):  # type: ignore[no-untyped-def]
    before = _events(session, diagnosing)
    r = post(client, f"/repairs/{diagnosing.code}/note", {"text": "x" * 900_000})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "Usa al massimo 4.000 caratteri" in texts(r.text)
    session.expire_all()
    assert _events(session, diagnosing) == before


def test_a_nul_character_is_a_field_error_in_italian(client, session, diagnosing):  # type: ignore[no-untyped-def]
    before = _events(session, diagnosing)
    r = post(client, f"/repairs/{diagnosing.code}/note", {"text": "ok\x00no"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "carattere invisibile NUL" in texts(r.text)
    quote = {"amount": "89,90", "currency": "EUR", "description": "Display\x00 nuovo"}
    r = post(client, f"/repairs/{diagnosing.code}/quote", quote)
    assert r.status_code == 422 and "carattere invisibile NUL" in texts(r.text)
    session.expire_all()
    assert _events(session, diagnosing) == before


def test_a_price_past_what_can_be_stored_is_refused_in_italian(client, session, diagnosing):  # type: ignore[no-untyped-def]
    form = {"amount": "30.000.000,00", "currency": "EUR", "description": "Scheda madre nuova"}
    r = post(client, f"/repairs/{diagnosing.code}/quote", form)  # 3e9 cents > 2^31 - 1
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "Il prezzo è troppo alto" in texts(r.text)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Quote)) == 0


def test_a_number_past_the_database_in_an_address_gets_a_page(client, session, diagnosing):  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    sign_in(client, w.shop_staff)
    r = client.get(f"/webhooks/{2**63 + 5}", headers=IT)  # past every engine's integer
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "troppo grande" in texts(r.text)
    sign_in(client, w.brand_admin)
    bad = client.post("/brand/models?brand_id=abc", data={"csrf": csrf(client)}, headers=IT)
    assert bad.status_code == 422 and "Alcuni campi del modulo" in bad.text


def test_a_form_past_one_megabyte_is_refused_before_it_is_read(client, session, diagnosing):  # type: ignore[no-untyped-def]
    before = _events(session, diagnosing)
    form = {"csrf": csrf(client), "text": "y" * (1024 * 1024 + 1)}
    r = client.post(f"/repairs/{diagnosing.code}/note", data=form, headers=IT)
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "Il modulo è troppo grande" in texts(r.text)
    session.expire_all()
    assert _events(session, diagnosing) == before
