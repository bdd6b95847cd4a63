"""Unguessable, human-friendly codes for tracking, tokens and signed links."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# Crockford-style alphabet without I, L, O, U: nothing to misread over the phone.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_tracking_code() -> str:
    """Return a code like 'K7QM-3XT9-PW2D': 12 random symbols, 60 bits."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def normalize_tracking_code(raw: str) -> str:
    """Accept lower case, missing dashes and confusable letters; return the canonical form."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != 12 or any(ch not in ALPHABET for ch in cleaned):
        return ""
    return f"{cleaned[0:4]}-{cleaned[4:8]}-{cleaned[8:12]}"


def new_token() -> str:
    """Return a secret bearer token for an API client or a login session."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def sign(secret: str, message: str, length: int = 40) -> str:
    """Return the HMAC-SHA256 of a message under the server's secret, in hex, cut to `length`."""
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()[:length]


def id_token(secret: str, record_id: int, message: str) -> str:
    """Return a link's token: a record's id and the signature of what only that record knows."""
    return f"{record_id}-{sign(secret, message)}"


def read_id_token(token: str) -> tuple[int, str] | None:
    """Return (record id, signature) of a link's token, or None if it is not shaped like one."""
    raw_id, _, code = token.partition("-")
    if not raw_id.isdigit() or len(raw_id) > 18 or not code:
        return None
    return int(raw_id), code


def signed(secret: str, code: str, message: str, length: int = 40) -> bool:
    """Say whether `code` is the whole signature of the message (in constant time)."""
    return hmac.compare_digest(code, sign(secret, message, length))
