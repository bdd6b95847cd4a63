"""Two tries with one Idempotency-Key at the same moment: one does the work, one replays it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand
from aftersales.db import make_engine, make_sessionmaker, session_scope
from aftersales.idempotency.service import run_once
from tests.conftest import PG_SERVER, fresh_database
from tests.factories import make_account

NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path, "idem") as url:
        yield url


@pytest.mark.skipif(not PG_SERVER, reason="concurrent writers need PostgreSQL")
def test_a_concurrent_retry_waits_for_the_first_and_gets_its_answer(database: str):
    engine = make_engine(database)
    factory = make_sessionmaker(engine)
    with session_scope(factory) as s:
        account_id = make_account(s, "platform_admin", password=None).id
    first_did_work, release = threading.Event(), threading.Event()
    answers: dict[str, Any] = {}

    def attempt(name: str, hold: bool) -> None:
        with session_scope(factory) as s:

            def work() -> dict[str, Any]:
                brand = Brand(slug="racing", name="Racing")
                s.add(brand)
                s.flush()
                if hold:  # keep the transaction open while the retry arrives
                    first_did_work.set()
                    release.wait(10)
                return {"id": brand.id}

            answers[name] = run_once(
                s,
                account_id=account_id,
                key="k-1",
                operation="POST /brands",
                body={"slug": "racing"},
                now=NOW,
                work=work,
                status_code=201,
            )

    first = threading.Thread(target=attempt, args=("first", True))
    first.start()
    assert first_did_work.wait(10)
    retry = threading.Thread(target=attempt, args=("retry", False))
    retry.start()
    retry.join(0.5)
    assert retry.is_alive()  # it waits on the key's unique index, not creating a brand
    release.set()
    first.join(10)
    retry.join(10)
    assert answers["first"] == (answers["retry"][0], False)
    assert answers["retry"][1] is True
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Brand).where(Brand.slug == "racing")) == 1
    engine.dispose()
