"""messages queued before typed kinds are rewritten in the new shape, so none is lost

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 01:00:00

Before the message kinds had typed props (0004e), a repair's messages stored a free context
(with `status_label`, `next_step`, `quote_amount_minor`, `old_expected` …). The worker now
checks every message against its kind, so such a message still waiting would become a dead
letter. This rewrites the waiting ones; sent, dead and dropped ones stay as they were (they
are history). The fields are written down here, as they are today, so later changes to the
kinds do not change what this migration does.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACTS = ("code", "brand", "model", "status", "centre", "shop_id", "contact")
NEWS = (*FACTS, "expected", "expected_low", "expected_high", "place")
NEWS += ("event_id", "event_type", "at", "note", "later")
QUOTE = (*NEWS, "amount_minor", "currency", "description", "quote_id")
ALERT = (*FACTS, "elapsed_days", "target_days", "due")
FIELDS = {
    "status_changed": NEWS,
    "ready": NEWS,
    "expected_later": NEWS,
    "no_silence": NEWS,
    "quote_waiting": QUOTE,
    "sla_at_risk": ALERT,
    "sla_breached": ALERT,
    "loaner_owed": ALERT,
    "sla_escalated": (*ALERT, "breached_days"),
}
READER = ("audience", "name", "account_id")  # beside the props, who reads the message
OLD_ONLY = ("status_label", "next_step", "open", "ready")  # keys only the old shape has

MESSAGE = sa.table(
    "outbox_message",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("status", sa.String),
    sa.column("context", sa.JSON),
)


def converted(kind: str, old: dict[str, Any]) -> dict[str, Any]:
    """Return the new shape of an old message's context."""
    new = dict(old)
    new.setdefault("contact", "")  # the shop's typed details were not kept then
    for key in ("event_id", "event_type", "at", "note"):
        new.setdefault(key, None)
    if old.get("old_expected"):
        new["later"] = {"old": old["old_expected"], "reason": old.get("reason") or ""}
    else:
        new.setdefault("later", None)
    for was, now in (("quote_amount_minor", "amount_minor"), ("quote_currency", "currency")):
        if was in old:
            new[now] = old[was]
    if "quote_description" in old:
        new["description"] = old["quote_description"]
    if kind == "quote_waiting":
        new.setdefault("quote_id", None)  # no answer link: the old words (sign in) are used
    keep = set(FIELDS[kind]) | set(READER)
    return {k: v for k, v in new.items() if k in keep}


def upgrade() -> None:
    """Apply this revision."""
    conn = op.get_bind()
    waiting = sa.select(MESSAGE).where(
        MESSAGE.c.status == "pending", MESSAGE.c.kind.in_(list(FIELDS))
    )
    for row in conn.execute(waiting).all():
        context = row.context or {}
        if not any(key in context for key in OLD_ONLY):
            continue  # already in the new shape
        conn.execute(
            sa.update(MESSAGE)
            .where(MESSAGE.c.id == row.id)
            .values(context=converted(row.kind, context))
        )


def downgrade() -> None:
    """Revert this revision: the rows are left in the new shape.

    The old shape held wording (labels, next steps) that only the code of its day wrote; an
    older worker cannot render the new shape, so messages still waiting at a downgrade end
    as dead letters there, listed by `GET /api/v1/outbox/dead`, as they did before this
    revision existed.
    """
