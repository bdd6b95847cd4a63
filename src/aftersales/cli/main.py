"""Entry point: `aftersales serve | db | demo | users | import | repairs | worker`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from aftersales import migrate
from aftersales.accounts.service import create_account
from aftersales.cli import worker as worker_cli
from aftersales.cli.common import console, err, settings_or_exit
from aftersales.db import make_engine, make_sessionmaker, session_scope
from aftersales.devices.importer import import_sales, read_rows
from aftersales.history import importer as history_importer
from aftersales.history.lines import read_rows as read_history_rows
from aftersales.history.mapping import load_mapping
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.clock import utcnow
from aftersales.kernel.errors import DomainError
from aftersales.software import importer as versions_importer
from aftersales.surveys import importer as survey_importer

app = typer.Typer(help="aftersales: after-sales service for smartphones.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
users_app = typer.Typer(help="Accounts.", no_args_is_help=True)
import_app = typer.Typer(help="Bulk imports.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(import_app, name="import")
repairs_app = typer.Typer(help="Repair orders.", no_args_is_help=True)
app.add_typer(repairs_app, name="repairs")
app.command("worker")(worker_cli.worker)
app.add_typer(worker_cli.outbox_app, name="outbox")
app.add_typer(worker_cli.jobs_app, name="jobs")


def _fail(message: str, code: int = 1) -> None:
    err.print(message, style="red", markup=False, highlight=False)
    raise typer.Exit(code)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, help="Worker processes."),
) -> None:
    """Serve the web app and API."""
    import uvicorn

    settings_or_exit()
    console.print(f"Serving on http://{host}:{port}  (API docs: /api/v1/docs, tracking: /track)")
    uvicorn.run(
        "aftersales.web.asgi:app", host=host, port=port, workers=workers, log_level="warning"
    )


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Migrate the database to the newest schema (or to REVISION)."""
    settings = settings_or_exit()
    migrate.upgrade(settings.database_url, revision)
    console.print(f"Database at {revision}: {settings.database_url}")


@db_app.command("downgrade")
def db_downgrade(revision: str = typer.Argument(..., help="Target revision, e.g. base.")) -> None:
    """Migrate the database down to REVISION."""
    settings = settings_or_exit()
    migrate.downgrade(settings.database_url, revision)
    console.print(f"Database at {revision}.")


@app.command()
def demo(seed: int = typer.Option(2026, help="Random seed of the demo data.")) -> None:
    """Load the demo data (once) and print the demo logins."""
    from aftersales.demo.generate import DEMO_PASSWORD, demo_loaded, demo_logins, load_demo

    settings = settings_or_exit()
    if settings.env == "production":
        _fail(
            "The demo refuses to run in production (AFTERSALES_ENV=production): it creates "
            "accounts with a published password. Create real accounts with "
            "`aftersales users create`."
        )
    factory = make_sessionmaker(make_engine(settings.database_url))
    with session_scope(factory) as session:
        if demo_loaded(session):
            console.print("Demo data is already loaded.")
            logins = demo_logins(session)
        else:
            console.print("Loading demo data (takes under a minute)…")
            summary = load_demo(session, seed=seed, now=utcnow())
            console.print(
                f"Loaded {summary.phones} phones and {summary.repairs} repairs. "
                f"Stuck Mi 8 repair: track {summary.stuck_code} with IMEI digits "
                f"{summary.stuck_imei_last4}."
            )
            logins = summary.logins
    table = Table(title=f"Demo logins (password for all: {DEMO_PASSWORD})")
    table.add_column("role")
    table.add_column("e-mail")
    for role, email, _password in logins:
        table.add_row(role, email)
    console.print(table)


@users_app.command("create")
def users_create(
    email: str = typer.Option(..., help="Login e-mail."),
    name: str = typer.Option(..., help="Full name."),
    role: str = typer.Option(
        ..., help="owner, shop_staff, technician, centre_manager, brand_admin or platform_admin."
    ),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    language: str = typer.Option("en", help="en, it or vi."),
    shop_id: int | None = typer.Option(None),
    centre_id: int | None = typer.Option(None),
    brand_id: int | None = typer.Option(None),
) -> None:
    """Create an account."""
    factory = make_sessionmaker(make_engine(settings_or_exit().database_url))
    try:
        with session_scope(factory) as session:
            account = create_account(
                session,
                SYSTEM,  # the command line acts for the platform
                name=name,
                role=role,
                email=email,
                password=password,
                language=language,
                shop_id=shop_id,
                centre_id=centre_id,
                brand_id=brand_id,
            )
            console.print(f"Created {account.role} account {account.email} (id {account.id}).")
    except DomainError as exc:
        details = "; ".join(f"{k}: {v}" for k, v in getattr(exc, "errors", {}).items())
        _fail(f"{exc.detail} {details}".strip())


