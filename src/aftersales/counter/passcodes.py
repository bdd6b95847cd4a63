"""A phone's unlock code, kept encrypted so technicians can test the phone, never in plain text.

The key is derived from the server's secret (HKDF), so a copy of the database alone does
not reveal any code; the code is erased when the repair closes (counter.checklist).
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAX_PASSCODE = 64


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"aftersales unlock codes"
    ).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str, passcode: str) -> str:
    """Encrypt an unlock code with the server's secret."""
    return _fernet(secret).encrypt(passcode.encode()).decode()


def unseal(secret: str, sealed: str) -> str | None:
    """Decrypt an unlock code; None when it was sealed with another secret."""
    try:
        return _fernet(secret).decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None
