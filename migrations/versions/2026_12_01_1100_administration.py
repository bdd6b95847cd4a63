"""administration: opening hours, duplicate keys, edit versions, retired models, account indexes

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-01 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PLACES = ("shop", "service_centre")


def _fold(value: str | None) -> str:
    """The key rule of the day, written down here (a migration imports no project code)."""
    return " ".join((value or "").split()).casefold()


def upgrade() -> None:
    """Apply this revision."""
    for table in PLACES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("opening_hours", sa.JSON(), nullable=True))
            batch.add_column(
                sa.Column("dedupe_key", sa.String(length=220), nullable=False, server_default="")
            )
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
            batch.create_index(batch.f(f"ix_{table}_dedupe_key"), ["dedupe_key"])
    with op.batch_alter_table("phone_model") as batch:
        batch.add_column(sa.Column("retired_at", aftersales.db.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("account") as batch:
        batch.add_column(
            sa.Column("name_key", sa.String(length=120), nullable=False, server_default="")
        )
        batch.create_index(batch.f("ix_account_name_key"), ["name_key"])
        batch.create_index("ix_account_role_id", ["role", "id"])
    _backfill()


def _backfill() -> None:
    """Fill the keys of the rows there are, in the code's rule (spaces and case folded)."""
    conn = op.get_bind()
    for table in PLACES:
        t = sa.table(table, sa.column("id"), sa.column("name"), sa.column("city"),
                     sa.column("country"), sa.column("dedupe_key"))  # fmt: skip
        for row in conn.execute(sa.select(t.c.id, t.c.name, t.c.city, t.c.country)).all():
            key = f"{(row.country or '').upper()}|{_fold(row.city)}|{_fold(row.name)}"
            conn.execute(sa.update(t).where(t.c.id == row.id).values(dedupe_key=key))
    account = sa.table("account", sa.column("id"), sa.column("name"), sa.column("name_key"))
    for row in conn.execute(sa.select(account.c.id, account.c.name)).all():
        key = _fold(row.name)[:120]
        conn.execute(sa.update(account).where(account.c.id == row.id).values(name_key=key))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("account") as batch:
        batch.drop_index("ix_account_role_id")
        batch.drop_index(batch.f("ix_account_name_key"))
        batch.drop_column("name_key")
    with op.batch_alter_table("phone_model") as batch:
        batch.drop_column("version")
        batch.drop_column("retired_at")
    for table in PLACES:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(batch.f(f"ix_{table}_dedupe_key"))
            batch.drop_column("version")
            batch.drop_column("dedupe_key")
            batch.drop_column("opening_hours")
