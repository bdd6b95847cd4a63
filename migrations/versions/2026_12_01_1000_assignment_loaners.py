"""technicians take repairs; loaner phones given and returned

Revision ID: 0010
Revises: 0011
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0010"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("closed_at IS NULL")
OUT = sa.text("returned_at IS NULL")


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("repair_order") as batch:
        batch.add_column(sa.Column("assigned_to_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_repair_order_assigned_to_id_account"), "account", ["assigned_to_id"], ["id"]
        )
        batch.create_index(
            "ix_repair_order_open_assignee",
            ["assigned_to_id", "sla_due_date", "id"],
            postgresql_where=OPEN,
            sqlite_where=OPEN,
        )
    op.create_table(
        "loaner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("given_at", aftersales.db.UTCDateTime(), nullable=False),
        sa.Column("given_by_id", sa.Integer(), nullable=True),
        sa.Column("returned_at", aftersales.db.UTCDateTime(), nullable=True),
        sa.Column("returned_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["repair_id"], ["repair_order.id"], name=op.f("fk_loaner_repair_id_repair_order")
        ),
        sa.ForeignKeyConstraint(
            ["given_by_id"], ["account.id"], name=op.f("fk_loaner_given_by_id_account")
        ),
        sa.ForeignKeyConstraint(
            ["returned_by_id"], ["account.id"], name=op.f("fk_loaner_returned_by_id_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loaner")),
    )
    with op.batch_alter_table("loaner") as batch:
        batch.create_index(batch.f("ix_loaner_repair_id"), ["repair_id"])
        batch.create_index(
            "uq_loaner_out", ["repair_id"], unique=True, postgresql_where=OUT, sqlite_where=OUT
        )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("loaner")
    with op.batch_alter_table("repair_order") as batch:
        batch.drop_index("ix_repair_order_open_assignee")
        batch.drop_constraint(batch.f("fk_repair_order_assigned_to_id_account"), type_="foreignkey")
        batch.drop_column("assigned_to_id")
