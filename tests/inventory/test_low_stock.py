"""Low stock: a part that falls to its reorder point tells the place's keepers, once per fall."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.db import make_engine, make_sessionmaker, session_scope
from aftersales.inventory import ledger
from aftersales.inventory.locations import centre_location, warehouse
from aftersales.inventory.models import Movement, StockLevel
from aftersales.inventory.stock import adjust, set_reorder_point, transfer
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.language import MISSING
from aftersales.notifications.links import Links
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.render import render
from tests.conftest import PG_SERVER, fresh_database
from tests.factories import make_account
from tests.inventory import make_part
from tests.repairs import QuickWorld, on

LINKS = Links("https://as.example", "key")


def alerts(session: Session) -> list[OutboxMessage]:
    """Return the low-stock messages queued so far, oldest first."""
    stmt = select(OutboxMessage).where(OutboxMessage.kind == "low_stock")
    return list(session.scalars(stmt.order_by(OutboxMessage.id)))


def test_a_fall_to_the_reorder_point_is_told_once_until_stock_rises_above_it(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    part = make_part(session, [w.model], now, number="BT-7")
    shelf = centre_location(session, w.centre)
    move = lambda kind, q: ledger.move(session, shelf.id, part.id, kind, q, SYSTEM, now)  # noqa: E731
    move(Movement.received, 5)
    set_reorder_point(session, w.manager, shelf, part, 2, now)
    assert alerts(session) == []  # 5 available: not low
    move(Movement.reserved, 2)  # 3 available
    assert alerts(session) == []
    move(Movement.reserved, 1)  # 2: at the point
    [first] = alerts(session)
    assert (first.recipient, first.about_id) == (w.manager.email, shelf.id)
    assert first.context["audience"] == "staff"
    assert first.context["available"] == 2 and first.context["reorder_point"] == 2
    move(Movement.used, 1)  # fitted: 4 on hand, 2 reserved, still 2 available
    move(Movement.reserved, 1)  # 1: lower still, but the fall was told
    assert len(alerts(session)) == 1
    level = session.get_one(StockLevel, (shelf.id, part.id))
    assert level.low_since is not None
    move(Movement.released, 2)  # 3: above, so the next fall is news again
    session.refresh(level)
    assert level.low_since is None
    adjust(session, w.manager, shelf, part, -1, "One broken in the drawer", on(12))
    assert len(alerts(session)) == 2 and alerts(session)[1].created_at == on(12)


def test_a_reorder_point_raised_above_what_is_available_tells_and_lowered_clears(
    session: Session, now: datetime
) -> None:
    w = QuickWorld(session)
    part = make_part(session, [w.model], now)
    shelf = centre_location(session, w.centre)
    ledger.move(session, shelf.id, part.id, Movement.received, 3, SYSTEM, now)
    set_reorder_point(session, w.manager, shelf, part, 3, now)
    assert len(alerts(session)) == 1
    set_reorder_point(session, w.manager, shelf, part, 4, on(11))  # still low: told already
    assert len(alerts(session)) == 1
    set_reorder_point(session, w.manager, shelf, part, 0, on(12))  # no point: never low
    assert session.get_one(StockLevel, (shelf.id, part.id)).low_since is None
    set_reorder_point(session, w.manager, shelf, part, 3, on(13))
    assert len(alerts(session)) == 2


def test_only_the_places_keepers_hear_each_in_their_language(
    session: Session, now: datetime
) -> None:
    w, other = QuickWorld(session), QuickWorld(session)
    it = make_account(session, "centre_manager", password=None, centre_id=w.centre.id,
                      language="it")  # fmt: skip
    gone = make_account(session, "centre_manager", password=None, centre_id=w.centre.id)
    gone.is_active = False
    session.flush()
    vi_admin = make_account(session, "brand_admin", password=None, brand_id=w.brand.id,
                            language="vi")  # fmt: skip
    names = {"en": "Charging port", "it": "Connettore", "vi": "Cổng sạc"}
    part = make_part(session, [w.model], now, number="CP-9", names=names)
    shelf, depot = centre_location(session, w.centre), warehouse(session, w.brand, "IT")
    for place in (shelf, depot):
        set_reorder_point(session, SYSTEM, place, part, 1, now)  # nothing there: low at once
    told = {(m.recipient, m.language, m.about_id) for m in alerts(session)}
    assert told == {
        (w.manager.email, "en", shelf.id),
        (it.email, "it", shelf.id),
        (w.brand_admin.email, "en", depot.id),
        (vi_admin.email, "vi", depot.id),
    }  # not the technician, another centre's manager, another brand's admins, the inactive
    assert not {other.manager.email, other.brand_admin.email, w.technician.email} & {
        r for r, _, _ in told
    }
    by_recipient = {m.recipient: m for m in alerts(session)}
    for lang in ("it", "vi"):
        MISSING[lang].clear()
        mine = by_recipient[it.email if lang == "it" else vi_admin.email]
        words = render("low_stock", mine.language, mine.context, LINKS)
        assert not MISSING.get(lang), MISSING[lang]
        assert ("Connettore" if lang == "it" else "Cổng sạc") in words.subject
        assert "receive this" not in words.text  # the footer too is in their language
    centre_words = render("low_stock", "it", by_recipient[it.email].context, LINKS)
    assert centre_words.link == "https://as.example/centre/stock?low=1"
    assert "Scorte basse" in centre_words.subject and w.centre.name in centre_words.subject
    depot_words = render("low_stock", "en", by_recipient[w.brand_admin.email].context, LINKS)
    assert (
        depot_words.link == f"https://as.example/brand/stock?brand_id={w.brand.id}&part=CP-9&low=1"
    )
    assert "0 available, at or under the reorder point of 1" in depot_words.text


def test_a_transfer_tells_the_place_it_leaves(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    part = make_part(session, [w.model], now)
    shelf, depot = centre_location(session, w.centre), warehouse(session, w.brand, "IT")
    ledger.move(session, depot.id, part.id, Movement.received, 10, SYSTEM, now)
    set_reorder_point(session, w.brand_admin, depot, part, 5, now)
    transfer(session, w.brand_admin, part, depot, shelf, 5, now)
    [told] = alerts(session)
    assert (told.recipient, told.about_id) == (w.brand_admin.email, depot.id)


def test_a_muted_session_marks_the_fall_but_tells_nobody(session: Session, now: datetime) -> None:
    w = QuickWorld(session)
    part = make_part(session, [w.model], now)
    shelf = centre_location(session, w.centre)
    session.info["outbox_muted"] = True  # the demo's replayed history
    try:
        set_reorder_point(session, SYSTEM, shelf, part, 2, now)
    finally:
        session.info.pop("outbox_muted")
    assert alerts(session) == []
    assert session.get_one(StockLevel, (shelf.id, part.id)).low_since == now


@pytest.fixture()
def database(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path, "low") as url:
        yield url


@pytest.mark.skipif(not PG_SERVER, reason="concurrent writers need PostgreSQL")
def test_two_falls_at_once_tell_once(database: str) -> None:
    engine = make_engine(database)
    factory = make_sessionmaker(engine)
    with session_scope(factory) as s:
        w = QuickWorld(s)
        part = make_part(s, [w.model], on(10))
        shelf = centre_location(s, w.centre)
        ledger.move(s, shelf.id, part.id, Movement.received, 3, SYSTEM, on(10))
        set_reorder_point(s, SYSTEM, shelf, part, 1, on(10))
        ids = (shelf.id, part.id)
    first_done, release = threading.Event(), threading.Event()

    def take(hold: bool) -> None:
        with session_scope(factory) as s:
            ledger.move(s, *ids, Movement.reserved, 1, SYSTEM, on(10, hour=10))
            ledger.move(s, *ids, Movement.reserved, 1, SYSTEM, on(10, hour=10))
            if hold:  # the first falls to the point and holds its transaction open
                first_done.set()
                release.wait(10)

    a = threading.Thread(target=take, args=(True,))
    a.start()
    assert first_done.wait(10)
    b = threading.Thread(target=take, args=(False,))
    b.start()
    b.join(0.5)
    assert b.is_alive()  # waits on the balance row
    release.set()
    a.join(10)
    b.join(10)
    with session_scope(factory) as s:
        level = s.get_one(StockLevel, ids)
        assert (level.on_hand, level.reserved) == (3, 3)  # the second's last try found none
        assert len(alerts(s)) == 1
    engine.dispose()
