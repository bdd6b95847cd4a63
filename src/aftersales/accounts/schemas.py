"""Pydantic shapes of accounts and credentials."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class LoginIn(BaseModel):
    """E-mail and password."""

    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=200)


class AccountRead(BaseModel):
    """An account as its owner or an admin sees it."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    email: str | None
    phone_number: str | None
    role: str
    language: str
    country: str | None
    shop_id: int | None
    centre_id: int | None
    brand_id: int | None


class AccountCreate(BaseModel):
    """A new account."""

    name: str = Field(min_length=1, max_length=120)
    role: str = Field(examples=["shop_staff"])
    email: str | None = Field(default=None, max_length=254)
    password: str | None = Field(default=None, min_length=8, max_length=200)
    phone_number: str | None = Field(default=None, max_length=32)
    language: str = "en"
    country: str | None = Field(default=None, min_length=2, max_length=2)
    shop_id: int | None = None
    centre_id: int | None = None
    brand_id: int | None = None


class OwnerIn(BaseModel):
    """The owner as told at the counter: staff name owners by their details, never by id."""

    name: str = Field(min_length=1, max_length=120)
    email: str | None = Field(default=None, max_length=254)
    phone_number: str | None = Field(default=None, max_length=32)
    language: str = "en"


class ProfileUpdate(BaseModel):
    """Changes to one's own profile."""

    name: str | None = Field(default=None, min_length=1, max_length=120)
    language: str | None = None
    phone_number: str | None = Field(default=None, max_length=32)


class TokenCreate(BaseModel):
    """A new API token for one of the caller's systems."""

    name: str = Field(min_length=1, max_length=80, examples=["Shop till"])
    expires_at: AwareDatetime | None = Field(
        default=None, description="When the token stops working (with a time zone); none: never"
    )


class TokenRead(BaseModel):
    """An API token, without its secret."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime | None


class TokenCreated(TokenRead):
    """A new API token with its secret, shown once."""

    token: str
