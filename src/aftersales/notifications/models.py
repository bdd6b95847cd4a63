"""Tables of the outbox, its delivery attempts and webhook endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base
from aftersales.kernel.clock import utcnow


class OutboxMessage(Base):
    """One message to one recipient on one channel, written in the change's transaction.

    `key` is the idempotency key: unique, so a change or a job that runs twice queues one
    message, and sent with every delivery (Message-ID, Idempotency-Key header) so that a
    repeat after a crash can be recognised by the receiver.
    """

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str] = mapped_column(String(10))  # email, sms, webhook
    recipient: Mapped[str] = mapped_column(String(400))  # address, number or URL
    language: Mapped[str] = mapped_column(String(5), default="en")
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    endpoint_id: Mapped[int | None] = mapped_column(ForeignKey("webhook_endpoint.id"), index=True)
    # The record the message is about, in the table of the area that owns its kind.
    about_id: Mapped[int | None] = mapped_column(index=True)
    timezone: Mapped[str] = mapped_column(String(60), default="UTC")  # for SMS quiet hours
    country: Mapped[str | None] = mapped_column(String(2))
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Messages to one reader about one record that go as one: while unsent, a later draft of
    # the batch replaces this one's words (outbox.enqueue), and the worker holds it a while
    # after `created_at` (outbox.claim). None: sent as soon as the worker can.
    batch_key: Mapped[str | None] = mapped_column(String(120), index=True)
    # pending -> sent | dead | dropped; a claimed message stays pending with a lease.
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class DeliveryAttempt(Base):
    """One try to deliver a message: when, how it went, and what the receiver said."""

    __tablename__ = "delivery_attempt"
    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(10))  # sent, retry, dead, dropped, deferred
    status_code: Mapped[int | None]
    detail: Mapped[str] = mapped_column(Text, default="")
    duration_ms: Mapped[int] = mapped_column(default=0)


class WebhookEndpoint(Base):
    """A shop's or a brand's own system that receives their news as signed JSON."""

    __tablename__ = "webhook_endpoint"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int | None] = mapped_column(ForeignKey("shop.id"), index=True)
    brand_id: Mapped[int | None] = mapped_column(ForeignKey("brand.id"), index=True)
    url: Mapped[str] = mapped_column(String(400))
    # Kept as given: the worker needs it to sign. Shown once, at registration.
    secret: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    disabled_at: Mapped[datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
