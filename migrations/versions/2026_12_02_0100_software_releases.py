"""software: each model's releases, sightings of the version a phone runs, its current one

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision; versions recorded before it stay, with no day seen."""
    op.create_table(
        "software_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("release_date", sa.Date(), nullable=False),
        sa.Column("security_patch_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("notes_en", sa.String(length=2000), nullable=False),
        sa.Column("notes_it", sa.String(length=2000), nullable=True),
        sa.Column("notes_vi", sa.String(length=2000), nullable=True),
        sa.Column("created_at", aftersales.db.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("row_version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["account.id"],
            name=op.f("fk_software_release_created_by_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["model_id"], ["phone_model.id"], name=op.f("fk_software_release_model_id_phone_model")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_software_release")),
        sa.UniqueConstraint(
            "model_id", "version", name=op.f("uq_software_release_model_id_version")
        ),
    )
    op.create_index(
        "ix_software_release_model_date",
        "software_release",
        ["model_id", "release_date", "id"],
    )
    op.create_table(
        "software_sighting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("seen_date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", aftersales.db.UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["phone_id"],
            ["phone.id"],
            name=op.f("fk_software_sighting_phone_id_phone"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["account.id"],
            name=op.f("fk_software_sighting_recorded_by_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["software_release.id"],
            name=op.f("fk_software_sighting_release_id_software_release"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_software_sighting")),
        sa.UniqueConstraint(
            "phone_id",
            "seen_date",
            "version",
            name=op.f("uq_software_sighting_phone_id_seen_date_version"),
        ),
    )
    op.create_index(op.f("ix_software_sighting_release_id"), "software_sighting", ["release_id"])
    with op.batch_alter_table("phone") as batch:
        batch.add_column(sa.Column("software_seen_date", sa.Date(), nullable=True))
    op.create_index("ix_phone_model_software", "phone", ["model_id", "software_version"])


def downgrade() -> None:
    """Revert this revision: the releases and the history of sightings go."""
    op.drop_index("ix_phone_model_software", table_name="phone")
    with op.batch_alter_table("phone") as batch:
        batch.drop_column("software_seen_date")
    op.drop_index(op.f("ix_software_sighting_release_id"), table_name="software_sighting")
    op.drop_table("software_sighting")
    op.drop_index("ix_software_release_model_date", table_name="software_release")
    op.drop_table("software_release")
