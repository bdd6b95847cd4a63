"""The knowledge pages: a draft is not public, a published article is, its body made safe;
the editor keeps a wrong form's input with each field's message; another brand's admin: 404."""

from __future__ import annotations

from aftersales.knowledge.service import ArticleFields, create_article, move_article
from tests.factories import World, make_account, make_brand
from tests.web.pages.helpers import post, sign_in

XSS = ArticleFields(
    "Spots",
    "Hello <script>alert(1)</script> **bold** [x](javascript:alert(1))\n\n"
    "<img src=x onerror=alert(1)>",
    language="en",
)


def test_draft_hidden_published_shown_safely(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    a = create_article(session, w.brand_admin, w.brand.id, XSS, now)
    session.commit()
    assert client.get(f"/help/articles/{a.id}").status_code == 404
    move_article(session, w.brand_admin, a.id, "submit", now)
    move_article(session, w.brand_admin, a.id, "publish", now)
    session.commit()
    page = client.get(f"/help/articles/{a.id}")
    assert page.status_code == 200
    assert "<strong>bold</strong>" in page.text
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert 'href="javascript:' not in page.text


def test_editor_keeps_input_and_other_brands_get_404(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    a = create_article(session, w.brand_admin, w.brand.id, XSS, now)
    stranger = make_account(session, "brand_admin", brand_id=make_brand(session).id)
    session.commit()
    sign_in(client, w.brand_admin)
    listed = client.get("/brand/knowledge")
    assert listed.status_code == 200 and f"/brand/knowledge/{a.id}" in listed.text
    r = post(
        client,
        f"/brand/knowledge/new?brand_id={w.brand.id}",
        {"title": "", "body": "Words kept", "language": "en", "kind": "known_issue"},
    )
    assert r.status_code == 422 and "Words kept" in r.text and 'id="title-error"' in r.text
    assert 'id="remedy-error"' in r.text
    r = post(
        client,
        f"/brand/knowledge/new?brand_id={w.brand.id}",
        {"title": "Battery", "body": "Charge it", "language": "it"},
    )
    assert r.status_code == 303
    client.cookies.clear()
    sign_in(client, stranger)
    assert client.get(f"/brand/knowledge/{a.id}").status_code == 404
    assert post(client, f"/brand/knowledge/{a.id}/submit", {}).status_code == 404
    assert client.get(f"/help/articles/{a.id}").status_code == 404
