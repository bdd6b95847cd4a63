"""SMS providers: a generic HTTP gateway, and a file for development."""

from __future__ import annotations

import json
import time
from pathlib import Path
from string import Template
from typing import Protocol

import httpx

from aftersales.config import Settings
from aftersales.notifications.outbox import Result


class SmsProvider(Protocol):
    """Sends one text message."""

    def send(self, to: str, text: str, key: str) -> Result:
        """Send `text` to the number `to`; `key` is the message's idempotency key."""
        ...

    def close(self) -> None:
        """End a batch."""
        ...

    def shutdown(self) -> None:
        """Release connections when the worker stops."""
        ...


class FileSms:
    """Development: append each text message as a JSON line to a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, to: str, text: str, key: str) -> Result:
        """Append the message to the file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"to": to, "text": text, "key": key}, ensure_ascii=False) + "\n")
        return Result("sent", f"written to {self.path}")

    def close(self) -> None:
        """Nothing to close."""

    def shutdown(self) -> None:
        """Nothing to release."""


class HttpSms:
    """A generic HTTP gateway: POST a body made from a template, with an auth header."""

    def __init__(self, settings: Settings) -> None:
        self.url = settings.sms_http_url
        self.template = Template(settings.sms_http_body)
        headers = {"Content-Type": "application/json"}
        if settings.sms_http_auth_header:
            name, _, value = settings.sms_http_auth_header.partition(":")
            headers[name.strip()] = value.strip()
        self.client = httpx.Client(timeout=settings.sms_timeout_seconds, headers=headers)

    def send(self, to: str, text: str, key: str) -> Result:
        """POST the message; 2xx is sent, 400 and 422 are final, anything else is retried.

        401, 403, 404 and 405 say the settings are wrong, not the message: retried, and the
        rest of the batch waits too.
        """
        body = self.template.safe_substitute(
            to=json.dumps(to), text=json.dumps(text, ensure_ascii=False), key=json.dumps(key)
        )
        start = time.monotonic()
        try:
            answer = self.client.post(
                self.url, content=body.encode(), headers={"Idempotency-Key": key}
            )
        except httpx.HTTPError as exc:
            detail = f"SMS gateway unreachable: {type(exc).__name__}: {exc}"
            return Result("retry", detail, unreachable=True)
        ms = int((time.monotonic() - start) * 1000)
        code = answer.status_code
        detail = f"SMS gateway answered {code}: {answer.text[:200]}"
        if 200 <= code < 300:
            return Result("sent", detail, code, ms)
        if code in (400, 422):
            return Result("dead", detail, code, ms)
        misconfigured = code in (401, 403, 404, 405)
        return Result("retry", detail, code, ms, unreachable=misconfigured)

    def close(self) -> None:
        """Keep the connections for the next batch (the client is closed by `shutdown`)."""

    def shutdown(self) -> None:
        """Close the HTTP connections when the worker stops."""
        self.client.close()
