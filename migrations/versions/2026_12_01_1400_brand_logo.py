"""brand logo: the PNG owners see on their pages and mails, kept by its digest

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("brand") as batch:
        batch.add_column(sa.Column("logo", sa.String(length=64), nullable=True))
    op.create_table(
        "brand_logo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("png", sa.LargeBinary(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("created_at", aftersales.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brand.id"],
            name=op.f("fk_brand_logo_brand_id_brand"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brand_logo")),
    )
    op.create_index(op.f("ix_brand_logo_brand_id"), "brand_logo", ["brand_id"])
    op.create_index(op.f("ix_brand_logo_digest"), "brand_logo", ["digest"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(op.f("ix_brand_logo_digest"), table_name="brand_logo")
    op.drop_index(op.f("ix_brand_logo_brand_id"), table_name="brand_logo")
    op.drop_table("brand_logo")
    with op.batch_alter_table("brand") as batch:
        batch.drop_column("logo")
