"""A form's errors on the repair page speak the page's language, each under its field.

The cases the issue found in English on Italian and Vietnamese pages: an empty warranty
reason, a price that is not one, closing without an outcome.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from aftersales.kernel.language import translate
from aftersales.repairs.service import transition
from tests.factories import World
from tests.web.pages.helpers import post, sign_in, texts


@pytest.fixture(params=["it", "vi"])
def at_centre(request, client, session, now):  # type: ignore[no-untyped-def]
    """A repair being diagnosed; its technician signed in, speaking the language of the test."""
    w = World(session)
    repair = w.repair(now - timedelta(days=2))
    for status in ("in_transit_to_centre", "at_centre", "diagnosing"):
        actor = w.shop_staff if status == "in_transit_to_centre" else w.technician
        transition(session, actor, repair, status, now - timedelta(days=1))
    w.technician.language = request.param
    session.commit()
    sign_in(client, w.technician)
    return w, repair, request.param


def said(r, lang: str, english: str) -> bool:  # type: ignore[no-untyped-def]
    """Tell whether the page says this message in its language, and not in English."""
    page = texts(r.text)
    translated = translate(lang, english)
    return translated != english and translated in page and english not in page


def test_an_empty_warranty_reason(client, at_centre):  # type: ignore[no-untyped-def]
    _, repair, lang = at_centre
    r = post(client, f"/repairs/{repair.code}/warranty", {"decision": "covered", "reason": ""})
    assert r.status_code == 422
    assert said(r, lang, "Explain the decision to the owner in a sentence.")


def test_a_price_that_is_not_a_number(client, at_centre):  # type: ignore[no-untyped-def]
    _, repair, lang = at_centre
    form = {"amount": "ottanta", "currency": "EUR", "description": "Un display nuovo"}
    r = post(client, f"/repairs/{repair.code}/quote", form)
    assert r.status_code == 422
    assert said(r, lang, "The price is not a number.")


def test_closing_without_an_outcome(client, session, now, at_centre):  # type: ignore[no-untyped-def]
    w, repair, lang = at_centre
    for status in ("testing", "ready"):
        transition(session, w.technician, repair, status, now)
    session.commit()
    r = post(client, f"/repairs/{repair.code}/move", {"to_status": "closed", "outcome": ""})
    assert r.status_code == 422
    assert said(r, lang, "Closing needs an outcome.")
