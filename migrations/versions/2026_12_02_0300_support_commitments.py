"""support: each model's commitments per country (versioned by day) and brands' exits

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _until(kind: str) -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column(f"{kind}_until_date", sa.Date(), nullable=True),
        sa.Column(f"{kind}_in_use", sa.Boolean(), server_default=sa.false(), nullable=False),
    ]


def upgrade() -> None:
    """Apply this revision: no commitment on file, so every model takes the defaults."""
    op.create_table(
        "support_commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("effective_from_date", sa.Date(), nullable=False),
        sa.Column("end_of_sale_date", sa.Date(), nullable=True),
        *_until("warranty"),
        *_until("repair"),
        *_until("parts"),
        *_until("updates"),
        sa.Column("parts_delivery_days", sa.Integer(), nullable=True),
        sa.Column("created_at", aftersales.db.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["account.id"],
            name=op.f("fk_support_commitment_created_by_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["phone_model.id"],
            name=op.f("fk_support_commitment_model_id_phone_model"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_commitment")),
        sa.UniqueConstraint(
            "model_id",
            "country",
            "effective_from_date",
            name=op.f("uq_support_commitment_model_id_country_effective_from_date"),
        ),
    )
    op.create_table(
        "brand_exit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("exit_date", sa.Date(), nullable=False),
        sa.Column("statement_en", sa.String(length=2000), nullable=True),
        sa.Column("statement_it", sa.String(length=2000), nullable=True),
        sa.Column("statement_vi", sa.String(length=2000), nullable=True),
        sa.Column("updated_at", aftersales.db.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["brand.id"],
            name=op.f("fk_brand_exit_brand_id_brand"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["account.id"],
            name=op.f("fk_brand_exit_updated_by_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_brand_exit")),
        sa.UniqueConstraint("brand_id", name=op.f("uq_brand_exit_brand_id")),
    )


def downgrade() -> None:
    """Revert this revision: the commitments and exit statements are dropped."""
    op.drop_table("brand_exit")
    op.drop_table("support_commitment")
