"""Declarative base, UTC datetime type, engine and session factory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, Index, MetaData, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def postgresql_only(index: Index) -> Index:
    """Mark an index only PostgreSQL builds (operator classes, GIN); others go without it."""
    index.info["only_on"] = "postgresql"
    return index.ddl_if(dialect="postgresql")


def include_for(dialect: str) -> Any:
    """Return an autogenerate filter that skips indexes meant for another database."""

    def include(obj: Any, _name: Any, type_: str, _reflected: Any, _compare_to: Any) -> bool:
        return type_ != "index" or obj.info.get("only_on", dialect) == dialect

    return include


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC; SQLite returns naive values, so re-attach UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; aftersales stores aware UTC datetimes only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of every mapped table."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    # Recycle instead of pinging on every checkout: a ping is one more round trip per request,
    # and overflow connections opened and closed under load cost PostgreSQL more than they save.
    kwargs.setdefault("pool_recycle", 1800)
    # Plans made for the values at hand: psycopg prepares a statement after 5 runs, and
    # PostgreSQL may then keep a generic plan that cannot see that `imei LIKE $1` is a
    # prefix or that a shop has few repairs, e.g. a whole-table scan for an IMEI search.
    # No JIT: compiling costs 20-30 ms on a list query whose row estimates are large, far
    # more than the query itself. See docs/decisions.md.
    kwargs.setdefault(
        "connect_args", {"options": "-c jit=off -c plan_cache_mode=force_custom_plan"}
    )
    return create_engine(url, **kwargs)


def insert_ignoring_conflicts(session: Session, table: Any, rows: Any) -> Any:
    """Return an INSERT of `rows` (a dict or a list) that skips rows clashing with a unique key.

    ON CONFLICT DO NOTHING, in the dialect of the session's engine (PostgreSQL or SQLite).
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table).values(rows).on_conflict_do_nothing()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory that keeps objects usable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Open a session, commit on success, roll back on error: the edge's transaction."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
