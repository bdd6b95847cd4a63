"""policies carry the day they take effect; a change adds a version

Revision ID: 0005
Revises: 0004f
Create Date: 2026-11-30 07:00:00
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ALWAYS = date(2000, 1, 1).isoformat()  # existing terms have applied from the start


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("warranty_policy") as batch:
        batch.add_column(
            sa.Column("effective_from_date", sa.Date(), nullable=False, server_default=ALWAYS)
        )
        batch.drop_constraint("uq_warranty_policy_brand_id_country", type_="unique")
        batch.create_unique_constraint(
            "uq_warranty_policy_brand_id_country_effective_from_date",
            ["brand_id", "country", "effective_from_date"],
        )
    with op.batch_alter_table("sla_policy") as batch:
        batch.add_column(
            sa.Column("effective_from_date", sa.Date(), nullable=False, server_default=ALWAYS)
        )
        batch.drop_constraint("uq_sla_policy_brand_id_country_channel", type_="unique")
        batch.create_unique_constraint(
            "uq_sla_policy_brand_id_country_channel_effective_from_date",
            ["brand_id", "country", "channel", "effective_from_date"],
        )


def downgrade() -> None:
    """Revert this revision: only the latest version of each policy is kept."""
    for table, keys in (
        ("warranty_policy", ("brand_id", "country")),
        ("sla_policy", ("brand_id", "country", "channel")),
    ):
        same = " AND ".join(f"newer.{k} = {table}.{k}" for k in keys)
        op.execute(
            f"DELETE FROM {table} WHERE EXISTS (SELECT 1 FROM {table} AS newer WHERE {same} "
            f"AND newer.effective_from_date > {table}.effective_from_date)"
        )
    with op.batch_alter_table("sla_policy") as batch:
        batch.drop_constraint(
            "uq_sla_policy_brand_id_country_channel_effective_from_date", type_="unique"
        )
        batch.create_unique_constraint(
            "uq_sla_policy_brand_id_country_channel", ["brand_id", "country", "channel"]
        )
        batch.drop_column("effective_from_date")
    with op.batch_alter_table("warranty_policy") as batch:
        batch.drop_constraint(
            "uq_warranty_policy_brand_id_country_effective_from_date", type_="unique"
        )
        batch.create_unique_constraint(
            "uq_warranty_policy_brand_id_country", ["brand_id", "country"]
        )
        batch.drop_column("effective_from_date")
