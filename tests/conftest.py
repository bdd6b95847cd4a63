"""Test set-up: one migrated database per run (SQLite or PostgreSQL), one rolled-back
transaction per test, an app bound to that transaction."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import Session

from aftersales import migrate
from aftersales.accounts import service as accounts
from aftersales.config import Settings
from aftersales.db import make_engine
from aftersales.http import deps
from aftersales.repairs import tracking
from aftersales.web.app import create_app, install_limiters

T = TypeVar("T")
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # a Tuesday


# AFTERSALES_TEST_PG: a PostgreSQL server URL (any database on it). When set, the run
# creates a database of its own with a fresh name, and drops it at the end.
PG_SERVER = os.environ.get("AFTERSALES_TEST_PG", "")


def _admin_engine() -> Engine:
    return make_engine(PG_SERVER, isolation_level="AUTOCOMMIT")


@contextmanager
def fresh_database(folder: Path, label: str = "test") -> Iterator[str]:
    """Create a database with a fresh name, migrated to head; drop it afterwards."""
    if not PG_SERVER:
        url = f"sqlite:///{folder / f'{label}.db'}"
        migrate.upgrade(url)
        yield url
        return
    admin = _admin_engine()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"aftersales_{label}_{secrets.token_hex(4)}_{worker}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"CI needs PostgreSQL at {PG_SERVER}: {exc}") from exc
        pytest.skip(f"PostgreSQL at {PG_SERVER} is unreachable, skipping: {exc}")
    url = PG_SERVER.rsplit("/", 1)[0] + "/" + name
    try:
        migrate.upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash passwords with real argon2 at its lowest work factor: every World makes six.

    Logins still verify real argon2 hashes; only the cost that makes guessing slow in
    production is left out (at full cost the suite spent minutes hashing).
    """
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Return the URL of the run's test database, migrated to head; dropped afterwards."""
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """Return an engine on the migrated test database."""
    eng = make_engine(database_url)
    if eng.dialect.name == "sqlite":
        # pysqlite only begins a transaction before a write, so a test's first SAVEPOINT
        # would open one and its RELEASE commit it for real: rows then leak into later
        # tests. Begin explicitly, as SQLAlchemy's pysqlite notes advise, so every test's
        # outer transaction holds all it did and is rolled back whole.
        @event.listens_for(eng, "connect")
        def _no_implicit_transactions(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None

        @event.listens_for(eng, "begin")
        def _begin(conn: Connection) -> None:
            conn.exec_driver_sql("BEGIN")

    yield eng
    eng.dispose()


@pytest.fixture()
def connection(engine: Engine) -> Iterator[Connection]:
    """Open a connection with an outer transaction that is rolled back after the test."""
    conn = engine.connect()
    outer = conn.begin()
    yield conn
    outer.rollback()
    conn.close()


@pytest.fixture()
def session(connection: Connection) -> Iterator[Session]:
    """Return a session whose commits only release savepoints inside the test's transaction."""
    s = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield s
    s.close()


# AFTERSALES_TEST_REDIS: a Redis URL; when set, every test app counts its rate limits there.
REDIS_URL = os.environ.get("AFTERSALES_TEST_REDIS", "")


def fresh_limit_prefix() -> str:
    """Return a rate-limit key prefix no other test or run uses, so counts never mix."""
    return f"aftersales-test-{secrets.token_hex(6)}"


@pytest.fixture()
def settings(database_url: str, tmp_path: Path) -> Settings:
    """Return test settings (rate limits under a prefix of the test's own)."""
    return Settings(
        env="test",
        database_url=database_url,
        photo_dir=tmp_path / "photos",
        secret_key="test-secret",
        redis_url=REDIS_URL,
        rate_limit_prefix=fresh_limit_prefix(),
    )


@pytest.fixture()
def now() -> datetime:
    """Return the fixed 'now' of API tests."""
    return NOW


class SessionReader:
    """The tracking reader on the test's session, so lookups see the test's rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    async def fetch(self, code: str) -> tracking.Found | None:
        """Run the view statement on the test's connection."""
        return tracking.fetch(self.session, code)

    async def with_session(self, fn: Callable[[Session], T]) -> T:
        """Run fn with the test's session."""
        return fn(self.session)

    async def close(self) -> None:
        """Nothing to release."""


@pytest.fixture(scope="session")
def built_app(database_url: str):  # type: ignore[no-untyped-def]
    """Build the app once per run: routes, middleware and OpenAPI are the same for every test."""
    application = create_app(
        Settings(
            env="test",
            database_url=database_url,
            secret_key="test-secret",
            redis_url=REDIS_URL,
            rate_limit_prefix=fresh_limit_prefix(),
        )
    )
    yield application
    application.state.engine.dispose()


@pytest.fixture()
def app(built_app, settings: Settings, session: Session, now: datetime):  # type: ignore[no-untyped-def]
    """Return the run's app bound to this test's session, clock, settings and rate limits."""

    def _session() -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise

    state = built_app.state
    saved = (state.settings, state.clock, state.reader)
    built_app.dependency_overrides = {deps.get_session: _session}
    state.settings = settings  # a copy of the test's own: tests may change it
    state.clock = lambda: now
    state.reader = SessionReader(session)
    install_limiters(built_app, settings)  # counts start from zero under the test's prefix
    yield built_app
    built_app.dependency_overrides = {}
    state.settings, state.clock, state.reader = saved


@pytest.fixture()
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """Return an HTTP client on the app."""
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
