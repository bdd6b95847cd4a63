"""SLA due date (the SLA read model) and indexes for every list's filter and sort order

Revision ID: 0004d
Revises: 0004c
Create Date: 2026-11-30 04:00:00

Adds `repair_order.sla_due_date` and fills it, with `sla_state`, from each repair's stamps
(in batches, from Python: the working-day clock is not SQL). On PostgreSQL it also adds the
search indexes: `text_pattern_ops` b-trees for code and IMEI prefixes, and a trigram GIN
index on owners' names when the `pg_trgm` extension can be created (else the name search
works unindexed, as before).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004d"
down_revision: str | None = "0004c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("closed_at IS NULL")
CREATED = [
    ("ix_repair_order_created", []),
    ("ix_repair_order_centre_created", ["centre_id"]),
    ("ix_repair_order_shop_created", ["shop_id"]),
    ("ix_repair_order_brand_created", ["brand_id"]),
]
OPEN_SLA = [
    ("ix_repair_order_open_sla", []),
    ("ix_repair_order_open_centre_sla", ["centre_id"]),
    ("ix_repair_order_open_brand_sla", ["brand_id"]),
]
SCOPES = ("centre", "shop", "brand")


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("repair_order", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sla_due_date", sa.Date(), nullable=True))
        for scope in SCOPES:  # (scope, status) becomes (scope, status, created_at, id)
            batch_op.drop_index(f"ix_repair_order_{scope}_status")
            batch_op.create_index(
                f"ix_repair_order_{scope}_status", [f"{scope}_id", "status", "created_at", "id"]
            )
        for name, cols in CREATED:
            batch_op.create_index(name, [*cols, "created_at", "id"])
        for name, cols in OPEN_SLA:
            batch_op.create_index(
                name,
                [*cols, "sla_state", "sla_due_date", "id"],
                postgresql_where=OPEN,
                sqlite_where=OPEN,
            )
        batch_op.create_index(
            "ix_repair_order_open_centre_backlog",
            ["centre_id", "status", "received_at", "created_at"],
            postgresql_where=OPEN,
            sqlite_where=OPEN,
        )
        batch_op.create_index("ix_repair_order_contact_email", ["contact_email"])
        batch_op.create_index("ix_repair_order_contact_phone", ["contact_phone"])
    with op.batch_alter_table("repair_event", schema=None) as batch_op:
        batch_op.create_index("ix_repair_event_actor_type_at", ["actor_id", "type", "at"])

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.create_index(
            "ix_phone_imei_pattern", "phone", ["imei"], postgresql_ops={"imei": "text_pattern_ops"}
        )
        op.create_index(
            "ix_repair_order_code_pattern",
            "repair_order",
            ["code"],
            postgresql_ops={"code": "text_pattern_ops"},
        )
        if _trigrams(bind):
            op.create_index(
                "ix_repair_order_contact_name_trgm",
                "repair_order",
                ["contact_name"],
                postgresql_using="gin",
                postgresql_ops={"contact_name": "gin_trgm_ops"},
            )
    # The stored states and due dates are filled after the upgrade, by the code of the day
    # (`aftersales.migrate.upgrade` calls `repairs.sla_state.backfill`): a migration that
    # imported it would break when that code later changes.


def _trigrams(bind: sa.engine.Connection) -> bool:
    """Create pg_trgm if it is missing and may be created here; tell whether it is there."""
    have = "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"
    if bind.execute(sa.text(have)).first():
        return True
    available = "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
    if not bind.execute(sa.text(available)).first():
        return False
    try:
        with bind.begin_nested():  # a refusal (no privilege) must not end the migration
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        return False
    return True


def downgrade() -> None:
    """Revert this revision (pg_trgm stays: other objects may use it)."""
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_repair_order_contact_name_trgm")
        op.drop_index("ix_repair_order_code_pattern", table_name="repair_order")
        op.drop_index("ix_phone_imei_pattern", table_name="phone")
    with op.batch_alter_table("repair_event", schema=None) as batch_op:
        batch_op.drop_index("ix_repair_event_actor_type_at")
    with op.batch_alter_table("repair_order", schema=None) as batch_op:
        batch_op.drop_index("ix_repair_order_contact_phone")
        batch_op.drop_index("ix_repair_order_contact_email")
        batch_op.drop_index("ix_repair_order_open_centre_backlog")
        for name, _cols in OPEN_SLA + CREATED:
            batch_op.drop_index(name)
        for scope in SCOPES:
            batch_op.drop_index(f"ix_repair_order_{scope}_status")
            batch_op.create_index(f"ix_repair_order_{scope}_status", [f"{scope}_id", "status"])
        batch_op.drop_column("sla_due_date")
