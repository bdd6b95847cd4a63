"""The audit log: what changed, from what to what, by whom; never rewritten."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, diff, history, record, snapshot
from tests.factories import make_account, make_brand


def test_diff_keeps_only_changed_fields() -> None:
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {"b": [2, 3], "c": [None, 4]}
    assert diff(None, {"a": 1}) == {"a": [None, 1]}
    assert diff({"a": 1}, None) == {"a": [1, None]}


def test_snapshot_makes_plain_values(session: Session) -> None:
    brand = make_brand(session, name="Xiaomi")
    snap = snapshot(brand, ["name", "created_at"])
    assert snap["name"] == "Xiaomi"
    assert isinstance(snap["created_at"], str)
    assert snapshot(type("R", (), {"d": date(2026, 1, 2)})(), ["d"]) == {"d": "2026-01-02"}


def test_record_and_read_back_newest_first(session: Session, now: datetime) -> None:
    admin = make_account(session, role="platform_admin")
    brand = make_brand(session)
    before = snapshot(brand, ["name"])
    brand.name = "Renamed"
    record(session, admin, Action.created, "example", brand.id, now, new={"name": "Old"})
    record(
        session,
        admin,
        Action.updated,
        "example",
        brand.id,
        now,
        old=before,
        new=snapshot(brand, ["name"]),
        brand_id=brand.id,
    )
    session.flush()
    rows = history(session, "example", brand.id)
    assert [r.action for r in rows] == ["updated", "created"]
    assert rows[0].changes == {"name": [before["name"], "Renamed"]}
    assert rows[0].actor_id == admin.id and rows[0].actor_role == "platform_admin"
    assert [r.id for r in history(session, "example", brand.id, before_id=rows[0].id)] == [
        rows[1].id
    ]


def test_an_update_that_changes_nothing_writes_nothing(session: Session, now: datetime) -> None:
    assert (
        record(session, None, Action.updated, "brand", 1, now, old={"a": 1}, new={"a": 1}) is None
    )


def test_audit_rows_are_append_only(session: Session, now: datetime) -> None:
    entry = record(session, None, Action.created, "brand", 7, now, new={"name": "x"})
    session.flush()
    assert entry is not None and entry.actor_role == "system"
    entry.action = "deleted"
    with pytest.raises(RuntimeError, match="append-only"):
        session.flush()
