"""Run Alembic migrations from code (CLI, tests, demo)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from aftersales.db import make_engine
from aftersales.kernel.clock import utcnow
from aftersales.repairs.sla_state import backfill

# The migrations live beside src/ in the checkout (the package is installed editable).
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    """Return an Alembic config for this database URL."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    cfg.set_main_option(
        "file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d_%%(slug)s"
    )
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(url: str, revision: str = "head", connection: Connection | None = None) -> None:
    """Migrate the database up to `revision`; at the newest, fill the read models left empty."""
    command.upgrade(alembic_config(url, connection), revision)
    if revision == "head":
        fill_read_models(url, connection)


def fill_read_models(url: str, connection: Connection | None = None) -> int:
    """Store what the read models lack after an upgrade (each repair's SLA state and due date).

    Done here, with the code of the day, rather than in the migration that added the columns:
    a migration must not import code that later changes. Rows already stored are left alone,
    so this is cheap when there is nothing to do.
    """
    if connection is not None:
        return backfill(connection, utcnow(), missing_only=True)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            return backfill(conn, utcnow(), missing_only=True)
    finally:
        engine.dispose()


def downgrade(url: str, revision: str, connection: Connection | None = None) -> None:
    """Migrate the database down to `revision`."""
    command.downgrade(alembic_config(url, connection), revision)
