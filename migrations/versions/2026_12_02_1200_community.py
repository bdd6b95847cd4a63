"""community: owners' questions, answers, votes and reports

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-02 12:00:00

A question keeps what its lists and the brand's figures read (counts, first answer, first
staff answer and the working hours to it), so they read one table (decisions 229-238).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, aftersales.db.UTCDateTime(timezone=True), nullable=nullable)


def _where(rule: str) -> dict[str, object]:
    return {"postgresql_where": sa.text(rule), "sqlite_where": sa.text(rule)}


def _account(name: str, *, nullable: bool = True, on_delete: str = "SET NULL") -> sa.Column:
    return sa.Column(
        name, sa.Integer(), sa.ForeignKey("account.id", ondelete=on_delete), nullable=nullable
    )


def upgrade() -> None:
    """Apply this revision: four empty tables."""
    op.create_table(
        "community_question",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("brand_id", sa.Integer(), sa.ForeignKey("brand.id"), nullable=False),
        sa.Column("model_id", sa.Integer(), sa.ForeignKey("phone_model.id"), nullable=False),
        sa.Column("fault_category", sa.String(20), nullable=False),
        _account("author_id"),
        sa.Column("title", sa.String(140), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("hidden_reason", sa.String(300), nullable=True),
        sa.Column("accepted_answer_id", sa.Integer(), nullable=True),
        sa.Column("answers_count", sa.Integer(), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        _when("created_at"),
        _when("first_answer_at", nullable=True),
        _when("first_staff_answer_at", nullable=True),
        sa.Column("staff_hours", sa.Float(), nullable=True),
        _when("last_activity_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'answered', 'solved')", name="ck_community_question_status_known"
        ),
    )
    q = "community_question"
    op.create_index(
        "ix_community_question_shown", q, ["created_at", "id"], **_where("hidden = false")
    )
    op.create_index("ix_community_question_brand", q, ["brand_id", "hidden", "created_at", "id"])
    op.create_index(
        "ix_community_question_model", q, ["model_id", "fault_category", "hidden", "created_at"]
    )
    op.create_index(
        "ix_community_question_unanswered", q, ["brand_id", "created_at"],
        **_where("hidden = false AND answers_count = 0"),
    )  # fmt: skip
    op.create_index(
        "ix_community_question_waiting", q, ["brand_id", "created_at"],
        **_where("hidden = false AND locked = false AND first_staff_answer_at IS NULL"),
    )  # fmt: skip
    op.create_index(
        "ix_community_question_accepted", q, ["brand_id", "id"],
        **_where("hidden = false AND accepted_answer_id IS NOT NULL"),
    )  # fmt: skip
    op.create_table(
        "community_answer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("question_id", sa.Integer(),
                  sa.ForeignKey("community_question.id", ondelete="CASCADE"), nullable=False),
        _account("author_id"),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("is_staff", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.Column("hidden_reason", sa.String(300), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        _when("created_at"),
    )  # fmt: skip
    op.create_index(
        "ix_community_answer_question", "community_answer", ["question_id", "created_at", "id"]
    )
    op.create_table(
        "community_vote",
        sa.Column("id", sa.Integer(), primary_key=True),
        _account("account_id", nullable=False, on_delete="CASCADE"),
        sa.Column("answer_id", sa.Integer(),
                  sa.ForeignKey("community_answer.id", ondelete="CASCADE"), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=False),
        _when("created_at"),
        sa.UniqueConstraint("account_id", "answer_id", name="uq_community_vote_once"),
        sa.CheckConstraint("value = 1", name="ck_community_vote_value_up"),
    )  # fmt: skip
    op.create_index("ix_community_vote_answer_id", "community_vote", ["answer_id"])
    op.create_table(
        "community_report",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("brand_id", sa.Integer(), sa.ForeignKey("brand.id"), nullable=False),
        _account("account_id"),
        sa.Column("question_id", sa.Integer(),
                  sa.ForeignKey("community_question.id", ondelete="CASCADE"), nullable=False),
        sa.Column("answer_id", sa.Integer(),
                  sa.ForeignKey("community_answer.id", ondelete="CASCADE"), nullable=True),
        sa.Column("reason", sa.String(16), nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        _when("created_at"),
        _when("resolved_at", nullable=True),
        _account("resolved_by"),
    )  # fmt: skip
    op.create_index(
        "ix_community_report_open", "community_report", ["brand_id", "created_at"],
        **_where("resolved_at IS NULL"),
    )  # fmt: skip
    op.create_index("ix_community_report_question", "community_report", ["question_id"])


def downgrade() -> None:
    """Revert this revision."""
    for table in ("community_report", "community_vote", "community_answer", "community_question"):
        op.drop_table(table)
