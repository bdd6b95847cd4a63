"""Fixtures of the HTTP tests."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from aftersales.accounts import service as accounts


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash passwords with real argon2 at its lowest work factor: every World makes six.

    Logins still verify real argon2 hashes; only the cost that makes guessing slow in
    production is left out.
    """
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
