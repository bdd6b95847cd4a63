"""The worker against real servers: aiosmtpd for mail, a local HTTP receiver for webhooks."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.jobs.lease import Job
from aftersales.jobs.models import JobRun
from aftersales.notifications import webhooks
from aftersales.notifications.models import DeliveryAttempt, OutboxMessage, WebhookEndpoint
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.service import transition
from aftersales.worker.loop import Worker
from tests.repairs import QuickWorld
from tests.worker.conftest import Clock, Smtp
from tests.worker.receivers import Receiver, body_id


def messages(session: Session, repair: RepairOrder, channel: str) -> list[OutboxMessage]:
    session.expire_all()
    stmt = select(OutboxMessage).where(
        OutboxMessage.about_id == repair.id, OutboxMessage.channel == channel
    )
    return list(session.scalars(stmt.order_by(OutboxMessage.id)))


def drain(worker: Worker) -> int:
    total = 0
    while n := worker.deliver_once():
        total += n
    return total


def test_mail_waits_while_the_server_is_down_then_arrives(
    session: Session, worker: Worker, smtp: Smtp, clock: Clock
):
    w = QuickWorld(session)
    w.owner.language = "it"
    repair = w.repair(clock.now)
    session.commit()
    drain(worker)  # the SMTP server is down
    [mail] = [m for m in messages(session, repair, "email") if m.recipient == w.owner.email]
    assert mail.status == "pending" and mail.attempts == 1 and mail.next_attempt_at > clock.now
    assert "unreachable" in (mail.last_error or "")
    smtp.start()
    drain(worker)
    assert not smtp.inbox.mails  # not due yet: it waits for its backoff
    clock.now = mail.next_attempt_at
    drain(worker)
    [got] = [m for m in smtp.inbox.mails if m["To"] == w.owner.email]
    assert got["Message-ID"] == f"<{mail.key}@aftersales>"
    assert repair.code in got["Subject"] and got["Content-Language"] == "it"
    assert got["List-Unsubscribe"].startswith("<https://aftersales.example/unsubscribe/")
    kinds = [part.get_content_type() for part in got.walk()]
    assert "text/plain" in kinds and "text/html" in kinds
    text = next(p for p in got.walk() if p.get_content_type() == "text/plain")
    assert "Telefono ricevuto" in text.get_payload(decode=True).decode()  # Italian
    [mail] = [m for m in messages(session, repair, "email") if m.recipient == w.owner.email]
    assert mail.status == "sent" and mail.attempts == 2
    outcomes = session.scalars(
        select(DeliveryAttempt.outcome).where(DeliveryAttempt.message_id == mail.id)
    ).all()
    assert outcomes == ["retry", "sent"]


def test_webhooks_are_signed_retried_and_a_410_disables_the_endpoint(
    session: Session, worker: Worker, receiver: Receiver, clock: Clock
):
    w = QuickWorld(session)
    ok = webhooks.register(session, w.shop_staff, url=receiver.url + "/ok", now=clock.now)
    fail = webhooks.register(session, w.brand_admin, url=receiver.url + "/fail", now=clock.now)
    other = QuickWorld(session)
    gone = webhooks.register(session, other.shop_staff, url=receiver.url + "/gone", now=clock.now)
    receiver.secrets = {"/ok": ok.secret, "/fail": fail.secret, "/gone": gone.secret}
    repair, repair2 = w.repair(clock.now), other.repair(clock.now)
    session.commit()
    drain(worker)
    good = [d for d in receiver.got if d.path == "/ok"]
    assert len(good) == 1 and good[0].signed and good[0].event == "status_changed"
    assert good[0].key == body_id(good[0].body)
    data = json.loads(good[0].body)["data"]
    assert data["code"] == repair.code and "name" not in data
    by_endpoint = {m.endpoint_id: m for m in messages(session, repair, "webhook")}
    assert by_endpoint[ok.id].status == "sent"
    failing = by_endpoint[fail.id]
    assert (
        failing.status == "pending"
        and failing.attempts == 1
        and failing.next_attempt_at > clock.now
    )
    clock.now = failing.next_attempt_at
    drain(worker)
    assert [d.signed for d in receiver.got if d.path == "/fail"] == [True, True]  # retried
    [dropped] = [m for m in messages(session, repair2, "webhook") if m.endpoint_id == gone.id]
    assert dropped.status == "dropped"
    session.refresh(gone)
    assert not gone.active and "410" in (gone.disabled_reason or "")
    # Later news for a disabled endpoint is dropped without a request.
    transition(session, other.shop_staff, repair2, "in_transit_to_centre", clock.now)
    session.commit()
    drain(worker)
    assert len([d for d in receiver.got if d.path == "/gone"]) == 1
    history = webhooks.deliveries(session, session.get(WebhookEndpoint, fail.id))  # type: ignore[arg-type]
    assert [a.status_code for a in history[0][1]] == [500, 500]


def test_sms_waits_for_the_end_of_the_quiet_hours(
    session: Session, worker: Worker, clock: Clock, worker_settings
):
    w = QuickWorld(session)
    w.owner.phone_number, w.owner.notify_sms, w.owner.notify_email = "+39 333 1", True, False
    clock.now = clock.now.replace(hour=22)  # 23:00 in Naples
    repair = w.repair(clock.now)
    session.commit()
    drain(worker)
    [sms] = messages(session, repair, "sms")
    assert sms.status == "pending" and sms.attempts == 0  # deferred, not a failed try
    assert sms.next_attempt_at == clock.now.replace(hour=7) + timedelta(days=1)  # 08:00 local
    log = worker_settings.data_dir / "sms.log"
    assert not log.exists()
    clock.now = sms.next_attempt_at
    drain(worker)
    [line] = log.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["to"] == "+39 333 1" and repair.code in json.loads(line)["text"]
    assert json.loads(line)["key"] == sms.key


def test_jobs_run_once_per_interval_whoever_asks(worker: Worker, clock: Clock):
    first = dict(worker.run_due_jobs())
    assert {"sla_sweep", "no_silence", "count_backlogs"} <= set(first)
    assert not {"nightly_expected", "late_supply", "care_forecast"} & set(first)
    assert worker.run_due_jobs() == []  # nothing due: another worker would get nothing too
    clock.now += timedelta(hours=16)  # past 01:00 UTC: the nightly job's time
    assert {name for name, _ in worker.run_due_jobs()} == {
        "sla_sweep",
        "count_backlogs",
        "invite_new_owners",
        "survey_invitations",
        "no_silence",
        "nightly_expected",
        "late_supply",
        "care_forecast",
        "survey_rollup",
        "insights_rollup",
        "forget_idempotency_keys",
    }


def test_when_the_mail_server_is_away_one_try_stands_for_the_batch(
    session: Session, worker: Worker, clock: Clock
):
    w = QuickWorld(session)
    w.shop.email = "banco@negozio.test"
    repair = w.repair(clock.now)  # two e-mails: the owner's and the shop's
    session.commit()
    worker.deliver_once()
    mails = messages(session, repair, "email")
    assert len(mails) == 2 and all(m.status == "pending" for m in mails)
    details = sorted(m.last_error or "" for m in mails)
    assert details[0].startswith("mail server unreachable")
    assert details[1] == "not tried: unreachable moments ago"


def test_a_worker_asked_to_stop_sends_nothing_more_and_gives_the_batch_back(
    session: Session, worker: Worker, clock: Clock, receiver: Receiver
):
    w = QuickWorld(session)
    webhooks.register(session, w.shop_staff, url=receiver.url + "/ok", now=clock.now)
    repair = w.repair(clock.now)
    session.commit()
    stop = threading.Event()
    stop.set()
    assert worker.deliver_once(stop) >= 1
    [hook] = messages(session, repair, "webhook")
    assert hook.status == "pending" and hook.attempts == 0 and receiver.got == []


def test_a_failed_job_is_tried_again_in_minutes(worker: Worker, clock: Clock, session: Session):
    def broken(_session: Session, _now: datetime) -> str:
        raise RuntimeError("boom")

    worker.jobs = [Job("broken", timedelta(days=1), broken)]
    [(name, result)] = worker.run_due_jobs()
    assert name == "broken" and result == "failed: RuntimeError: boom"
    run = session.get(JobRun, "broken")
    assert run is not None and run.next_run_at == clock.now + timedelta(minutes=5)


def test_a_message_queued_before_an_unsubscribe_is_not_sent(
    session: Session, worker: Worker, smtp: Smtp
):
    w = QuickWorld(session)
    repair = w.repair(datetime(2026, 3, 10, 9, tzinfo=UTC))
    w.owner.notify_email = False  # the owner clicked "stop" before the worker's turn
    session.commit()
    smtp.start()
    worker.deliver_once()
    [mail] = [m for m in messages(session, repair, "email") if m.recipient == w.owner.email]
    assert mail.status == "dropped" and smtp.inbox.mails == []
