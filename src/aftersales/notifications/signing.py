"""Webhook signatures: HMAC-SHA256 over "<timestamp>.<body>", checked within a replay window.

Header: `Aftersales-Signature: t=<unix seconds>,v1=<hex digest>`. docs/operations.md has the
receiver's side of this, which is `verify` below.
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "Aftersales-Signature"
REPLAY_WINDOW_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """Return the header value that signs `body` at `timestamp` with `secret`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(
    secret: str, header: str, body: bytes, now: int, window: int = REPLAY_WINDOW_SECONDS
) -> bool:
    """Tell whether `header` signs `body` with `secret` and is recent enough to trust."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > window:
        return False
    expected = signature(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
