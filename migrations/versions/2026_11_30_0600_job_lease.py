"""outbox messages name what they are about, not a repair; job leases leave notifications

The outbox belongs to `notifications`, which knows no area: `repair_id` (a foreign key to
`repair_order`) becomes `about_id`, the record of the area that owns the message's kind.
The job lease table keeps its name (`job_run`); only its owner in the code changed.

Revision ID: 0004f
Revises: 0004e
Create Date: 2026-11-30 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004f"
down_revision: str | None = "0004e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_message_repair_id")
        batch_op.drop_constraint("fk_outbox_message_repair_id_repair_order", type_="foreignkey")
        batch_op.alter_column(
            "repair_id",
            new_column_name="about_id",
            existing_type=sa.Integer(),
            existing_nullable=True,
        )
    # After the batch: SQLite's copy of the table cannot index a column it is renaming.
    op.create_index("ix_outbox_message_about_id", "outbox_message", ["about_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_outbox_message_about_id", table_name="outbox_message")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.alter_column(
            "about_id",
            new_column_name="repair_id",
            existing_type=sa.Integer(),
            existing_nullable=True,
        )
        batch_op.create_foreign_key(
            "fk_outbox_message_repair_id_repair_order", "repair_order", ["repair_id"], ["id"]
        )
    op.create_index("ix_outbox_message_repair_id", "outbox_message", ["repair_id"], unique=False)
