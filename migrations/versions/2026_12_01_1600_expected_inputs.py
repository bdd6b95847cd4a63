"""expected inputs: how each expected ready date was made, as fields

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("repair_order") as batch:
        batch.add_column(
            sa.Column("expected_method", sa.String(length=10), server_default="sla", nullable=False)
        )
        batch.add_column(
            sa.Column("expected_samples", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(
            sa.Column("expected_group", sa.String(length=20), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("expected_step", sa.String(length=24), server_default="", nullable=False)
        )
        batch.add_column(sa.Column("expected_parts_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("expected_target_days", sa.Integer(), nullable=True))
    # Earlier estimates keep their words; the method is read from them. Open repairs get
    # all the fields at their next step or from the nightly job.
    op.execute(
        "UPDATE repair_order SET expected_method = 'actual' WHERE expected_basis = 'actual date'"
    )
    op.execute(
        "UPDATE repair_order SET expected_method = 'history'"
        " WHERE expected_basis LIKE '% comparable repairs (%'"
    )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("repair_order") as batch:
        batch.drop_column("expected_target_days")
        batch.drop_column("expected_parts_date")
        batch.drop_column("expected_step")
        batch.drop_column("expected_group")
        batch.drop_column("expected_samples")
        batch.drop_column("expected_method")
