"""The worker's commands: run once, outbox status, dead letters and requeue, jobs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from click.testing import Result
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.cli.main import app
from aftersales.config import get_settings
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.outbox import Draft, enqueue
from tests.cli.test_cli import Cli, cli, flat
from tests.factories.messages import news_props

__all__ = ["cli"]


def run(cli: Cli, tmp_path: Path, *args: str) -> Result:
    get_settings.cache_clear()  # read once per process: this run has its own data folder
    env = {
        "AFTERSALES_DATABASE_URL": cli.url,
        "AFTERSALES_DATA_DIR": str(tmp_path),
        "COLUMNS": "250",
    }
    return cli.runner.invoke(app, list(args), env=env)


def test_worker_once_sends_and_the_outbox_commands_report(cli: Cli, tmp_path: Path):
    now = datetime.now(UTC)
    with Session(cli.engine) as s:
        props = news_props(status="received")
        enqueue(
            s,
            [
                Draft(f"cli.{i}", "status_changed", "email", f"shop{i}@x.test", props, "shop")
                for i in (1, 2)
            ],
            now,
        )
        gone = Draft("cli.dead", "status_changed", "email", "gone@example.test", props, "shop")
        enqueue(s, [gone], now)
        dead = s.scalar(select(OutboxMessage).where(OutboxMessage.key == "cli.dead"))
        assert dead is not None
        dead.status = "dead"
        dead.last_error = "SMTP 550: mailbox unavailable"
        s.commit()
        dead_id = dead.id
    result = run(cli, tmp_path, "worker", "--once", "--no-jobs")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "mail").iterdir()) == ["cli.1.eml", "cli.2.eml"]
    status = flat(run(cli, tmp_path, "outbox", "status").output)
    assert "sent 2" in status and "dead 1" in status and "pending 0" in status
    listed = flat(run(cli, tmp_path, "outbox", "dead").output)
    assert "gone@example.test" in listed and "mailbox unavailable" in listed
    refused = run(cli, tmp_path, "outbox", "requeue")
    assert refused.exit_code == 2 and "ids" in refused.output
    ok = run(cli, tmp_path, "outbox", "requeue", str(dead_id), "999999")
    assert ok.exit_code == 0 and "Requeued 1" in flat(ok.output)
    assert "1 of the ids given are not dead letters" in flat(ok.output)
    assert "pending 1" in flat(run(cli, tmp_path, "outbox", "status").output)


def test_jobs_run_now_and_unknown_jobs_are_named(cli: Cli, tmp_path: Path):
    result = run(cli, tmp_path, "jobs", "run", "sla_sweep")
    assert result.exit_code == 0 and "checked 0" in flat(result.output)
    wrong = run(cli, tmp_path, "jobs", "run", "sweep")
    assert wrong.exit_code == 2
    assert "sla_sweep, count_backlogs, invite_new_owners" in flat(wrong.output)
    assert "forget_idempotency_keys" in flat(wrong.output)


def test_the_dashboards_rollups_are_rebuilt_on_demand(cli: Cli, tmp_path: Path):
    result = run(cli, tmp_path, "jobs", "rebuild-insights")
    assert result.exit_code == 0, result.output
    assert "insights_rollup: built from" in flat(result.output)
