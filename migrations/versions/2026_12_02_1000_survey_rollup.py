"""survey rollups: answers counted per brand and month, by place and by model

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-02 10:00:00

The satisfaction reports read these counts, kept by the worker every few minutes, instead
of summing a million answers per request; and two indexes on the answers: those created since
the last count, and the latest of the whole platform (decision 211).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENTED = sa.text("comment IS NOT NULL")
ATTRIBUTES = ("explanation", "solution", "knowledge", "soft_skills", "turnaround", "cost")
COUNTS = (
    "n",
    "top2",
    *(f"{p}_{a}" for a in ATTRIBUTES for p in ("n", "top2")),
    *(f"{p}_t{i}" for i in range(4) for p in ("n", "top2")),
    *(f"{p}_c{i}" for i in range(4) for p in ("n", "top2")),
)


def _table(name: str, *key: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("brand_id", sa.Integer(), sa.ForeignKey("brand.id"), nullable=False),
        *key,
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("counted_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        *(sa.Column(c, sa.Integer(), nullable=False) for c in COUNTS),
    )


def upgrade() -> None:
    """Apply this revision: three rollup tables (empty: the worker's first count fills them)."""
    _table("survey_rollup_brand")
    op.create_index("ix_survey_rollup_brand_brand", "survey_rollup_brand", ["brand_id", "month"])
    _table(
        "survey_rollup_place",
        sa.Column("centre_id", sa.Integer(), sa.ForeignKey("service_centre.id"), nullable=True),
        sa.Column("shop_id", sa.Integer(), sa.ForeignKey("shop.id"), nullable=True),
    )
    for name, column in (("brand", "brand_id"), ("centre", "centre_id"), ("shop", "shop_id")):
        op.create_index(f"ix_survey_rollup_place_{name}", "survey_rollup_place", [column, "month"])
    op.create_index("ix_survey_rollup_place_counted", "survey_rollup_place", ["counted_at"])
    _table(
        "survey_rollup_model",
        sa.Column("model_id", sa.Integer(), sa.ForeignKey("phone_model.id"), nullable=True),
    )
    for name, column in (("brand", "brand_id"), ("model", "model_id")):
        op.create_index(f"ix_survey_rollup_model_{name}", "survey_rollup_model", [column, "month"])
    op.create_index("ix_survey_answer_created", "survey_answer", ["created_at"])
    op.create_index("ix_survey_answer_day", "survey_answer", ["answered_on"])
    for name, column in (("brand", "brand_id"), ("centre", "centre_id"), ("shop", "shop_id"),
                         ("day", None)):  # fmt: skip
        op.create_index(
            f"ix_survey_answer_{name}_comments", "survey_answer",
            [column, "answered_on", "id"] if column else ["answered_on", "id"],
            postgresql_where=COMMENTED, sqlite_where=COMMENTED,
        )  # fmt: skip


def downgrade() -> None:
    """Revert this revision."""
    for name in ("brand", "centre", "shop", "day"):
        op.drop_index(f"ix_survey_answer_{name}_comments", "survey_answer")
    op.drop_index("ix_survey_answer_day", "survey_answer")
    op.drop_index("ix_survey_answer_created", "survey_answer")
    op.drop_table("survey_rollup_model")
    op.drop_table("survey_rollup_place")
    op.drop_table("survey_rollup_brand")
