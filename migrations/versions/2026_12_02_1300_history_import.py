"""history import: the source and external id of an imported repair

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-02 13:00:00

Repairs imported from another system (`aftersales import history`) keep the source's name
and their id there, unique together, so a re-run skips what it wrote (decisions 240-249).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision: two nullable columns and their unique constraint."""
    with op.batch_alter_table("repair_order") as batch:
        batch.add_column(sa.Column("import_source", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("external_id", sa.String(length=100), nullable=True))
        batch.create_unique_constraint("uq_repair_order_import", ["import_source", "external_id"])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("repair_order") as batch:
        batch.drop_constraint("uq_repair_order_import", type_="unique")
        batch.drop_column("external_id")
        batch.drop_column("import_source")
