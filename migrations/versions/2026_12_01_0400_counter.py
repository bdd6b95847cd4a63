"""the counter: intake checklist, condition photos, hand-back; search by the IMEI's last digits

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(
    table: str, column: str, target: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade() -> None:
    """Apply this revision."""
    when = aftersales.db.UTCDateTime
    op.create_table(
        "intake_checklist",
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("accessories", sa.JSON(), nullable=False),
        sa.Column("accessories_note", sa.String(length=200), nullable=False),
        sa.Column("sim_removed", sa.Boolean(), nullable=False),
        sa.Column("memory_card_removed", sa.Boolean(), nullable=False),
        sa.Column("screen_lock", sa.String(length=16), nullable=False),
        sa.Column("passcode_secret", sa.Text(), nullable=True),
        sa.Column("passcode_erased_at", when(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", when(), nullable=False),
        _fk("intake_checklist", "repair_id", "repair_order", "CASCADE"),
        _fk("intake_checklist", "recorded_by_id", "account"),
        sa.PrimaryKeyConstraint("repair_id", name=op.f("pk_intake_checklist")),
    )
    op.create_table(
        "repair_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("storage_key", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=20), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("taken_by_id", sa.Integer(), nullable=True),
        sa.Column("at", when(), nullable=False),
        _fk("repair_photo", "repair_id", "repair_order", "CASCADE"),
        _fk("repair_photo", "taken_by_id", "account"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_photo")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_repair_photo_storage_key")),
    )
    with op.batch_alter_table("repair_photo") as batch:
        batch.create_index("ix_repair_photo_repair", ["repair_id", "id"])
    op.create_table(
        "hand_back",
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("collected_by", sa.String(length=12), nullable=False),
        sa.Column("collector_name", sa.String(length=120), nullable=False),
        sa.Column("id_checked", sa.Boolean(), nullable=False),
        sa.Column("id_kind", sa.String(length=20), nullable=True),
        sa.Column("payment_due_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("payment_received", sa.Boolean(), nullable=False),
        sa.Column("signature_photo_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("at", when(), nullable=False),
        _fk("hand_back", "repair_id", "repair_order", "CASCADE"),
        _fk("hand_back", "signature_photo_id", "repair_photo"),
        _fk("hand_back", "recorded_by_id", "account"),
        sa.PrimaryKeyConstraint("repair_id", name=op.f("pk_hand_back")),
    )
    _reversed_imei()


def _reversed_imei() -> None:
    """Add phone.imei_reversed, filled for every phone, and its prefix index."""
    bind = op.get_bind()
    with op.batch_alter_table("phone") as batch:
        batch.add_column(sa.Column("imei_reversed", sa.String(length=15), nullable=True))
    if bind.dialect.name == "sqlite":
        # SQLite has no reverse(); lend it Python's for this statement's connection.
        bind.connection.driver_connection.create_function(  # type: ignore[union-attr]
            "reverse", 1, lambda s: s[::-1] if s is not None else None, deterministic=True
        )
    op.execute("UPDATE phone SET imei_reversed = reverse(imei)")
    with op.batch_alter_table("phone") as batch:
        batch.alter_column("imei_reversed", existing_type=sa.String(length=15), nullable=False)
        batch.create_index(
            "ix_phone_imei_reversed",
            ["imei_reversed"],
            postgresql_ops={"imei_reversed": "text_pattern_ops"},
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("phone") as batch:
        batch.drop_index("ix_phone_imei_reversed")
        batch.drop_column("imei_reversed")
    op.drop_table("hand_back")
    op.drop_table("repair_photo")
    op.drop_table("intake_checklist")
