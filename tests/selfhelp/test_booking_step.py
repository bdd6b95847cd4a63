"""Before booking: the likely fixes for the owner's words, "This solved it" recorded, "I still
need a repair" going on to the booking form with the words kept; prefilled from a link."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, urlparse

from sqlalchemy import select

from aftersales.knowledge.service import ArticleFields, create_article, move_article
from aftersales.selfhelp.models import Attempt
from tests.factories import World, make_phone
from tests.web.pages.helpers import post, sign_in, texts

SPOTS = ArticleFields(
    "Macchie sul display",
    "Il display viene sostituito gratis.",
    language="it",
    fault_category="display",
    kind="known_issue",
    remedy="Sostituzione gratuita",
)


def _world(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    a = create_article(session, w.brand_admin, w.brand.id, replace(SPOTS, model_id=w.model.id), now)
    move_article(session, w.brand_admin, a.id, "submit", now)
    move_article(session, w.brand_admin, a.id, "publish", now)
    phone = make_phone(session, w.model, owner_id=w.owner.id)
    session.commit()
    return w, a, phone


def test_the_step_offers_fixes_and_keeps_the_words(client, session, now):  # type: ignore[no-untyped-def]
    w, a, phone = _world(session, now)
    sign_in(client, w.owner)
    first = client.get("/book")
    assert first.status_code == 200 and 'action="/help/suggest"' in first.text
    asked = {
        "phone": phone.id,
        "fault_category": "display",
        "problem": "ho delle macchie sullo schermo",
        "via": "book",
    }
    live = client.get("/help/suggest", params=asked, headers={"HX-Request": "true"})
    assert "Macchie sul display" in live.text and "<html" not in live.text
    whole = client.get("/help/suggest", params=asked)  # without scripts: a page
    assert "Macchie sul display" in whole.text and "<html" in whole.text
    went = post(
        client,
        "/help/continue",
        {
            "phone": phone.id,
            "fault_category": "display",
            "problem": "ho delle macchie sullo schermo",
        },
    )
    assert went.status_code == 303
    query = parse_qs(urlparse(went.headers["location"]).query)
    assert query["problem"] == ["ho delle macchie sullo schermo"] and query["step"] == ["details"]
    form = client.get(went.headers["location"])
    assert "ho delle macchie sullo schermo" in form.text and 'name="dropoff_date"' in form.text
    done = post(
        client,
        "/help/solved",
        {
            "phone": phone.id,
            "fault_category": "display",
            "problem": "macchie",
            "doc_kind": "known_issue",
            "doc_id": a.id,
            "via": "book",
        },
    )
    assert done.status_code == 303
    rows = session.scalars(select(Attempt).order_by(Attempt.id)).all()
    assert [(r.outcome, r.doc_id, r.account_id, r.model_id) for r in rows] == [
        ("repair", None, w.owner.id, w.model.id),
        ("solved", a.id, w.owner.id, w.model.id),
    ]


def test_a_link_prefills_the_phone_of_the_model(client, session, now):  # type: ignore[no-untyped-def]
    w, _a, phone = _world(session, now)
    sign_in(client, w.owner)
    r = client.get(
        "/book",
        params={"model": w.model.id, "fault_category": "display", "problem": "Spots on the screen"},
    )
    assert r.status_code == 200
    assert f'<option value="{phone.id}" selected>' in r.text
    assert "Spots on the screen" in texts(r.text)
