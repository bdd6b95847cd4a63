"""surveys: repairs closed lately, for the invitation job

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 09:00:00

The survey invitation job reads the repairs closed since its last runs, oldest first: a
partial index on the closing time of closed repairs (decision 204).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLOSED = sa.text("status = 'closed'")


def upgrade() -> None:
    """Apply this revision: one partial index."""
    op.create_index(
        "ix_repair_order_closed", "repair_order", ["closed_at"],
        postgresql_where=CLOSED, sqlite_where=CLOSED,
    )  # fmt: skip


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_repair_order_closed", table_name="repair_order")
