"""Articles shaped for the API."""

from __future__ import annotations

from sqlalchemy.orm import Session

from aftersales.kernel.markdown import render_article as render
from aftersales.knowledge import queries
from aftersales.knowledge.models import Article
from aftersales.knowledge.schemas import ArticleIn, ArticleRead
from aftersales.knowledge.service import ArticleFields


def article_read(article: Article, translations: dict[str, int] | None = None) -> ArticleRead:
    """Return an article as the API answers it, its body also as safe HTML."""
    return ArticleRead.model_validate(
        {
            **{
                c.key: getattr(article, c.key)
                for c in Article.__table__.columns
                if c.key not in ("author_id", "reviewer_id", "created_at")
            },
            "body_html": render(article.body),
            "translations": translations or {},
        }
    )


def with_translations(session: Session, article: Article, public: bool) -> ArticleRead:
    """Return an article with the ids of its other languages (published ones for the public)."""
    others = queries.translations(session, article)
    found = {t.language: t.id for t in others if not public or t.status == "published"}
    return article_read(article, found)


def fields_of(body: ArticleIn) -> ArticleFields:
    """Return the service's fields from the API's body."""
    return ArticleFields(
        title=body.title,
        body=body.body,
        language=body.language,
        model_id=body.model_id,
        fault_category=body.fault_category,
        kind=body.kind,
        remedy=body.remedy,
        since=body.since,
        until=body.until,
        key=body.key,
    )
