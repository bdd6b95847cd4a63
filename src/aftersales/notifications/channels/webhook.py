"""Webhooks: signed JSON POSTs to a shop's or brand's own system."""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import httpx

from aftersales.notifications.outbox import Envelope, Result
from aftersales.notifications.signing import HEADER, signature
from aftersales.notifications.webhooks import private_address


def payload(env: Envelope) -> bytes:
    """Return the JSON body: the message's key as its id, its kind, and its stored payload."""
    doc = {
        "id": env.key,
        "type": env.kind,
        "created_at": env.created_at.isoformat(),
        "data": env.context,
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


class WebhookSender:
    """POST each message with its signature and idempotency key over kept-alive connections."""

    def __init__(self, timeout: float, allow_private: bool) -> None:
        self.allow_private = allow_private
        self.client = httpx.Client(timeout=timeout, headers={"User-Agent": "aftersales-webhooks"})

    def send(self, env: Envelope) -> Result:
        """Deliver one message: 2xx is sent, 410 drops it and disables the endpoint, else retry."""
        if not self.allow_private:  # checked again: the name may point elsewhere by now
            host = urlsplit(env.recipient).hostname or ""
            problem = private_address(host)
            if problem:
                return Result("retry", f"not sent to {host}: {problem}", unreachable=True)
        body = payload(env)
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": env.key,
            "Aftersales-Event": env.kind,
            HEADER: signature(env.secret, int(time.time()), body),
        }
        start = time.monotonic()
        try:
            answer = self.client.post(env.recipient, content=body, headers=headers)
        except httpx.HTTPError as exc:
            detail = f"receiver unreachable: {type(exc).__name__}: {exc}"
            return Result("retry", detail, unreachable=True)
        ms = int((time.monotonic() - start) * 1000)
        code = answer.status_code
        detail = f"receiver answered {code}"
        if 200 <= code < 300:
            return Result("sent", detail, code, ms)
        if code == 410:
            return Result("dropped", detail + " (gone): endpoint disabled", code, ms)
        return Result("retry", detail, code, ms)

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()
