"""Links in messages: pages of the site, preferences, and one-click unsubscribe (signed)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from urllib.parse import quote as url_quote

from aftersales.kernel.codes import sign

CHANNELS = ("email", "sms")


def _mac(secret: str, account_id: int, channel: str) -> str:
    return sign(secret, f"unsubscribe:{account_id}:{channel}", 32)


def unsubscribe_token(secret: str, account_id: int, channel: str) -> str:
    """Return an unguessable token that turns off one channel for one account."""
    return f"{account_id}.{channel}.{_mac(secret, account_id, channel)}"


def read_unsubscribe_token(secret: str, token: str) -> tuple[int, str] | None:
    """Return (account id, channel) of a valid token, else None."""
    try:
        raw_id, channel, mac = token.split(".")
        account_id = int(raw_id)
    except ValueError:
        return None
    if channel not in CHANNELS or not hmac.compare_digest(mac, _mac(secret, account_id, channel)):
        return None
    return account_id, channel


@dataclass(frozen=True)
class Links:
    """Builds the absolute links a message carries."""

    base: str
    secret: str

    def page(self, path: str, **query: str) -> str:
        """Return the absolute address of a page of the site (path segments given unquoted)."""
        parts = "/".join(url_quote(p, safe="") for p in path.strip("/").split("/"))
        tail = "&".join(f"{url_quote(k)}={url_quote(v, safe='')}" for k, v in query.items())
        return f"{self.base.rstrip('/')}/{parts}" + (f"?{tail}" if tail else "")

    def preferences(self) -> str:
        """Return the page where an owner chooses channels."""
        return f"{self.base.rstrip('/')}/profile"

    def unsubscribe(self, account_id: int, channel: str) -> str:
        """Return the one-click link that stops a channel for an account."""
        token = unsubscribe_token(self.secret, account_id, channel)
        return f"{self.base.rstrip('/')}/unsubscribe/{token}"
