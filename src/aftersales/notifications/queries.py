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
