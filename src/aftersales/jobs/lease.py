"""A job, when it runs, and the lease that lets one worker at a time run it.

The areas write the jobs' work (`(session, now) -> summary`); the worker lists them and
asks here before running one. Nothing here knows what a job does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from aftersales.db import insert_ignoring_conflicts
from aftersales.jobs.models import JobRun

RETRY_FAILED = timedelta(minutes=5)


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


def finish(session: Session, name: str, now: datetime, result: str, *, retry_soon: bool) -> None:
    """Record how the job's run ended; a failed run is tried again in a few minutes."""
    values: dict[str, object] = {"last_finished_at": now, "last_result": result[:2000]}
    if retry_soon:
        values["next_run_at"] = now + RETRY_FAILED
    session.execute(update(JobRun).where(JobRun.name == name).values(**values))