@import_app.command("phones")
def import_phones(
    file: Path = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        readable=True,
        help="CSV: imei,model,purchase_date,shop,country",
    ),
) -> None:
    """Import sales records; bad rows are listed with line and reason, good rows imported."""
    factory = make_sessionmaker(make_engine(settings_or_exit().database_url))
    try:
        with file.open(encoding="utf-8-sig", newline="") as fh:
            _header, rows = read_rows(fh)
    except UnicodeDecodeError:
        _fail(f"{file} is not UTF-8 text.")
    except DomainError as exc:
        _fail(exc.detail)
    try:
        with session_scope(factory) as session, Progress(console=err) as progress:
            task = progress.add_task("Importing phones", total=len(rows))
            report = import_sales(
                session, SYSTEM, rows, lambda n: progress.advance(task, n), today=utcnow().date()
            )
    except SQLAlchemyError as exc:  # rolled back whole: say so instead of a traceback
        _fail(f"The database refused the import ({type(exc).__name__}); nothing was imported.")
    for line, reason in report.errors:  # cell text is data, never rich markup
        err.print(f"line {line}: {reason}", markup=False, highlight=False)
    console.print(f"Imported {report.imported} phones; refused {len(report.errors)} rows.")
    if report.errors:
        raise typer.Exit(1)  # the good rows are imported; 1 tells scripts some were not


@import_app.command("versions")
def import_versions(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, readable=True, help="CSV: imei,version,seen_date"
    ),
) -> None:
    """Import the versions phones were seen running; bad lines are listed, good ones recorded."""
    factory = make_sessionmaker(make_engine(settings_or_exit().database_url))
    report = versions_importer.VersionsReport()
    stopped = ""
    with file.open("rb") as raw:  # the bar's total: lines, counted fast (the header is one)
        total = max(sum(1 for _ in raw) - 1, 0)
    try:
        with file.open(encoding="utf-8-sig", newline="") as fh:
            rows = versions_importer.read_versions(fh)
            with Progress(console=err) as progress:
                task = progress.add_task("Importing versions", total=total)
                for batch in versions_importer.batches(rows):
                    with session_scope(factory) as session:  # each batch is committed
                        versions_importer.import_batch(
                            session, SYSTEM, batch, report, utcnow(),
                            lambda n: progress.advance(task, n),
                        )  # fmt: skip
    except UnicodeDecodeError:
        stopped = (
            f"{file} is not UTF-8 text past line {report.lines + 1}: the lines up to there "
            "were imported; save the file as UTF-8 and import it again."
        )
    except DomainError as exc:
        stopped = exc.detail
    except SQLAlchemyError as exc:  # the batch under way is rolled back whole
        stopped = f"The database refused a batch ({type(exc).__name__}); it was not imported."
    for line, message in sorted(report.errors + report.flagged):  # cell text is data
        err.print(f"line {line}: {message}", markup=False, highlight=False)
    if stopped:
        err.print(stopped, style="red", markup=False, highlight=False)
    console.print(
        f"Read {report.lines} lines: recorded {report.recorded} sightings "
        f"({len(report.flagged)} flagged: not a release on file), {report.repeated} already "
        f"recorded; {report.current} changed a phone's current version; "
        f"refused {len(report.errors)} lines."
    )
    if report.errors or stopped:
        raise typer.Exit(1)  # the good lines are recorded; 1 tells scripts some were not


