"""Webhooks: signed JSON POSTs to a shop's or brand's own system."""

from __future__ import annotations

import json
import time

import httpx

from aftersales.notifications.outbox import Envelope, Result
from aftersales.notifications.signing import HEADER, signature


def payload(env: Envelope) -> bytes:
    """Return the JSON body: the message's key as its id, its kind, and the repair's data."""
    doc = {
        "id": env.key,
        "type": env.kind,
        "created_at": env.created_at.isoformat(),
        "data": env.context,
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


class WebhookSender:
    """POST each message with its signature and idempotency key over kept-alive connections."""

    def __init__(self, timeout: float) -> None:
        self.client = httpx.Client(timeout=timeout, headers={"User-Agent": "aftersales-webhooks"})

    def send(self, env: Envelope) -> Result:
        """Deliver one message: 2xx is sent, 410 drops it and disables the endpoint, else retry."""
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
