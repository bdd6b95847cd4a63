"""knowledge and selfhelp: articles and known issues, their feedback, and self-help attempts

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-02 11:00:00

Articles per brand, model and fault in en/it/vi (translations share a group), reviewed and
published by the brand's admins; readers' "did this help?"; each brand's revision of its
published knowledge (the search index's freshness); the ended self-help steps (decisions
219-228).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, aftersales.db.UTCDateTime(timezone=True), nullable=nullable)


def _account(name: str) -> sa.Column:
    return sa.Column(
        name, sa.Integer(), sa.ForeignKey("account.id", ondelete="SET NULL"), nullable=True
    )


def upgrade() -> None:
    """Apply this revision: four empty tables."""
    op.create_table(
        "knowledge_article",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("brand_id", sa.Integer(), sa.ForeignKey("brand.id"), nullable=False),
        sa.Column("model_id", sa.Integer(), sa.ForeignKey("phone_model.id"), nullable=True),
        sa.Column("fault_category", sa.String(length=20), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("remedy", sa.String(length=200), nullable=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        _account("author_id"),
        _account("reviewer_id"),
        _when("published_at", nullable=True),
        _when("created_at"),
        _when("updated_at"),
        sa.Column("helpful_yes", sa.Integer(), server_default="0", nullable=False),
        sa.Column("helpful_no", sa.Integer(), server_default="0", nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.UniqueConstraint("group_id", "language", name="uq_knowledge_article_group_language"),
        sa.UniqueConstraint("brand_id", "key", "language", name="uq_knowledge_article_key"),
    )
    op.create_index(
        "ix_knowledge_article_brand_status",
        "knowledge_article",
        ["brand_id", "status", "updated_at"],
    )
    op.create_index(
        "ix_knowledge_article_brand_updated", "knowledge_article", ["brand_id", "updated_at"]
    )
    op.create_index("ix_knowledge_article_group", "knowledge_article", ["group_id"])
    op.create_index("ix_knowledge_article_model_id", "knowledge_article", ["model_id"])
    op.create_table(
        "knowledge_feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("knowledge_article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("voter", sa.String(length=80), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("article_id", "voter", name="uq_knowledge_feedback_voter"),
    )
    op.create_table(
        "knowledge_revision",
        sa.Column("brand_id", sa.Integer(), sa.ForeignKey("brand.id"), primary_key=True),
        sa.Column("revision", sa.Integer(), nullable=False),
    )
    op.create_table(
        "selfhelp_attempt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("brand_id", sa.Integer(), sa.ForeignKey("brand.id"), nullable=False),
        sa.Column("model_id", sa.Integer(), sa.ForeignKey("phone_model.id"), nullable=True),
        sa.Column("fault_category", sa.String(length=20), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("doc_kind", sa.String(length=12), nullable=True),
        sa.Column("doc_id", sa.Integer(), nullable=True),
        _account("account_id"),
        _when("created_at"),
    )
    op.create_index("ix_selfhelp_attempt_brand_at", "selfhelp_attempt", ["brand_id", "created_at"])
    op.create_index("ix_selfhelp_attempt_model_at", "selfhelp_attempt", ["model_id", "created_at"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("selfhelp_attempt")
    op.drop_table("knowledge_revision")
    op.drop_table("knowledge_feedback")
    op.drop_table("knowledge_article")
