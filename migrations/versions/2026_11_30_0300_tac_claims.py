"""TAC claims: a brand admin's TAC waits for a platform admin's confirmation

Revision ID: 0004c
Revises: 0004b
Create Date: 2026-11-30 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004c"
down_revision: str | None = "0004b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision: every TAC known so far is confirmed."""
    with op.batch_alter_table("model_tac") as batch:
        batch.add_column(
            sa.Column("status", sa.String(length=10), server_default="confirmed", nullable=False)
        )
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("claimed_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("confirmed_by", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_model_tac_claimed_by_account"),
            "account",
            ["claimed_by"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            batch.f("fk_model_tac_confirmed_by_account"),
            "account",
            ["confirmed_by"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    """Revert this revision (pending claims are dropped: before it, every TAC was in use)."""
    op.execute(sa.text("DELETE FROM model_tac WHERE status <> 'confirmed'"))
    with op.batch_alter_table("model_tac") as batch:
        batch.drop_constraint(batch.f("fk_model_tac_confirmed_by_account"), type_="foreignkey")
        batch.drop_constraint(batch.f("fk_model_tac_claimed_by_account"), type_="foreignkey")
        batch.drop_column("confirmed_by")
        batch.drop_column("confirmed_at")
        batch.drop_column("claimed_by")
        batch.drop_column("claimed_at")
        batch.drop_column("status")
