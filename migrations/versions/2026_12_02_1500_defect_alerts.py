"""defect alerts: emerging defects found by the detectors, and what staff said of them

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-02 15:00:00

One row per episode (brand, key); the alerts job keeps its numbers (decisions 270-279).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision: one empty table."""
    op.create_table(
        "defect_alert",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "brand_id", sa.Integer(), sa.ForeignKey("brand.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column(
            "model_id",
            sa.Integer(),
            sa.ForeignKey("phone_model.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("fault_category", sa.String(20), nullable=True),
        sa.Column("software_version", sa.String(40), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("observed", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Float(), nullable=False),
        sa.Column("ratio", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=False),
        sa.Column("high", sa.Float(), nullable=False),
        sa.Column("method", sa.String(40), nullable=False),
        sa.Column("p_value", sa.Float(), nullable=True),
        sa.Column("repair_ids", sa.JSON(), nullable=False),
        sa.Column("question_ids", sa.JSON(), nullable=False),
        sa.Column("words", sa.JSON(), nullable=False),
        sa.Column("weeks", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column(
            "decided_by_id",
            sa.Integer(),
            sa.ForeignKey("account.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("decided_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("dismissed_ratio", sa.Float(), nullable=True),
        sa.Column("first_seen", sa.Date(), nullable=False),
        sa.Column("last_seen", sa.Date(), nullable=False),
        sa.Column("told_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("brand_id", "key", name="uq_defect_alert_brand_key"),
        sa.CheckConstraint(
            "kind IN ('rate', 'release', 'cluster')", name="ck_defect_alert_kind_known"
        ),
        sa.CheckConstraint(
            "status IN ('open', 'acknowledged', 'dismissed')", name="ck_defect_alert_status_known"
        ),
    )
    op.create_index(
        "ix_defect_alert_brand_status", "defect_alert", ["brand_id", "status", "first_seen", "id"]
    )
    op.create_index("ix_defect_alert_brand_seen", "defect_alert", ["brand_id", "first_seen", "id"])
    op.create_index("ix_defect_alert_model_id", "defect_alert", ["model_id"])


def downgrade() -> None:
    """Revert this revision: drop the table."""
    op.drop_index("ix_defect_alert_model_id", table_name="defect_alert")
    op.drop_index("ix_defect_alert_brand_seen", table_name="defect_alert")
    op.drop_index("ix_defect_alert_brand_status", table_name="defect_alert")
    op.drop_table("defect_alert")
