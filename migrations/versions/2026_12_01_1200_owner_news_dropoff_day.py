"""owners' news batched in the outbox; the drop-off day of an online booking

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-01 12:00:00

`outbox_message.batch_key` groups an owner's news about a repair so that news within a few
minutes go as one message; the news kinds gained `earlier` (the news folded into a message)
and `dropoff` (a booking's drop-off day), so messages still waiting get an empty list and a
null day, or the worker would refuse them. The fields are
written down here, as they are today. `repair_order.dropoff_date` is the day an owner who
booked online plans to hand the phone in, with the indexes of each centre's and shop's
expected drop-offs.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEWS = ("status_changed", "quote_waiting", "ready", "expected_later", "no_silence")
BOOKED = sa.text("status = 'registered'")
MESSAGE = sa.table(
    "outbox_message",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("channel", sa.String),
    sa.column("status", sa.String),
    sa.column("context", sa.JSON),
)


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("batch_key", sa.String(length=120), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_message_batch_key"), ["batch_key"])
    with op.batch_alter_table("repair_order", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dropoff_date", sa.Date(), nullable=True))
        for scope in ("centre", "shop"):
            batch_op.create_index(
                f"ix_repair_order_{scope}_dropoff",
                [f"{scope}_id", "dropoff_date", "id"],
                postgresql_where=BOOKED,
                sqlite_where=BOOKED,
            )
    conn = op.get_bind()
    waiting = sa.select(MESSAGE).where(
        MESSAGE.c.status == "pending",
        MESSAGE.c.kind.in_(NEWS),
        MESSAGE.c.channel != "webhook",  # webhooks carry their payload, never `earlier`
    )
    for row in conn.execute(waiting).all():
        context = dict(row.context or {})
        if "earlier" not in context or "dropoff" not in context:
            context.setdefault("earlier", [])
            context.setdefault("dropoff", None)
            conn.execute(sa.update(MESSAGE).where(MESSAGE.c.id == row.id).values(context=context))


def downgrade() -> None:
    """Revert this revision.

    Waiting news lose `earlier` and `folded` (they say the latest state only, as before);
    waiting messages of the kinds added with this revision (`warranty_decided`,
    `quote_withdrawn`) are unknown to an older worker and end as dead letters there.
    """
    conn = op.get_bind()
    waiting = sa.select(MESSAGE).where(MESSAGE.c.status == "pending", MESSAGE.c.kind.in_(NEWS))
    for row in conn.execute(waiting).all():
        context = dict(row.context or {})
        if {"earlier", "folded", "dropoff"} & set(context):
            for added in ("earlier", "folded", "dropoff"):
                context.pop(added, None)
            conn.execute(sa.update(MESSAGE).where(MESSAGE.c.id == row.id).values(context=context))
    with op.batch_alter_table("repair_order", schema=None) as batch_op:
        for scope in ("centre", "shop"):
            batch_op.drop_index(f"ix_repair_order_{scope}_dropoff")
        batch_op.drop_column("dropoff_date")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_message_batch_key"))
        batch_op.drop_column("batch_key")