@import_app.command("survey")
def import_survey(
    file: Path = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        readable=True,
        help="CSV: brand,country,channel,date,overall[,model,explanation,solution,knowledge,"
        "soft_skills,turnaround,cost,comment,language]",
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every line; write nothing."),
) -> None:
    """Import survey answers from another source: all lines, or none if any is wrong."""
    factory = make_sessionmaker(make_engine(settings_or_exit().database_url))
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        with file.open(encoding="utf-8-sig", newline="") as fh:
            rows = survey_importer.read_answers(fh)
    except UnicodeDecodeError:
        _fail(f"{file} is not UTF-8 text; nothing was imported.")
    except DomainError as exc:
        _fail(f"{exc.detail} Nothing was imported.")
    try:
        with session_scope(factory) as session, Progress(console=err) as progress:
            checking = progress.add_task("Checking answers", total=len(rows))
            writing = progress.add_task("Writing answers", total=len(rows))
            report = survey_importer.import_answers(
                session, SYSTEM, rows, utcnow(), dry_run=dry_run,
                checked=lambda n: progress.advance(checking, n),
                written=lambda n: progress.advance(writing, n),
            )  # fmt: skip
    except SQLAlchemyError as exc:  # rolled back whole: say so instead of a traceback
        _fail(f"The database refused the import ({type(exc).__name__}); nothing was imported.")
    for line, reason in report.errors:  # cell text is data, never rich markup
        err.print(f"line {line}: {reason}", markup=False, highlight=False)
    if report.errors:
        lines = len({line for line, _ in report.errors})
        _fail(f"{lines} of {len(rows)} lines are wrong; nothing was imported.")
    if dry_run:
        console.print(f"Checked {len(rows)} answers: all good. Nothing was written (dry run).")
    else:
        console.print(f"Imported {report.imported} survey answers.")


@import_app.command("history")
def import_history(
    file: Path = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        readable=True,
        help="CSV: one dated status or activity of a repair per line (see --mapping)",
    ),
    mapping: Path = typer.Option(
        ...,
        "--mapping",
        exists=True,
        dir_okay=False,
        readable=True,
        help="TOML: the columns, the source's codes to our statuses, defaults",
    ),
    source: str = typer.Option("", "--source", help="The source's name (default: the mapping's)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check every line; write nothing."),
) -> None:
    """Import repair histories from another system: all repairs, or none if a line is wrong."""
    factory = make_sessionmaker(make_engine(settings_or_exit().database_url))
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        rules = load_mapping(mapping.read_bytes())
        name = history_importer.source_of(rules, source or None)
        with file.open(encoding="utf-8-sig", newline="") as fh:
            rows = read_history_rows(fh, rules)
    except UnicodeDecodeError:
        _fail(f"{file} is not UTF-8 text; nothing was imported.")
    except DomainError as exc:
        for key, why in getattr(exc, "errors", {}).items():
            err.print(f"{key}: {why}", markup=False, highlight=False)
        _fail(f"{exc.detail} Nothing was imported.")
    try:
        with session_scope(factory) as session, Progress(console=err) as progress:
            checking = progress.add_task("Checking lines", total=len(rows))
            writing = progress.add_task("Writing repairs", total=None, visible=not dry_run)
            report = history_importer.import_history(
                session, SYSTEM, rows, rules, name, utcnow(), dry_run=dry_run,
                checked=lambda n: progress.advance(checking, n),
                planned=lambda n: progress.update(writing, total=n),
                written=lambda n: progress.advance(writing, n),
            )  # fmt: skip
    except DomainError as exc:  # another import of the source won the race
        _fail(exc.detail)
    except SQLAlchemyError as exc:  # rolled back whole: say so instead of a traceback
        _fail(f"The database refused the import ({type(exc).__name__}); nothing was imported.")
    for line, reason in report.errors:  # cell text is data, never rich markup
        err.print(f"line {line}: {reason}", markup=False, highlight=False)
    _history_table(report)
    if report.errors:
        lines = len({line for line, _ in report.errors})
        _fail(f"{lines} of {len(rows)} lines are wrong; nothing was imported.")
    if dry_run:
        console.print("All lines are good. Nothing was written (dry run).")
    else:
        console.print(f"Imported {report.repairs_new} repairs ({report.events} events).")


def _history_table(report: history_importer.HistoryReport) -> None:
    """Print what a history import did or would do."""
    table = Table("", "count", title=f"History from {report.source}")
    for label, value in history_importer.counts(report):
        table.add_row(label, str(value))
    console.print(table)


@repairs_app.command("refresh-expected")
def refresh_expected() -> None:
    """Recompute the expected ready date of every open repair (the worker does it nightly)."""
    from aftersales.repairs.jobs import nightly_expected

    settings = settings_or_exit()
    factory = make_sessionmaker(make_engine(settings.database_url))
    with session_scope(factory) as session:
        summary = nightly_expected(session, utcnow(), settings.silence_workdays)
    console.print(f"Expected dates recomputed: {summary}.")


def main() -> None:  # pragma: no cover
    """Run the CLI."""
    app(sys.argv[1:])
