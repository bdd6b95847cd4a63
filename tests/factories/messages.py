"""Props of repair messages, complete and valid, for tests that queue or render them."""

from __future__ import annotations

from typing import Any

import aftersales.repairs.messages  # noqa: F401  (registers the kinds these props are for)


def news_props(**overrides: Any) -> dict[str, Any]:
    """Return the props of a `status_changed` message (also fits `no_silence`, `ready`)."""
    props: dict[str, Any] = {
        "code": "K7QM-3XT9-PW2D",
        "brand": "Xiaomi",
        "model": "Mi 8",
        "status": "awaiting_parts",
        "centre": "Centro Napoli",
        "shop_id": None,
        "contact": "Mario <Rossi>",
        "expected": "2026-03-20",
        "expected_low": "2026-03-18",
        "expected_high": "2026-03-25",
        "place": "Centro Napoli, Via Roma 1, Napoli",
        "dropoff": None,
        "event_id": 8812,
        "event_type": "status_changed",
        "at": "2026-03-10T09:00:00+00:00",
        "note": None,
        "later": None,
        "earlier": [],
    }
    return props | overrides


def quote_props(**overrides: Any) -> dict[str, Any]:
    """Return the props of a `quote_waiting` message."""
    quote = {"amount_minor": 4990, "currency": "EUR", "description": "Nuova batteria <originale>",
             "quote_id": 41}  # fmt: skip
    return news_props(status="awaiting_approval") | quote | overrides


def withdrawn_props(**overrides: Any) -> dict[str, Any]:
    """Return the props of a `quote_withdrawn` message (back to diagnosing, with the reason)."""
    why = {"amount_minor": 4990, "currency": "EUR", "note": "Il pezzo costa di più <ora>"}
    return news_props(status="diagnosing") | why | overrides


def decided_props(**overrides: Any) -> dict[str, Any]:
    """Return the props of a `warranty_decided` message (the reason in `note`)."""
    why = {"decision": "covered", "note": "Difetto di fabbrica <display>"}
    return news_props(status="diagnosing", event_type="warranty_decision") | why | overrides


def alert_props(**overrides: Any) -> dict[str, Any]:
    """Return the props of an SLA alert (`sla_breached`; with `breached_days`, escalations)."""
    props: dict[str, Any] = {
        "code": "K7QM-3XT9-PW2D",
        "brand": "Xiaomi",
        "model": "Mi 8",
        "status": "repairing",
        "centre": "Centro Napoli",
        "shop_id": None,
        "contact": "Mario <Rossi>",
        "elapsed_days": 8,
        "target_days": 10,
        "due": "2026-03-24",
    }
    return props | overrides
