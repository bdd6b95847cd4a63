"""Rate limits shared by every server process: `limits` on Redis when configured, else memory.

A sliding window counter (decision 45): two counters per key, this window's and the last
one's weighted by how much of it still overlaps, so a burst at a window's edge never gets
twice the limit through; each hit costs the same whatever the limit, and one Redis call (a
Lua script that checks and records together).
"""

from __future__ import annotations

import hashlib
import logging
import time

from limits import RateLimitItem, RateLimitItemPerMinute
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import SlidingWindowCounterRateLimiter

from aftersales.config import Settings

log = logging.getLogger(__name__)


def make_storage(settings: Settings) -> Storage:
    """Return the app's limit store: Redis (one count for all processes) or this process."""
    if settings.redis_url:
        return RedisStorage(
            settings.redis_url,
            key_prefix=settings.rate_limit_prefix,
            wrap_exceptions=True,
            socket_timeout=settings.redis_timeout_seconds,
            socket_connect_timeout=settings.redis_timeout_seconds,
        )
    return MemoryStorage()


class RateLimiter:
    """Allow at most `limit` hits per `minutes` for each key (an address, a hashed e-mail)."""

    def __init__(self, storage: Storage, name: str, limit: int, minutes: int = 1) -> None:
        self.name, self.minutes = name, minutes
        self._strategy = SlidingWindowCounterRateLimiter(storage)
        self._item: RateLimitItem = RateLimitItemPerMinute(limit, minutes)

    @property
    def limit(self) -> int:
        """Return how many hits a key may make per window."""
        return self._item.amount

    @limit.setter
    def limit(self, value: int) -> None:
        self._item = RateLimitItemPerMinute(value, self.minutes)

    def hit(self, key: str) -> float | None:
        """Record a hit; return None if allowed, else the seconds until the next is allowed."""
        try:
            if self._strategy.hit(self._item, self.name, key):
                return None
            return self._wait(key)
        except StorageError as exc:
            _unavailable(exc)
            return None

    def blocked(self, key: str) -> float | None:
        """Without recording a hit, return the seconds to wait if the key used its limit."""
        try:
            return None if self._strategy.test(self._item, self.name, key) else self._wait(key)
        except StorageError as exc:
            _unavailable(exc)
            return None

    def _wait(self, key: str) -> float:
        # Only refused hits pay this second call; allowed ones cost one. At the start of a
        # window this can come short (the last window still weighs): a retry then gets 429
        # with a new, longer wait.
        reset, _remaining = self._strategy.get_window_stats(self._item, self.name, key)
        return max(0.0, reset - time.time())


def _unavailable(exc: Exception) -> None:
    # A limit store that does not answer must not take the service down with it: the
    # request goes on unlimited and the failure is logged (decision 45).
    log.error("rate limit store unavailable, request allowed: %s", exc)


def account_key(email: str) -> str:
    """Return the key of an e-mail address for per-account limits (no address in the store)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def retry_after(wait: float) -> dict[str, str]:
    """Return the Retry-After header for a wait in seconds."""
    return {"Retry-After": str(int(wait) + 1)}
