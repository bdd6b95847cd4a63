"""Fixtures of the worker's tests: real SMTP and HTTP servers, a worker on the test's data."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from aftersales.config import Settings
from aftersales.worker.loop import Worker
from tests.worker.receivers import Receiver


class Inbox:
    """An aiosmtpd handler that keeps every mail it accepts."""

    def __init__(self) -> None:
        self.mails: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.mails.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


class Smtp:
    """A real SMTP server on a fixed port that can be started and stopped."""

    def __init__(self) -> None:
        # Hold the port (bound, not listening: connections are refused) until the server
        # starts, so no other test can take it meanwhile.
        self._hold: socket.socket | None = socket.socket()
        self._hold.bind(("127.0.0.1", 0))
        self.port = int(self._hold.getsockname()[1])
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        if self._hold is not None:
            self._hold.close()
            self._hold = None
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self._hold is not None:
            self._hold.close()
            self._hold = None
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture()
def smtp() -> Iterator[Smtp]:
    """Return an SMTP server, not yet started (tests start it when they want it up)."""
    server = Smtp()
    yield server
    server.stop()


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    """Return a running webhook receiver."""
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture()
def worker_settings(database_url: str, smtp: Smtp, tmp_path: Path) -> Settings:
    """Return settings that send mail to the test SMTP server and SMS to a file."""
    return Settings(
        env="test",
        database_url=database_url,
        secret_key="test-secret",
        data_dir=tmp_path,
        mail_transport="smtp",
        smtp_host="127.0.0.1",
        smtp_port=smtp.port,
        smtp_security="none",
        smtp_timeout_seconds=5,
        sms_provider="file",
        public_url="https://aftersales.example",
        # These tests are about the channels: each message goes as soon as it is queued.
        # Holding an owner's news to send it as one has its own (tests/worker/test_batching.py).
        owner_news_hold_minutes=0,
    )


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture()
def clock(now: datetime) -> Clock:
    """Return the worker's hand-moved clock."""
    return Clock(now)


@pytest.fixture()
def worker(worker_settings: Settings, connection: Connection, clock: Clock) -> Iterator[Worker]:
    """Return a worker whose transactions are savepoints of the test's (rolled back after)."""
    factory = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    w = Worker(worker_settings, factory, clock=clock)
    yield w
    w.senders.shutdown()


def session_of(worker: Worker) -> Session:
    """Return a session on the worker's connection (sees what the worker committed)."""
    return worker.factory()
