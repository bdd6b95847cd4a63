"""Tables of the knowledge base: articles and known issues per brand, model and fault, in en/it/vi.

Translations of one article share its `group_id` (the id of the first written). A known issue
is an article of kind "known_issue" with a remedy (e.g. free replacement under warranty) and
the days it holds. `knowledge_revision` counts each brand's changes to what the public reads,
so the self-help index knows with one read by primary key whether it must be rebuilt.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from aftersales.db import Base
from aftersales.kernel.clock import utcnow

if TYPE_CHECKING:
    from aftersales.catalog.models import Brand, PhoneModel

LANGUAGES = ("en", "it", "vi")
KINDS = ("article", "known_issue")
STATUSES = ("draft", "in_review", "published", "retired")


class Article(Base):
    """One article (or known issue) in one language, with its review state."""

    __tablename__ = "knowledge_article"
    __table_args__ = (
        # The brand staff's list: a brand's articles by status, newest change first.
        Index("ix_knowledge_article_brand_status", "brand_id", "status", "updated_at"),
        Index("ix_knowledge_article_brand_updated", "brand_id", "updated_at"),
        Index("ix_knowledge_article_group", "group_id"),
        # One article per language of a group, and a stable key per language (the demo's).
        UniqueConstraint("group_id", "language", name="uq_knowledge_article_group_language"),
        UniqueConstraint("brand_id", "key", "language", name="uq_knowledge_article_key"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"))
    # None: every model of the brand.
    model_id: Mapped[int | None] = mapped_column(ForeignKey("phone_model.id"), index=True)
    fault_category: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))
    group_id: Mapped[int | None]  # set to its own id when it starts a group
    kind: Mapped[str] = mapped_column(String(12), default="article")
    key: Mapped[str | None] = mapped_column(String(80))  # a stable name, e.g. "mi8-display-spots"
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    remedy: Mapped[str | None] = mapped_column(String(200))  # known issues
    since: Mapped[date | None]
    until: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(12), default="draft")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    helpful_yes: Mapped[int] = mapped_column(default=0, server_default="0")
    helpful_no: Mapped[int] = mapped_column(default=0, server_default="0")
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    model: Mapped[PhoneModel | None] = relationship()
    brand: Mapped[Brand] = relationship()


class ArticleFeedback(Base):
    """One reader's "did this help?" on one article: one per account, or per browser."""

    __tablename__ = "knowledge_feedback"
    __table_args__ = (UniqueConstraint("article_id", "voter", name="uq_knowledge_feedback_voter"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("knowledge_article.id", ondelete="CASCADE"))
    # "a:<account id>", or "b:" and a hash of the browser's anonymous form cookie.
    voter: Mapped[str] = mapped_column(String(80))
    helpful: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Revision(Base):
    """How many times a brand's published knowledge changed: the search index's freshness."""

    __tablename__ = "knowledge_revision"
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"), primary_key=True)
    revision: Mapped[int] = mapped_column(default=0)
