"""The centre's backlog: counted by the worker, read by the board with the time of the count."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from aftersales.repairs.backlog import backlog_of, count_backlogs
from aftersales.repairs.service import transition
from tests.factories import World
from tests.web.pages.helpers import sign_in, texts


def test_the_worker_s_count_is_what_a_live_count_gives(session: Session, now: datetime) -> None:
    w = World(session)
    old, fresh = w.repair(now - timedelta(days=30)), w.repair(now)
    transition(session, w.technician, old, "diagnosing", now)
    live = backlog_of(session, w.centre, now)
    assert live.counted_at is None  # never counted: counted now
    assert count_backlogs(session, now) >= 1
    stored = backlog_of(session, w.centre, now)
    assert stored.counted_at == now
    assert (stored.by_status, stored.by_age) == (live.by_status, live.by_age)
    assert stored.by_status == {"diagnosing": 1, fresh.status: 1} and sum(stored.by_age) == 2
    assert stored.by_age[-1] == 1  # 30 days ago: more than 10 working days


def test_the_board_shows_the_count_and_when_it_was_made(client, session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    w.repair(now - timedelta(days=3))
    count_backlogs(session, now - timedelta(minutes=4))
    w.repair(now)  # after the count: in the lists at once, in the backlog at the next count
    session.commit()
    sign_in(client, w.manager)
    board = texts(client.get("/centre/board", headers={"Accept-Language": "en"}).text)
    assert "Backlog by status (1)" in board and "Counted at" in board
    count_backlogs(session, now)
    session.commit()
    board = texts(client.get("/centre/board", headers={"Accept-Language": "en"}).text)
    assert "Backlog by status (2)" in board
