"""Reading the knowledge base: the staff's list, translations, what the public reads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from aftersales.kernel.paging import COUNT_CAP
from aftersales.knowledge.models import Article


@dataclass(frozen=True)
class ArticleFilter:
    """What the staff's list narrows to (None: any)."""

    status: str | None = None
    language: str | None = None
    model_id: int | None = None
    fault_category: str | None = None
    kind: str | None = None


@dataclass
class ArticlePage:
    """One page of a brand's articles and how many match (counted up to COUNT_CAP)."""

    rows: list[Article]
    total: int
    capped: bool


def list_articles(
    session: Session, brand_id: int, f: ArticleFilter, limit: int, offset: int
) -> ArticlePage:
    """Return a page of the brand's articles, newest change first: two statements."""
    conds = [Article.brand_id == brand_id]
    for column, value in (
        (Article.status, f.status),
        (Article.language, f.language),
        (Article.model_id, f.model_id),
        (Article.fault_category, f.fault_category),
        (Article.kind, f.kind),
    ):
        if value is not None:
            conds.append(column == value)
    capped_rows = select(Article.id).where(*conds).limit(COUNT_CAP + 1).subquery()
    total = session.scalar(select(func.count()).select_from(capped_rows)) or 0
    rows = session.scalars(
        select(Article)
        .where(*conds)
        .options(joinedload(Article.model))
        .order_by(Article.updated_at.desc(), Article.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return ArticlePage(list(rows), min(total, COUNT_CAP), total > COUNT_CAP)


def translations(session: Session, article: Article) -> list[Article]:
    """Return the other languages of an article's group, in en, it, vi order."""
    rows = session.scalars(
        select(Article).where(Article.group_id == article.group_id, Article.id != article.id)
    ).all()
    return sorted(rows, key=lambda a: ("en", "it", "vi").index(a.language))


def published(session: Session, brand_id: int) -> Sequence[Article]:
    """Return every published article and known issue of a brand (the self-help source)."""
    return session.scalars(
        select(Article)
        .where(Article.brand_id == brand_id, Article.status == "published")
        .order_by(Article.id)
    ).all()


def known_issues(session: Session, model_id: int, language: str) -> list[Article]:
    """Return a model's published known issues, the reader's language first."""
    rows = session.scalars(
        select(Article).where(
            Article.model_id == model_id,
            Article.kind == "known_issue",
            Article.status == "published",
        )
    ).all()
    return sorted(rows, key=lambda a: (a.language != language, a.id))
