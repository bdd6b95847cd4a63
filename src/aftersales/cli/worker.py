"""Commands of the worker: run it, look at the outbox, requeue dead letters, run a job now."""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

import typer

from aftersales.cli.common import console, err, settings_or_exit
from aftersales.config import Settings
from aftersales.db import make_engine, make_sessionmaker, session_scope
from aftersales.insights.rollup import refresh as roll_up_insights
from aftersales.kernel.clock import utcnow
from aftersales.notifications import outbox, queries
from aftersales.worker.loop import Worker

outbox_app = typer.Typer(help="The outbox of messages.", no_args_is_help=True)
jobs_app = typer.Typer(help="Scheduled jobs.", no_args_is_help=True)


def _worker(settings: Settings) -> Worker:
    pool: dict[str, Any] = {}
    if settings.database_url.startswith("postgresql"):
        pool = {"pool_size": 4, "max_overflow": 2}
    return Worker(settings, make_sessionmaker(make_engine(settings.database_url, **pool)))


def worker(
    once: bool = typer.Option(False, help="Send what is due and run due jobs once, then stop."),
    jobs: bool = typer.Option(True, help="Also run the scheduled jobs (SLA sweep …)."),
) -> None:
    """Send queued messages and run scheduled jobs until stopped (SIGTERM or Ctrl-C)."""
    settings = settings_or_exit()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    w = _worker(settings)
    if once:
        if jobs:
            w.run_due_jobs()
        while w.deliver_once():
            pass
        w.senders.shutdown()
        return
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    console.print(f"Worker started (batch {settings.worker_batch_size}); stop with Ctrl-C.")
    w.run(stop, with_jobs=jobs)
    console.print("Worker stopped.")


@outbox_app.command("status")
def status() -> None:
    """Count messages by status."""
    factory = make_sessionmaker(make_engine(settings_or_exit().database_url))
    with session_scope(factory) as session:
        found = queries.counts(session)
    for name in ("pending", "sent", "dead", "dropped"):
        console.print(f"{name:8} {found.get(name, 0)}")


@outbox_app.command("dead")
def dead(limit: int = typer.Option(50, min=1, max=1000)) -> None:
    """List dead letters, one per line: id, kind, channel, recipient, attempts, last error."""
    factory = make_sessionmaker(make_engine(settings_or_exit().database_url))
    with session_scope(factory) as session:
        rows = queries.dead_letters(session, limit)
        # Tab-separated, never wrapped: read by people and by scripts alike.
        for m in rows:
            fields = (m.id, m.kind, m.channel, m.recipient, m.attempts, m.last_error or "")
            typer.echo("\t".join(str(f) for f in fields))
    if not rows:
        console.print("No dead letters.")


@outbox_app.command("requeue")
def requeue(
    ids: list[int] = typer.Argument(None, help="Ids of dead letters to send again."),
    all_dead: bool = typer.Option(False, "--all", help="Requeue every dead letter."),
) -> None:
    """Put dead letters back in the queue (after fixing what made them fail)."""
    if not ids and not all_dead:
        err.print("Give the ids of dead letters, or --all.", style="red")
        raise typer.Exit(2)
    factory = make_sessionmaker(make_engine(settings_or_exit().database_url))
    with session_scope(factory) as session:
        n = outbox.requeue(session, None if all_dead else list(ids), utcnow())
    console.print(f"Requeued {n} dead letters.")
    if ids and n < len(ids):
        err.print(f"{len(ids) - n} of the ids given are not dead letters; nothing done for them.")


@jobs_app.command("run")
def run_job(
    name: str = typer.Argument(
        ..., help="e.g. sla_sweep or count_backlogs; a wrong name lists them."
    ),
) -> None:
    """Run one scheduled job now (whatever its schedule says)."""
    w = _worker(settings_or_exit())
    found = {j.name: j for j in w.jobs}
    if name not in found:
        err.print(f"Unknown job {name!r}; use one of: {', '.join(found)}.", style="red")
        raise typer.Exit(2)
    with session_scope(w.factory) as session:
        result = found[name].run(session, utcnow())
    console.print(f"{name}: {result}")


@jobs_app.command("rebuild-insights")
def rebuild_insights() -> None:
    """Count every repair into the dashboards' rollups again (after a restore, say)."""
    factory = make_sessionmaker(make_engine(settings_or_exit().database_url))
    console.print("Counting every repair again (minutes at a million repairs)…")
    with session_scope(factory) as session:
        note = roll_up_insights(session, utcnow(), whole=True)
    console.print(f"insights_rollup: {note}")
