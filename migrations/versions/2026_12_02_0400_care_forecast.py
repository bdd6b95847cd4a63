"""care: the forecast's stored results (phones in use, their curve, parts outlooks) and the
day a part's production ends

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision: no part has an end of production; the first nightly run fills
    the results."""
    with op.batch_alter_table("part", schema=None) as batch_op:
        batch_op.add_column(sa.Column("production_ends_on", sa.Date(), nullable=True))
    op.create_table(
        "care_in_use",
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("low", sa.Integer(), nullable=False),
        sa.Column("high", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("phones_seen", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("median_months", sa.Float(), nullable=False),
        sa.Column("shape", sa.Float(), nullable=False),
        sa.Column("computed_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["phone_model.id"],
            name=op.f("fk_care_in_use_model_id_phone_model"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("model_id", name=op.f("pk_care_in_use")),
    )
    op.create_table(
        "care_in_use_point",
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("low", sa.Integer(), nullable=False),
        sa.Column("high", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["phone_model.id"],
            name=op.f("fk_care_in_use_point_model_id_phone_model"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("model_id", "day", name=op.f("pk_care_in_use_point")),
    )
    op.create_table(
        "care_part_outlook",
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("part_id", sa.Integer(), nullable=False),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.Column("horizon_end", sa.Date(), nullable=True),
        sa.Column("horizon_basis", sa.String(length=8), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("upper80", sa.Integer(), nullable=False),
        sa.Column("upper95", sa.Integer(), nullable=False),
        sa.Column("part_upper95", sa.Integer(), nullable=False),
        sa.Column("available", sa.Integer(), nullable=False),
        sa.Column("on_order", sa.Integer(), nullable=False),
        sa.Column("runway_months", sa.Float(), nullable=True),
        sa.Column("last_batch", sa.Integer(), nullable=True),
        sa.Column("last_batch_reason", sa.String(length=16), nullable=True),
        sa.Column("uses_seen", sa.Float(), nullable=False),
        sa.Column("phone_years", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["phone_model.id"],
            name=op.f("fk_care_part_outlook_model_id_phone_model"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["part_id"],
            ["part.id"],
            name=op.f("fk_care_part_outlook_part_id_part"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("model_id", "part_id", name=op.f("pk_care_part_outlook")),
    )
    with op.batch_alter_table("care_part_outlook", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_care_part_outlook_part_id"), ["part_id"], unique=False)


def downgrade() -> None:
    """Revert this revision: the stored results and the ends of production are dropped."""
    with op.batch_alter_table("care_part_outlook", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_care_part_outlook_part_id"))
    op.drop_table("care_part_outlook")
    op.drop_table("care_in_use_point")
    op.drop_table("care_in_use")
    with op.batch_alter_table("part", schema=None) as batch_op:
        batch_op.drop_column("production_ends_on")
