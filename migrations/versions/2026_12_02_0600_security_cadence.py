"""care: the security cadence a commitment promises; the indexes the commitment dashboard reads

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 06:00:00

A commitment may say how many days at most pass between two security updates
(`security_cadence_days`; none: the default of decision 194). The dashboard counts a model's
phones by purchase day, its closed repairs by closing day and its parts waits from indexes
alone (decision 196): no row of the tables is read to draw it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLOSED = sa.text("status = 'closed'")
BACK_ORDERED = sa.text("supply_line_id IS NOT NULL")
WAITING = sa.text("state = 'back_ordered'")


def upgrade() -> None:
    """Apply this revision: no commitment states a cadence, so every one takes the default."""
    with op.batch_alter_table("support_commitment") as batch:
        batch.add_column(sa.Column("security_cadence_days", sa.Integer(), nullable=True))
    op.create_index("ix_phone_model_purchase", "phone", ["model_id", "purchase_date"])
    op.create_index("ix_repair_order_model_closed", "repair_order", ["model_id", "closed_at"],
                    postgresql_where=CLOSED, sqlite_where=CLOSED)  # fmt: skip
    op.create_index(
        "ix_repair_part_back_ordered",
        "repair_part",
        ["requested_at", "repair_id", "filled_at", "done_at"],
        postgresql_where=BACK_ORDERED,
        sqlite_where=BACK_ORDERED,
    )
    op.create_index("ix_repair_part_still_waiting", "repair_part", ["requested_at"],
                    postgresql_where=WAITING, sqlite_where=WAITING)  # fmt: skip


def downgrade() -> None:
    """Revert this revision: the cadences stated are dropped."""
    op.drop_index("ix_repair_part_still_waiting", table_name="repair_part")
    op.drop_index("ix_repair_part_back_ordered", table_name="repair_part")
    op.drop_index("ix_repair_order_model_closed", table_name="repair_order")
    op.drop_index("ix_phone_model_purchase", table_name="phone")
    with op.batch_alter_table("support_commitment") as batch:
        batch.drop_column("security_cadence_days")
