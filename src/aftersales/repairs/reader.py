"""Readers for the public tracking lookup: the one read that anyone can send at any rate.

On PostgreSQL the lookup runs on a small pool of plain async driver connections in
autocommit mode: no thread hop, no transaction, one round trip. The general request path
(a sync session in a worker thread, BEGIN and COMMIT) costs several times more CPU per
lookup and its threads fight over the GIL under load; see docs/benchmarks.md. On SQLite, the
embedded default, the lookup runs in a worker thread on the ordinary engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, Any, Protocol, TypeVar

from anyio import to_thread
from fastapi import Depends, Request
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from aftersales.repairs.tracking import VIEW_SQL, Found, fetch

T = TypeVar("T")


class Reader(Protocol):
    """Fetch a repair's public view by code; run rare sync work with a session."""

    async def fetch(self, code: str) -> Found | None:
        """Return the view row of the repair with this canonical code, if any."""

    async def with_session(self, fn: Callable[[Session], T]) -> T:
        """Run fn with a session (for the rare stale-date recomputation)."""

    async def close(self) -> None:
        """Release the reader's connections."""


class ThreadReader:
    """Run the lookup on the app's engine in a worker thread (SQLite, and the fallback)."""

    def __init__(self, engine: Engine, sessions: sessionmaker[Session]) -> None:
        self._engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._sessions = sessions

    async def fetch(self, code: str) -> Found | None:
        """Return the view row of the repair with this canonical code, if any."""
        return await to_thread.run_sync(self._fetch, code)

    def _fetch(self, code: str) -> Found | None:
        with self._engine.connect() as conn:
            return fetch(conn, code)

    async def with_session(self, fn: Callable[[Session], T]) -> T:
        """Run fn with a read session in a worker thread."""
        return await to_thread.run_sync(self._with_session, fn)

    def _with_session(self, fn: Callable[[Session], T]) -> T:
        with self._sessions() as session:
            return fn(session)

    async def close(self) -> None:
        """Nothing to release: the engine belongs to the app."""


class PgReader(ThreadReader):
    """Run the lookup on a pool of async psycopg connections in autocommit mode."""

    _SQL = VIEW_SQL["postgresql"].replace(":code", "%(code)s")

    def __init__(
        self, url: str, size: int, engine: Engine, sessions: sessionmaker[Session]
    ) -> None:
        super().__init__(engine, sessions)
        # Opened on first use, inside the worker's event loop (a pool belongs to one loop).
        self._pool: AsyncConnectionPool[AsyncConnection[Any]] = AsyncConnectionPool(
            url, min_size=1, max_size=size, kwargs={"autocommit": True}, open=False
        )
        self._opened = False
        self._lock = asyncio.Lock()

    async def fetch(self, code: str) -> Found | None:
        """Return the view row of the repair with this canonical code, if any."""
        if not self._opened:
            async with self._lock:
                if not self._opened:
                    await self._pool.open(wait=True)
                    self._opened = True
        async with self._pool.connection() as conn:
            cur = await conn.execute(self._SQL, {"code": code})
            row = await cur.fetchone()
        return None if row is None else row[0]

    async def close(self) -> None:
        """Close the pool's connections."""
        if self._opened:
            await self._pool.close()
            self._opened = False


def make_reader(
    url: str, read_pool_size: int, engine: Engine, sessions: sessionmaker[Session]
) -> Reader:
    """Return the best reader for the database URL."""
    if url.startswith("postgresql"):
        plain = "postgresql://" + url.split("://", 1)[1]  # libpq wants no "+driver"
        return PgReader(plain, read_pool_size, engine, sessions)
    return ThreadReader(engine, sessions)


async def get_reader(request: Request) -> Reader:
    """Return the app's reader for the public tracking lookup."""
    reader: Reader = request.app.state.reader
    return reader


TrackReader = Annotated[Reader, Depends(get_reader)]
