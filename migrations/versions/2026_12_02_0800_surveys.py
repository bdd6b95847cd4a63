"""surveys: the invitation after each closed repair, and the answers

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 08:00:00

One invitation per closed repair (signed link, one reminder at most) and one answer per
repair; imported answers have no repair. Each answer keeps what its reports group by
(decision 203).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ATTRIBUTES = ("explanation", "solution", "knowledge", "soft_skills", "turnaround", "cost")
WAITING = sa.text("answered_at IS NULL AND reminded_at IS NULL")


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, aftersales.db.UTCDateTime(timezone=True), nullable=nullable)


def _rating(name: str) -> sa.Column:
    return sa.Column(name, sa.SmallInteger(), nullable=name != "overall")


def _scale(name: str, *, required: bool = False) -> sa.CheckConstraint:
    rule = f"{name} BETWEEN 1 AND 5"
    return sa.CheckConstraint(
        rule if required else f"{name} IS NULL OR {rule}", name=f"ck_survey_answer_{name}_scale"
    )


def upgrade() -> None:
    """Apply this revision: two empty tables."""
    op.create_table(
        "survey_invitation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("repair_id", sa.Integer(),
                  sa.ForeignKey("repair_order.id", ondelete="CASCADE"), nullable=False),
        sa.Column("brand_id", sa.Integer(), sa.ForeignKey("brand.id"), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        _when("sent_at"),
        _when("expires_at"),
        _when("reminded_at", nullable=True),
        _when("answered_at", nullable=True),
        sa.UniqueConstraint("repair_id", name="uq_survey_invitation_repair_id"),
    )  # fmt: skip
    op.create_index("ix_survey_invitation_brand_id", "survey_invitation", ["brand_id"])
    op.create_index(
        "ix_survey_invitation_waiting", "survey_invitation", ["sent_at"],
        postgresql_where=WAITING, sqlite_where=WAITING,
    )  # fmt: skip
    op.create_table(
        "survey_answer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("brand_id", sa.Integer(), sa.ForeignKey("brand.id"), nullable=False),
        sa.Column("repair_id", sa.Integer(),
                  sa.ForeignKey("repair_order.id", ondelete="SET NULL"), nullable=True),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("centre_id", sa.Integer(), sa.ForeignKey("service_centre.id"), nullable=True),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shop.id"), nullable=True),
        sa.Column("model_id", sa.Integer(), sa.ForeignKey("phone_model.id"), nullable=True),
        _when("answered_at"),
        sa.Column("answered_on", sa.Date(), nullable=False),
        _rating("overall"),
        *(_rating(name) for name in ATTRIBUTES),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=True),
        sa.Column("turnaround_days", sa.Integer(), nullable=True),
        sa.Column("contacts", sa.Integer(), nullable=True),
        _when("created_at"),
        _scale("overall", required=True),
        *(_scale(name) for name in ATTRIBUTES),
        sa.UniqueConstraint("repair_id", name="uq_survey_answer_repair_id"),
    )  # fmt: skip
    for name, column in (("brand", "brand_id"), ("centre", "centre_id"), ("shop", "shop_id"),
                         ("model", "model_id")):  # fmt: skip
        op.create_index(f"ix_survey_answer_{name}_day", "survey_answer", [column, "answered_on"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("survey_answer")
    op.drop_table("survey_invitation")
