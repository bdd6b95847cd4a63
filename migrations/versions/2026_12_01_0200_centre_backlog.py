"""each centre's backlog counted by the worker for the board

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "centre_backlog",
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("counted_at", aftersales.db.UTCDateTime(), nullable=False),
        sa.Column("by_status", sa.JSON(), nullable=False),
        sa.Column("by_age", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["service_centre.id"],
            name=op.f("fk_centre_backlog_centre_id_service_centre"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("centre_id", name=op.f("pk_centre_backlog")),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("centre_backlog")
