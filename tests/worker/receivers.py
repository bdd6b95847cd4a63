"""Real servers for the worker's tests: a webhook receiver that checks signatures as the
docs tell receivers to, and free ports."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def docs_verify() -> Callable[..., bool]:
    """Return the `verify` function of docs/operations.md, run exactly as written there."""
    text = DOCS.read_text(encoding="utf-8")
    code = next(b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "def verify" in b)
    scope: dict[str, Any] = {}
    exec(compile(code, str(DOCS), "exec"), scope)
    verify: Callable[..., bool] = scope["verify"]
    return verify


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Delivery:
    """One POST the receiver got."""

    path: str
    key: str
    body: bytes
    signed: bool
    event: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Receiver:
    """A local HTTP server: /ok answers 200, /fail 500, /gone 410; each POST is kept."""

    secrets: dict[str, str] = field(default_factory=dict)  # by path
    delay: float = 0.0
    on_post: Callable[[int], None] | None = None  # called with the count, before answering
    got: list[Delivery] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> Receiver:
        verify = docs_verify()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                header = self.headers.get("Aftersales-Signature", "")
                signed = verify(receiver.secrets.get(self.path, ""), header, body)
                with receiver.lock:
                    receiver.got.append(
                        Delivery(
                            self.path,
                            self.headers.get("Idempotency-Key", ""),
                            body,
                            signed,
                            self.headers.get("Aftersales-Event", ""),
                            dict(self.headers.items()),
                        )
                    )
                    count = len(receiver.got)
                if receiver.on_post:
                    receiver.on_post(count)
                if receiver.delay:
                    time.sleep(receiver.delay)
                code = {"/fail": 500, "/gone": 410, "/busy": 429, "/bad": 400}.get(self.path, 200)
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def keys(self) -> list[str]:
        with self.lock:
            return [d.key for d in self.got]

    def bodies(self) -> dict[str, set[bytes]]:
        with self.lock:
            found: dict[str, set[bytes]] = {}
            for d in self.got:
                found.setdefault(d.key, set()).add(d.body)
            return found

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def body_id(body: bytes) -> str:
    """Return the id field of a webhook body."""
    doc: dict[str, Any] = json.loads(body)
    return str(doc["id"])
