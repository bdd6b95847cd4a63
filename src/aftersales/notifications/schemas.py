"""Pydantic in/out of webhook endpoints and outbox messages."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class EndpointCreate(BaseModel):
    """A new webhook endpoint; platform admins say whose (a shop or a brand)."""

    url: str = Field(min_length=8, max_length=400, examples=["https://erp.shop.it/aftersales"])
    description: str = Field(default="", max_length=200)
    shop_id: int | None = None
    brand_id: int | None = None


class EndpointRead(BaseModel):
    """A webhook endpoint (without its secret)."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    url: str
    description: str
    shop_id: int | None
    brand_id: int | None
    active: bool
    disabled_at: datetime | None
    disabled_reason: str | None
    created_at: datetime


class EndpointCreated(EndpointRead):
    """A new endpoint with its secret: shown once; sign checks need it."""

    secret: str


class AttemptRead(BaseModel):
    """One delivery attempt."""

    model_config = ConfigDict(from_attributes=True)
    at: datetime
    outcome: str
    status_code: int | None
    detail: str
    duration_ms: int


class MessageRead(BaseModel):
    """A queued message and how its delivery went."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    key: str
    kind: str
    channel: str
    recipient: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


class MessageDetail(MessageRead):
    """A message with its delivery attempts."""

    history: list[AttemptRead]


class RequeueIn(BaseModel):
    """Which dead letters to requeue: ids, or all of them."""

    ids: list[int] | None = Field(default=None, max_length=1000)
    all: bool = False


class RequeueResult(BaseModel):
    """How many dead letters went back in the queue."""

    requeued: int
