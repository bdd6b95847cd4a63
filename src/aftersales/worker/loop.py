"""The worker's loop: claim due messages, send them outside any transaction, record results.

Between batches it runs the scheduled jobs that are due. Several workers may run at once on
PostgreSQL; on SQLite run one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from aftersales.config import Settings
from aftersales.db import session_scope
from aftersales.jobs.lease import Job, finish, take
from aftersales.kernel.clock import utcnow
from aftersales.notifications.delivery import Senders
from aftersales.notifications.outbox import Backoff, Envelope, Result, claim, record
from aftersales.worker.schedule import jobs

log = logging.getLogger("aftersales.worker")
JOB_CHECK_SECONDS = 5.0


class Worker:
    """One worker process's state: its database, its channels and its schedule."""

    def __init__(
        self,
        settings: Settings,
        factory: sessionmaker[Session],
        *,
        senders: Senders | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.settings = settings
        self.factory = factory
        self.senders = senders or Senders(settings)
        self.clock = clock
        self.backoff = Backoff(
            settings.outbox_max_attempts,
            settings.outbox_backoff_seconds,
            settings.outbox_backoff_max_seconds,
        )
        self.jobs: list[Job] = jobs(settings)
        self._next_job_check = 0.0

    def deliver_once(self, stop: threading.Event | None = None) -> int:
        """Claim one batch, send it, record the results; return how many were claimed.

        Sending stops at half the lease (slow receivers) or when the worker is asked to
        stop; the messages not sent go back to the queue at once, without counting a try,
        so no other worker can take a message this one is still sending.
        """
        with session_scope(self.factory) as session:
            batch = claim(
                session,
                self.clock(),
                limit=self.settings.worker_batch_size,
                lease_seconds=self.settings.outbox_lease_seconds,
                max_attempts=self.settings.outbox_max_attempts,
                hold_seconds=self.settings.owner_news_hold_minutes * 60,
            )
        if not batch:
            return 0
        deadline = time.monotonic() + self.settings.outbox_lease_seconds / 2
        done: list[tuple[Envelope, Result]] = []
        down: set[str] = set()  # channels that failed to connect in this batch
        try:
            for env in batch:
                where = f"webhook{env.endpoint_id}" if env.channel == "webhook" else env.channel
                if time.monotonic() > deadline or (stop is not None and stop.is_set()):
                    done.append((env, Result("released", "not sent in this batch")))
                elif where in down:
                    done.append((env, Result("retry", "not tried: unreachable moments ago")))
                else:
                    result = self.senders.deliver(env, self.clock())
                    if result.unreachable:
                        down.add(where)
                    done.append((env, result))
        finally:
            self.senders.close()
            counts = self._record(done)
        log.info("batch of %d: %s", len(batch), counts)
        return len(batch)

    def _record(self, done: list[tuple[Envelope, Result]]) -> dict[str, int]:
        """Record a batch's results, retrying a few times: a lost record means repeats."""
        for wait in (0.5, 2.0, 5.0, 0.0):
            try:
                with session_scope(self.factory) as session:
                    return record(session, done, self.clock(), self.backoff)
            except DBAPIError:
                if not wait:
                    raise
                log.exception("recording a batch failed; trying again in %.1f s", wait)
                time.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def run_due_jobs(self) -> list[tuple[str, str]]:
        """Run every job whose time has come and whose lease this worker takes."""
        ran = []
        for job in self.jobs:
            try:
                with session_scope(self.factory) as session:
                    mine = take(session, job, self.clock())
            except DBAPIError:  # the database is away for a moment: the next check retries
                log.exception("could not take job %s", job.name)
                continue
            if not mine:
                continue
            failed = False
            try:
                with session_scope(self.factory) as session:
                    result = job.run(session, self.clock())
            except Exception as exc:  # reported, and retried soon rather than next interval
                log.exception("job %s failed", job.name)
                result, failed = f"failed: {type(exc).__name__}: {exc}", True
            try:
                with session_scope(self.factory) as session:
                    finish(session, job.name, self.clock(), result, retry_soon=failed)
            except DBAPIError:
                log.exception("could not record job %s", job.name)
            log.info("job %s: %s", job.name, result)
            ran.append((job.name, result))
        return ran

    def run(self, stop: threading.Event, *, with_jobs: bool = True) -> None:
        """Loop until `stop` is set; an idle queue is polled every few seconds at most."""
        try:
            while not stop.is_set():
                if with_jobs and time.monotonic() >= self._next_job_check:
                    self.run_due_jobs()
                    self._next_job_check = time.monotonic() + JOB_CHECK_SECONDS
                try:
                    claimed = self.deliver_once(stop)
                except Exception:  # the database may be away for a moment: wait, retry
                    log.exception("delivery batch failed")
                    claimed = 0
                if not claimed:
                    stop.wait(self.settings.worker_idle_seconds)
        finally:
            self.senders.shutdown()
