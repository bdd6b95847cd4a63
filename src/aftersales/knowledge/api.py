"""Routes: a brand's knowledge base (its admins write, review and publish; anyone reads)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from aftersales.catalog.access import get_brand_for
from aftersales.http.deps import Actor, DbSession, Now, Signed, optional_actor
from aftersales.kernel.paging import PAGE_SIZE
from aftersales.knowledge import queries, service
from aftersales.knowledge.access import may_edit, public_article
from aftersales.knowledge.present import article_read, fields_of, with_translations
from aftersales.knowledge.queries import ArticleFilter
from aftersales.knowledge.schemas import (
    ArticleCreate,
    ArticlePage,
    ArticleRead,
    ArticleUpdate,
    MoveIn,
)

router = APIRouter(tags=["knowledge"])
MaybeSigned = Annotated[Actor | None, Depends(optional_actor)]


@router.get("/brands/{brand_id}/articles", response_model=ArticlePage)
def list_articles(
    brand_id: int,
    user: Signed,
    session: DbSession,
    status: str | None = Query(None, pattern="^(draft|in_review|published|retired)$"),
    language: str | None = Query(None, pattern="^(en|it|vi)$"),
    model_id: int | None = None,
    fault_category: str | None = Query(None, max_length=20),
    offset: int = Query(0, ge=0, le=10_000),
    limit: int = Query(PAGE_SIZE, ge=1, le=200),
) -> ArticlePage:
    """List the brand's articles, newest change first (its admins; 404 to others)."""
    brand = get_brand_for(session, user, brand_id)
    f = ArticleFilter(status, language, model_id, fault_category)
    found = queries.list_articles(session, brand.id, f, limit, offset)
    return ArticlePage(
        items=[article_read(a) for a in found.rows], total=found.total, total_capped=found.capped
    )


@router.post("/brands/{brand_id}/articles", response_model=ArticleRead, status_code=201)
def create_article(
    brand_id: int, body: ArticleCreate, user: Signed, session: DbSession, now: Now
) -> ArticleRead:
    """Write a draft (perhaps a translation of another article); audited."""
    article = service.create_article(
        session, user, brand_id, fields_of(body), now, translation_of=body.translation_of
    )
    return with_translations(session, article, public=False)


@router.get("/articles/{article_id}", response_model=ArticleRead)
def get_article(article_id: int, user: MaybeSigned, session: DbSession) -> ArticleRead:
    """Read a published article (anyone); its brand's admins read any of its articles."""
    article = public_article(session, user, article_id)
    return with_translations(session, article, public=not may_edit(user, article.brand_id))


@router.patch("/articles/{article_id}", response_model=ArticleRead)
def update_article(
    article_id: int, body: ArticleUpdate, user: Signed, session: DbSession, now: Now
) -> ArticleRead:
    """Change an article's words or scope (409 if it changed since `version`); audited."""
    article = service.update_article(
        session, user, article_id, fields_of(body), now, version=body.version
    )
    return with_translations(session, article, public=False)


@router.post("/articles/{article_id}/moves", response_model=ArticleRead)
def move_article(
    article_id: int, body: MoveIn, user: Signed, session: DbSession, now: Now
) -> ArticleRead:
    """Send for review, return, publish, retire or reopen an article; audited."""
    article = service.move_article(
        session, user, article_id, body.action, now, version=body.version
    )
    return with_translations(session, article, public=False)
