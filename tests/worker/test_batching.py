"""The issue's case end to end: 11 steps in two minutes reach the owner as one e-mail and one SMS.

A real SMTP server and the SMS file, a worker running between the steps as it would, with the
default hold of an owner's news (5 minutes).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from email.message import Message

import pytest
from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from aftersales.config import Settings
from aftersales.repairs.models import RepairOrder
from aftersales.worker.loop import Worker
from tests.repairs.test_owner_news import T0, busy_two_minutes, world
from tests.worker.conftest import Clock, Smtp
from tests.worker.test_delivery import drain


@pytest.fixture()
def batching_worker(
    worker_settings: Settings, connection: Connection, clock: Clock
) -> Iterator[Worker]:
    """Return a worker with the default hold of an owner's news."""
    settings = worker_settings.model_copy(update={"owner_news_hold_minutes": 5})
    factory = sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    w = Worker(settings, factory, clock=clock)
    yield w
    w.senders.shutdown()


def _text(mail: Message) -> str:
    part = next(p for p in mail.walk() if p.get_content_type() == "text/plain")
    return str(part.get_payload(decode=True).decode())


def test_eleven_steps_in_two_minutes_reach_the_owner_as_one_message_per_channel(
    session: Session, batching_worker: Worker, smtp: Smtp, clock: Clock, worker_settings: Settings
):
    smtp.start()
    w = world(session)
    assert clock.now == T0  # the steps' clock: 10:00 in Naples, no quiet hours for the SMS
    w_start = clock.now
    repair: RepairOrder = busy_two_minutes(session, w)
    session.commit()
    clock.now = w_start + timedelta(minutes=2)
    drain(batching_worker)  # two minutes on: the shop heard of every step
    to_shop = [m for m in smtp.inbox.mails if m["To"] == "banco@negozio.test"]
    assert len(to_shop) == 10
    assert not [m for m in smtp.inbox.mails if m["To"] == w.owner.email]  # held
    clock.now = w_start + timedelta(minutes=5)
    drain(batching_worker)
    [mail] = [m for m in smtp.inbox.mails if m["To"] == w.owner.email]
    assert repair.code in mail["Subject"] and "Restituito" in mail["Subject"]  # the latest
    text = _text(mail)
    for said in ("Telefono ricevuto", "Coperto da garanzia", "Display ordinato", "Pronto"):
        assert said in text  # what happened, in the one message
    [sms] = (worker_settings.data_dir / "sms.log").read_text(encoding="utf-8").splitlines()
    assert json.loads(sms)["to"] == "+39 333 123 4567" and repair.code in json.loads(sms)["text"]
    clock.now += timedelta(hours=1)
    drain(batching_worker)
    assert len([m for m in smtp.inbox.mails if m["To"] == w.owner.email]) == 1
