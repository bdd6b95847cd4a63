"""Migrations: head matches the models, and base <-> head round-trips on fresh databases."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from aftersales import migrate
from aftersales.db import include_for, make_engine
from aftersales.models import Base

PG_SERVER = os.environ.get("AFTERSALES_TEST_PG", "")


def differences(url: str) -> list[Any]:
    """Return what autogenerate would change to make the database match the models."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    "include_object": include_for(conn.dialect.name),
                },
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def current_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def head() -> str | None:
    return ScriptDirectory.from_config(migrate.alembic_config("sqlite://")).get_current_head()


def test_there_is_one_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_upgraded_test_database_matches_the_models(database_url: str) -> None:
    assert current_revision(database_url) == head()
    assert differences(database_url) == []


def round_trip(url: str) -> None:
    model_tables = set(Base.metadata.tables)
    migrate.upgrade(url)
    assert model_tables <= tables(url)
    migrate.downgrade(url, "base")
    assert tables(url) - {"alembic_version"} == set()
    assert current_revision(url) is None
    missing = {diff[1].name for diff in differences(url) if diff[0] == "add_table"}
    assert missing == model_tables  # the comparison sees every table the models need
    migrate.upgrade(url)
    assert current_revision(url) == head()
    assert model_tables <= tables(url)
    assert differences(url) == []


def test_downgrade_and_upgrade_again_on_sqlite(tmp_path: Path) -> None:
    round_trip(f"sqlite:///{tmp_path / 'scratch.db'}")


@pytest.fixture()
def scratch_pg() -> Iterator[str]:
    """Create an empty PostgreSQL database for this test and drop it afterwards."""
    if not PG_SERVER:
        pytest.skip("AFTERSALES_TEST_PG is not set")
    admin: Engine = make_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    name = f"aftersales_mig_{secrets.token_hex(4)}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL at {PG_SERVER} is unreachable: {exc}")
    try:
        yield PG_SERVER.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_downgrade_and_upgrade_again_on_postgresql(scratch_pg: str) -> None:
    round_trip(scratch_pg)
