"""Articles: drafted, reviewed and published by the brand's admins, audited; translations linked;
drafts and other brands' articles are not found; feedback counted once per reader."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from aftersales.audit.models import AuditEntry
from aftersales.kernel.errors import Conflict, InvalidTransition, NotFound, ValidationFailed
from aftersales.knowledge import queries
from aftersales.knowledge.service import (
    ArticleFields,
    create_article,
    give_feedback,
    move_article,
    revision_of,
    update_article,
    voter_key,
)
from tests.factories import World, make_account, make_brand, make_model

SPOTS = ArticleFields(
    "Spots on the display",
    "Restart the phone.\n\n- Check the **warranty**",
    language="en",
    fault_category="display",
)


def test_draft_review_publish_with_audit_and_revision(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    reviewer = make_account(session, "brand_admin", brand_id=w.brand.id)
    a = create_article(session, w.brand_admin, w.brand.id, SPOTS, now)
    assert (a.status, a.group_id, a.author_id) == ("draft", a.id, w.brand_admin.id)
    with pytest.raises(InvalidTransition):
        move_article(session, w.brand_admin, a.id, "publish", now)  # a draft is reviewed first
    move_article(session, w.brand_admin, a.id, "submit", now)
    assert revision_of(session, w.brand.id) == 0  # nothing public changed yet
    move_article(session, reviewer, a.id, "publish", now, version=a.version)
    assert (a.status, a.reviewer_id, a.published_at) == ("published", reviewer.id, now)
    assert revision_of(session, w.brand.id) == 1
    with pytest.raises(Conflict):
        update_article(session, w.brand_admin, a.id, SPOTS, now, version=1)  # stale
    move_article(session, w.brand_admin, a.id, "retire", now)
    assert revision_of(session, w.brand.id) == 2
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "knowledge_article").order_by(AuditEntry.id)
    ).all()
    assert [r.action for r in rows] == ["created", "updated", "updated", "updated"]
    assert rows[2].changes["status"] == ["in_review", "published"]
    assert rows[2].changes["self_reviewed"] == [None, False]
    assert all(r.brand_id == w.brand.id for r in rows)


def test_self_review_is_allowed_and_named(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    a = create_article(session, w.brand_admin, w.brand.id, SPOTS, now)
    move_article(session, w.brand_admin, a.id, "submit", now)
    move_article(session, w.brand_admin, a.id, "publish", now)
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last is not None and last.changes["self_reviewed"] == [None, True]


def test_other_brands_and_other_roles_find_nothing(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    a = create_article(session, w.brand_admin, w.brand.id, SPOTS, now)
    stranger = make_account(session, "brand_admin", brand_id=make_brand(session).id)
    for who in (stranger, w.technician, w.manager, w.owner, w.shop_staff):
        with pytest.raises(NotFound):
            update_article(session, who, a.id, SPOTS, now)
        with pytest.raises(NotFound):
            move_article(session, who, a.id, "submit", now)
    with pytest.raises(NotFound):
        create_article(session, stranger, w.brand.id, SPOTS, now)


def test_wrong_fields_are_named_each(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    other = make_model(session, make_brand(session))
    bad = ArticleFields(
        " ", "x", language="fr", model_id=other.id, fault_category="nose", kind="known_issue"
    )
    with pytest.raises(ValidationFailed) as e:
        create_article(session, w.brand_admin, w.brand.id, bad, now)
    assert set(e.value.errors) == {"title", "language", "model_id", "fault_category", "remedy"}


def test_translations_are_linked_once_per_language(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    en = create_article(session, w.brand_admin, w.brand.id, SPOTS, now)
    it_fields = ArticleFields("Macchie sul display", "Riavvia.", language="it")
    it = create_article(session, w.brand_admin, w.brand.id, it_fields, now, translation_of=en.id)
    vi_fields = ArticleFields("Đốm trên màn hình", "Khởi động lại.", language="vi")
    vi = create_article(session, w.brand_admin, w.brand.id, vi_fields, now, translation_of=it.id)
    assert en.group_id == it.group_id == vi.group_id == en.id
    assert [t.language for t in queries.translations(session, it)] == ["en", "vi"]
    with pytest.raises(ValidationFailed) as e:
        create_article(session, w.brand_admin, w.brand.id, it_fields, now, translation_of=en.id)
    assert "language" in e.value.errors


def test_feedback_counts_once_per_reader(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    a = create_article(session, w.brand_admin, w.brand.id, SPOTS, now)
    assert give_feedback(session, a, voter_key(w.owner.id, ""), True, now)
    assert not give_feedback(session, a, voter_key(w.owner.id, ""), False, now)
    assert give_feedback(session, a, voter_key(None, "browser-token"), False, now)
    session.refresh(a)
    assert (a.helpful_yes, a.helpful_no) == (1, 1)
