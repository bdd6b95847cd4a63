"""Messages queued in the shape before typed kinds still go out after an upgrade."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text

from aftersales import migrate
from aftersales.db import make_engine
from aftersales.notifications.kinds import KINDS
from aftersales.repairs import messages  # noqa: F401  (registers the repair kinds)

OLD_NEWS = {  # a quote waiting, as 0bce492's `context_of` stored it for the owner
    "code": "ABCD-EFGH-JKLM", "model": "Mi 8", "brand": "Xiaomi", "status": "awaiting_approval",
    "status_label": "Waiting for your approval", "next_step": "Approve or decline the quote.",
    "open": True, "ready": False, "expected": "2026-03-20", "expected_low": "2026-03-19",
    "expected_high": "2026-03-24", "place": "Centro Napoli, Via Roma 1, Napoli",
    "centre": "Centro Napoli", "shop_id": 3, "event_id": 41, "event_type": "status_changed",
    "at": "2026-03-12T09:30:00+00:00", "quote_amount_minor": 8900, "quote_currency": "EUR",
    "quote_description": "Display", "audience": "owner", "name": "Anna", "account_id": 7,
}  # fmt: skip
OLD_LATER = {**OLD_NEWS, "status": "repairing", "old_expected": "2026-03-18", "reason": "Parts"}
OLD_ALERT = {**OLD_NEWS, "status": "diagnosing", "elapsed_days": 4, "target_days": 5,
             "due": "2026-03-17", "breached_days": 2, "audience": "staff"}  # fmt: skip


def _queue(conn: Any, key: str, kind: str, status: str, context: dict[str, Any]) -> None:
    conn.execute(
        text(
            "INSERT INTO outbox_message (key, kind, channel, recipient, language, timezone, "
            "context, status, attempts, next_attempt_at, created_at) VALUES (:key, :kind, "
            "'email', 'a@example.com', 'it', 'UTC', :context, :status, 0, "
            "'2026-03-12 09:30:00', '2026-03-12 09:30:00')"
        ),
        {"key": key, "kind": kind, "status": status, "context": json.dumps(context)},
    )


def test_waiting_messages_of_the_old_shape_fit_their_kinds_after_the_upgrade(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    migrate.upgrade(url, "0005")
    engine = make_engine(url)
    with engine.begin() as conn:
        _queue(conn, "q", "quote_waiting", "pending", OLD_NEWS)
        _queue(conn, "l", "expected_later", "pending", OLD_LATER)
        _queue(conn, "e", "sla_escalated", "pending", OLD_ALERT)
        _queue(conn, "s", "quote_waiting", "sent", OLD_NEWS)  # history: kept as it was
    migrate.upgrade(url)
    with engine.connect() as conn:
        rows = {
            r.key: (r.kind, json.loads(r.context) if isinstance(r.context, str)
                    else r.context)
            for r in conn.execute(text("SELECT key, kind, context FROM outbox_message"))
        }  # fmt: skip
    engine.dispose()
    for key in ("q", "l", "e"):
        kind, context = rows[key]
        reader = {k: context.pop(k) for k in ("audience", "name", "account_id") if k in context}
        props = KINDS.get(kind).check(context)  # raises if the message no longer fits
        assert reader["audience"] in ("owner", "staff")
        if key == "q":
            assert (props.amount_minor, props.currency) == (8900, "EUR")  # type: ignore[attr-defined]
        if key == "l":
            assert props.later.reason == "Parts"  # type: ignore[attr-defined]
    assert rows["s"][1] == OLD_NEWS


def test_waiting_news_gain_the_fields_of_0012_and_lose_them_on_the_way_down(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    migrate.upgrade(url, "0008")
    news = {k: v for k, v in OLD_NEWS.items() if k not in ("status_label", "next_step", "open",
            "ready", "quote_amount_minor", "quote_currency", "quote_description")}  # fmt: skip
    news |= {"status": "repairing", "contact": "", "note": None, "later": None}
    engine = make_engine(url)
    with engine.begin() as conn:
        _queue(conn, "n", "status_changed", "pending", news)
    migrate.upgrade(url)

    def stored() -> dict[str, Any]:
        with engine.connect() as conn:
            raw = conn.execute(text("SELECT context FROM outbox_message")).scalar_one()
        return dict(json.loads(raw) if isinstance(raw, str) else raw)

    context = stored()
    assert (context["earlier"], context["dropoff"]) == ([], None)
    reader = ("audience", "name", "account_id")
    KINDS.get("status_changed").check({k: v for k, v in context.items() if k not in reader})
    migrate.downgrade(url, "0008")
    assert "earlier" not in stored() and "dropoff" not in stored()
    engine.dispose()
