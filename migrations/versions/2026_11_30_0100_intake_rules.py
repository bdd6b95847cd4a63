"""intake rules: owner contact on repairs, one open repair per phone, places' coordinates

Revision ID: 0004a
Revises: 0003
Create Date: 2026-11-30 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004a"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_ONLY = sa.text("status NOT IN ('closed', 'cancelled')")


def upgrade() -> None:
    """Apply this revision."""
    for table in ("shop", "service_centre"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("latitude", sa.Float(), nullable=True))
            batch.add_column(sa.Column("longitude", sa.Float(), nullable=True))
    with op.batch_alter_table("repair_order") as batch:
        batch.add_column(sa.Column("contact_name", sa.String(length=120), nullable=True))
        batch.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("contact_phone", sa.String(length=32), nullable=True))
    # Existing repairs keep what staff saw and searched until now: the account's details.
    op.execute(
        "UPDATE repair_order SET"
        " contact_name = (SELECT name FROM account WHERE account.id = repair_order.owner_id),"
        " contact_email = (SELECT email FROM account WHERE account.id = repair_order.owner_id),"
        " contact_phone = (SELECT phone_number FROM account"
        " WHERE account.id = repair_order.owner_id)"
        " WHERE owner_id IS NOT NULL"
    )
    _refuse_duplicate_open_repairs()
    op.create_index(
        "uq_repair_order_open_phone",
        "repair_order",
        ["phone_id"],
        unique=True,
        postgresql_where=OPEN_ONLY,
        sqlite_where=OPEN_ONLY,
    )


def _refuse_duplicate_open_repairs() -> None:
    """Stop with the repairs to settle if a phone has two open ones (the index needs one)."""
    rows = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT phone_id, code FROM repair_order"
                " WHERE status NOT IN ('closed', 'cancelled') AND phone_id IN"
                " (SELECT phone_id FROM repair_order"
                " WHERE status NOT IN ('closed', 'cancelled')"
                " GROUP BY phone_id HAVING COUNT(*) > 1) ORDER BY phone_id, code"
            )
        )
        .all()
    )
    if rows:
        codes = ", ".join(code for _phone, code in rows)
        raise RuntimeError(
            "Some phones have more than one open repair; cancel the duplicates (keep one per "
            f"phone) and upgrade again. Open repairs of those phones: {codes}"
        )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("uq_repair_order_open_phone", table_name="repair_order")
    with op.batch_alter_table("repair_order") as batch:
        batch.drop_column("contact_phone")
        batch.drop_column("contact_email")
        batch.drop_column("contact_name")
    for table in ("service_centre", "shop"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("longitude")
            batch.drop_column("latitude")
