"""brand look: the display name and colour owners see

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("brand") as batch:
        batch.add_column(sa.Column("display_name", sa.String(length=60), nullable=True))
        batch.add_column(sa.Column("colour", sa.String(length=7), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("brand") as batch:
        batch.drop_column("colour")
        batch.drop_column("display_name")
