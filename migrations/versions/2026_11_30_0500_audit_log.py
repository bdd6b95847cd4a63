"""audit log of changes outside the repair history

Revision ID: 0004e
Revises: 0004c
Create Date: 2026-11-30 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from aftersales.db import UTCDateTime

revision: str = "0004e"
down_revision: str | None = "0004c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(20), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(40), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["account.id"],
            name=op.f("fk_audit_entry_actor_id_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brand.id"], name=op.f("fk_audit_entry_brand_id_brand")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index("ix_audit_entry_record", "audit_entry", ["entity", "entity_id", "id"])
    op.create_index("ix_audit_entry_brand_at", "audit_entry", ["brand_id", "at"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_audit_entry_brand_at", table_name="audit_entry")
    op.drop_index("ix_audit_entry_record", table_name="audit_entry")
    op.drop_table("audit_entry")
