"""Read side of the outbox: counts, dead letters, and one message's history."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.kernel.errors import NotFound
from aftersales.notifications.models import DeliveryAttempt, OutboxMessage


def counts(session: Session) -> dict[str, int]:
    """Return how many messages are in each status (pending, sent, dead, dropped)."""
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).tuples()
    return {status: n for status, n in rows}


def dead_letters(session: Session, limit: int = 50, offset: int = 0) -> list[OutboxMessage]:
    """Return messages that ran out of attempts, oldest first."""
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == "dead")
            .order_by(OutboxMessage.id)
            .limit(limit)
            .offset(offset)
        )
    )


def get_message(session: Session, message_id: int) -> OutboxMessage:
    """Return one message or raise NotFound."""
    message = session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound("No such message.")
    return message


def attempts_of(session: Session, message_id: int) -> list[DeliveryAttempt]:
    """Return a message's delivery attempts, oldest first."""
    return list(
        session.scalars(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.message_id == message_id)
            .order_by(DeliveryAttempt.id)
        )
    )


def waiting_and_dead(session: Session, cap: int) -> dict[str, int]:
    """Count the messages waiting and those dead, each read from the status index, capped."""
    found = {}
    for status in ("pending", "dead"):
        ids = select(OutboxMessage.id).where(OutboxMessage.status == status).limit(cap)
        found[status] = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    return found


def dead_page(session: Session, limit: int, offset: int) -> list[OutboxMessage]:
    """Return a page of dead messages, the latest to die first (the status index's order)."""
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.status == "dead")
        .order_by(OutboxMessage.next_attempt_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))
