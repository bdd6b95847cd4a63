"""The schedule of jobs, and the lease that lets one worker at a time run each of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from aftersales.config import Settings
from aftersales.db import insert_ignoring_conflicts
from aftersales.idempotency.service import forget_before
from aftersales.notifications.models import JobRun
from aftersales.repairs.jobs import nightly_expected, no_silence, sla_sweep

NIGHTLY_AT = time(1, 0)  # UTC: night in Europe, morning in Asia before centres open


@dataclass(frozen=True)
class Job:
    """A job, how often it runs, and (for nightly ones) at what UTC time."""

    name: str
    every: timedelta
    run: Callable[[Session, datetime], str]
    at: time | None = None

    def first_run(self, now: datetime) -> datetime:
        """Return when a job that never ran should run first."""
        if self.at is None:
            return now
        start = datetime.combine(now.date(), self.at, tzinfo=now.tzinfo)
        return start if start > now else start + timedelta(days=1)

    def next_run(self, now: datetime) -> datetime:
        """Return when the job should run after one starting at `now`."""
        if self.at is None:
            return now + self.every
        return datetime.combine(now.date(), self.at, tzinfo=now.tzinfo) + timedelta(days=1)


def jobs(settings: Settings) -> list[Job]:
    """Return the worker's jobs with the intervals from the settings."""
    keep = timedelta(hours=settings.idempotency_keep_hours)
    return [
        Job(
            "sla_sweep",
            timedelta(minutes=settings.sla_sweep_minutes),
            lambda s, now: str(sla_sweep(s, now, settings.escalate_after_workdays)),
        ),
        Job(
            "no_silence",
            timedelta(hours=1),
            lambda s, now: f"{no_silence(s, now, settings.silence_workdays)} updates queued",
        ),
        Job(
            "nightly_expected",
            timedelta(days=1),
            lambda s, now: str(nightly_expected(s, now, settings.silence_workdays)),
            at=NIGHTLY_AT,
        ),
        Job(
            "forget_idempotency_keys",
            timedelta(hours=1),
            lambda s, now: f"{forget_before(s, now - keep)} old answers deleted",
        ),
    ]


def take(session: Session, job: Job, now: datetime) -> bool:
    """Take the job's lease if it is due; True means this worker runs it now.

    The conditional UPDATE is the lease: of several workers, exactly one sees a row change.
    """
    first = {"name": job.name, "next_run_at": job.first_run(now), "last_result": ""}
    session.execute(insert_ignoring_conflicts(session, JobRun, first))
    taken = session.execute(
        update(JobRun)
        .where(JobRun.name == job.name, JobRun.next_run_at <= now)
        .values(next_run_at=job.next_run(now), last_started_at=now)
    )
    return bool(taken.rowcount)  # type: ignore[attr-defined]


RETRY_FAILED = timedelta(minutes=5)


def finish(session: Session, name: str, now: datetime, result: str, *, retry_soon: bool) -> None:
    """Record how the job's run ended; a failed run is tried again in a few minutes."""
    values: dict[str, object] = {"last_finished_at": now, "last_result": result[:2000]}
    if retry_soon:
        values["next_run_at"] = now + RETRY_FAILED
    session.execute(update(JobRun).where(JobRun.name == name).values(**values))
