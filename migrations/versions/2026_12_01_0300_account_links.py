"""one-time links to choose a password (invitations, resets)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_PASSWORD = sa.text("password_hash IS NULL")


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "account_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("nonce", sa.String(length=32), nullable=False),
        sa.Column("created_at", aftersales.db.UTCDateTime(), nullable=False),
        sa.Column("expires_at", aftersales.db.UTCDateTime(), nullable=False),
        sa.Column("used_at", aftersales.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
            name=op.f("fk_account_link_account_id_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_link")),
    )
    with op.batch_alter_table("account_link") as batch:
        batch.create_index(batch.f("ix_account_link_account_id"), ["account_id"])
    with op.batch_alter_table("account") as batch:
        batch.create_index(
            "ix_account_without_password",
            ["created_at"],
            postgresql_where=NO_PASSWORD,
            sqlite_where=NO_PASSWORD,
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("account") as batch:
        batch.drop_index("ix_account_without_password")
    op.drop_table("account_link")
