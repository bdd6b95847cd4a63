"""A repair's public note as an article draft: the brand's admins only; words, model and fault,
nothing of the owner, the phone or the repair's code; the audit row names where it came from."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aftersales.audit.models import AuditEntry
from aftersales.kernel.errors import NotFound
from aftersales.knowledge.drafts import draft_from_note, title_of
from aftersales.repairs.service import add_note
from tests.factories import World, make_account, make_brand
from tests.web.pages.helpers import post, sign_in, texts

NOTE = "The display had bright spots: replaced under warranty, free of charge."


def test_a_public_note_becomes_a_draft_without_personal_data(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    repair = w.repair(now)
    public = add_note(session, w.technician, repair, now, text=NOTE, public=True)
    internal = add_note(session, w.technician, repair, now, text="Owner: Anna", public=False)
    article = draft_from_note(session, w.brand_admin, repair.code, public.id, "en", now)
    assert (article.body, article.title, article.status) == (NOTE, NOTE, "draft")
    assert (article.model_id, article.fault_category) == (repair.model_id, repair.fault_category)
    shown = f"{article.title} {article.body} {article.key}"
    assert repair.code not in shown and repair.phone.imei not in shown
    audit = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "knowledge_article")
    ).one()
    assert audit.changes["origin"] == [None, f"repair event {public.id}"]
    for who, event in (
        (w.brand_admin, internal),
        (w.technician, public),
        (make_account(session, "brand_admin", brand_id=make_brand(session).id), public),
    ):
        with pytest.raises(NotFound):
            draft_from_note(session, who, repair.code, event.id, "en", now)
    session.commit()
    sign_in(client, w.brand_admin)
    page = client.get(f"/repairs/{repair.code}")
    assert "Offer as article draft" in page.text and "Owner: Anna" in page.text
    r = post(client, "/brand/knowledge/from-repair", {"code": repair.code, "event_id": public.id})
    assert r.status_code == 303, texts(r.text)[-600:]
    assert r.headers["location"].startswith("/brand/knowledge/")


def test_a_long_note_gives_a_short_title():
    assert title_of("word " * 40).endswith("…") and len(title_of("word " * 40)) <= 81
