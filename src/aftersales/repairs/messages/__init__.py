"""The repair message kinds: typed props and words per audience, registered with notifications.

Importing this package registers them; `repairs.notify` (and so every change that queues
news) imports it, and the worker imports it through the jobs it runs.
"""

from __future__ import annotations

from aftersales.notifications.kinds import Audience, Kind, register
from aftersales.repairs.messages import alerts, news
from aftersales.repairs.messages.props import (
    ExpectedLater,
    NoSilence,
    QuoteWaiting,
    Ready,
    SlaAlert,
    SlaEscalated,
    StatusChanged,
)

PRIVATE = frozenset({"contact"})  # people's details stay out of webhooks
OWNER_SMS: frozenset[Audience] = frozenset({"owner"})

STATUS_CHANGED = register(
    Kind(
        "status_changed",
        StatusChanged,
        {"owner": news.owner_status_changed, "shop": news.shop_status_changed},
        OWNER_SMS,
        PRIVATE,
    )
)
QUOTE_WAITING = register(
    Kind(
        "quote_waiting",
        QuoteWaiting,
        {"owner": news.owner_quote_waiting, "shop": news.shop_quote_waiting},
        OWNER_SMS,
        PRIVATE,
    )
)
READY = register(
    Kind("ready", Ready, {"owner": news.owner_ready, "shop": news.shop_ready}, OWNER_SMS, PRIVATE)
)
EXPECTED_LATER = register(
    Kind(
        "expected_later",
        ExpectedLater,
        {"owner": news.owner_expected_later, "shop": news.shop_expected_later},
        OWNER_SMS,
        PRIVATE,
    )
)
NO_SILENCE = register(
    Kind(
        "no_silence",
        NoSilence,
        {"owner": news.owner_no_silence, "shop": news.shop_no_silence},
        OWNER_SMS,
        PRIVATE,
    )
)
SLA_AT_RISK = register(Kind("sla_at_risk", SlaAlert, {"staff": alerts.at_risk}, private=PRIVATE))
SLA_BREACHED = register(Kind("sla_breached", SlaAlert, {"staff": alerts.breached}, private=PRIVATE))
SLA_ESCALATED = register(
    Kind("sla_escalated", SlaEscalated, {"staff": alerts.escalated}, private=PRIVATE)
)
LOANER_OWED = register(
    Kind("loaner_owed", SlaAlert, {"staff": alerts.loaner_owed}, private=PRIVATE)
)

NEWS = (STATUS_CHANGED, QUOTE_WAITING, READY, EXPECTED_LATER, NO_SILENCE)
ALERTS = (SLA_AT_RISK, SLA_BREACHED, SLA_ESCALATED, LOANER_OWED)
KINDS = NEWS + ALERTS
