"""API tokens: an optional expiry, and the access they were made with

Revision ID: 0004b
Revises: 0004a
Create Date: 2026-11-30 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0004b"
down_revision: str | None = "0004a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("api_token") as batch:
        batch.add_column(
            sa.Column("expires_at", aftersales.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("access", sa.String(length=80), nullable=True))
    # Tokens made before keep working only as long as their account's access stays as now.
    op.execute(
        "UPDATE api_token SET access = (SELECT a.role || ':' || "
        "COALESCE(CAST(a.shop_id AS VARCHAR(20)), '') || ':' || "
        "COALESCE(CAST(a.centre_id AS VARCHAR(20)), '') || ':' || "
        "COALESCE(CAST(a.brand_id AS VARCHAR(20)), '') "
        "FROM account a WHERE a.id = api_token.account_id)"
    )
    with op.batch_alter_table("api_token") as batch:
        batch.alter_column("access", existing_type=sa.String(length=80), nullable=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("api_token") as batch:
        batch.drop_column("access")
        batch.drop_column("expires_at")
