"""care: the dashboard's counts, stored per model by the nightly job

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 07:00:00

Phones sold and on each version, repairs served per quarter and the parts that waited longer
than the delivery time are counted at night with the forecast and read by the dashboard
with the day they were counted (decision 201).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _model() -> sa.Column:
    return sa.Column(
        "model_id", sa.Integer(), sa.ForeignKey("phone_model.id", ondelete="CASCADE"),
        nullable=False,
    )  # fmt: skip


def upgrade() -> None:
    """Apply this revision: empty tables, filled by the next nightly run."""
    op.create_table(
        "care_count",
        _model(),
        sa.Column("counted_on", sa.Date(), nullable=False),
        sa.Column("counted_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("repairs_served", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("model_id"),
    )
    op.create_table(
        "care_count_row",
        sa.Column("id", sa.Integer(), primary_key=True),
        _model(),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("version", sa.String(length=40), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
    )
    op.create_index("ix_care_count_row_model_id", "care_count_row", ["model_id"])
    op.create_table(
        "care_late_wait",
        sa.Column("repair_part_id", sa.Integer(),
                  sa.ForeignKey("repair_part.id", ondelete="CASCADE"), nullable=False),
        _model(),
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("week", sa.String(length=7), nullable=False),
        sa.Column("timezone", sa.String(length=60), nullable=False),
        sa.Column("asked", sa.Date(), nullable=False),
        sa.Column("ended", sa.Date(), nullable=True),
        sa.Column("workdays", sa.Integer(), nullable=False),
        sa.Column("limit_days", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("repair_part_id"),
    )  # fmt: skip
    op.create_index("ix_care_late_wait_model_id", "care_late_wait", ["model_id"])


def downgrade() -> None:
    """Revert this revision: the stored counts are dropped (the job counts them again)."""
    op.drop_index("ix_care_late_wait_model_id", table_name="care_late_wait")
    op.drop_table("care_late_wait")
    op.drop_index("ix_care_count_row_model_id", table_name="care_count_row")
    op.drop_table("care_count_row")
    op.drop_table("care_count")
