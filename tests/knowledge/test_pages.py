"""The knowledge pages: a draft is not public, a published article is, its body made safe;
the editor keeps a wrong form's input with each field's message; another brand's admin: 404."""

from __future__ import annotations

from sqlalchemy import event

from aftersales.knowledge.service import ArticleFields, create_article, move_article
from tests.factories import World, make_account, make_brand, make_model
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


def _statements(client, session, path):  # type: ignore[no-untyped-def]
    """Return how many SQL statements one page view runs, with a cold identity map."""
    session.expunge_all()
    seen: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        r = client.get(path)
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert r.status_code == 200, r.text
    return len(seen)


def test_the_list_costs_the_same_statements_for_3_or_25(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    models = [make_model(session, w.brand) for _ in range(3)]
    for i in range(3):
        fields = ArticleFields(f"Article {i}", "Words", model_id=models[i].id)
        create_article(session, w.brand_admin, w.brand.id, fields, now)
    session.commit()
    sign_in(client, w.brand_admin)
    path = f"/brand/knowledge?brand_id={w.brand.id}"
    few = _statements(client, session, path)
    for i in range(22):
        fields = ArticleFields(f"More {i}", "Words", model_id=models[i % 3].id)
        create_article(session, w.brand_admin, w.brand.id, fields, now)
    session.commit()
    assert _statements(client, session, path) == few
