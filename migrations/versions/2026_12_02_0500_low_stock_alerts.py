"""low stock alerts: since when each balance is low, and indexes over the low ones

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOW = sa.text("low_since IS NOT NULL")


def upgrade() -> None:
    """Apply this revision: balances already low are marked low, quietly (nobody is told)."""
    with op.batch_alter_table("stock_level") as batch:
        batch.add_column(
            sa.Column("low_since", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
    # Low before the upgrade is not news: mark it as of the balance's last change, so the
    # first movement after the upgrade does not tell every manager of every low part at once.
    op.execute(
        "UPDATE stock_level SET low_since = updated_at"
        " WHERE reorder_point > 0 AND on_hand - reserved <= reorder_point"
    )
    for name, columns in (
        ("ix_stock_level_low_place", ["location_id", "part_id"]),
        ("ix_stock_level_low_part", ["part_id", "location_id"]),
    ):
        op.create_index(
            name, "stock_level", columns, unique=False, postgresql_where=LOW, sqlite_where=LOW
        )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_stock_level_low_part", table_name="stock_level")
    op.drop_index("ix_stock_level_low_place", table_name="stock_level")
    with op.batch_alter_table("stock_level") as batch:
        batch.drop_column("low_since")
