"""The repair message kinds: typed props and words per audience, registered with notifications.

Importing this package registers them; `repairs.notify` (and so every change that queues
news) imports it, and the worker imports it through the jobs it runs.
"""

from __future__ import annotations

from aftersales.notifications.kinds import Audience, Kind, Props, Writer, register
from aftersales.repairs.messages import alerts, news
from aftersales.repairs.messages.props import (
    ExpectedLater,
    NoSilence,
    QuoteWaiting,
    QuoteWithdrawn,
    Ready,
    SlaAlert,
    SlaEscalated,
    StatusChanged,
    WarrantyDecided,
)

# People's details stay out of webhooks, and so does the owner's folded news (never a
# webhook's: webhooks are not batched).
PRIVATE = frozenset({"contact", "earlier"})
OWNER_SMS: frozenset[Audience] = frozenset({"owner"})


def _news(name: str, props: type[Props], owner: Writer, shop: Writer) -> Kind:
    """Register news about a repair: told to the owner (also by SMS) and to the shop."""
    return register(Kind(name, props, {"owner": owner, "shop": shop}, OWNER_SMS, PRIVATE))


STATUS_CHANGED = _news(
    "status_changed", StatusChanged, news.owner_status_changed, news.shop_status_changed
)
QUOTE_WAITING = _news(
    "quote_waiting", QuoteWaiting, news.owner_quote_waiting, news.shop_quote_waiting
)
READY = _news("ready", Ready, news.owner_ready, news.shop_ready)
EXPECTED_LATER = _news(
    "expected_later", ExpectedLater, news.owner_expected_later, news.shop_expected_later
)
NO_SILENCE = _news("no_silence", NoSilence, news.owner_no_silence, news.shop_no_silence)
QUOTE_WITHDRAWN = _news(
    "quote_withdrawn", QuoteWithdrawn, news.owner_quote_withdrawn, news.shop_quote_withdrawn
)
# The owner's only: shops hear of the moves, as before.
WARRANTY_DECIDED = register(
    Kind(
        "warranty_decided",
        WarrantyDecided,
        {"owner": news.owner_warranty_decided},
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

NEWS = (
    STATUS_CHANGED,
    QUOTE_WAITING,
    READY,
    EXPECTED_LATER,
    NO_SILENCE,
    QUOTE_WITHDRAWN,
    WARRANTY_DECIDED,
)
ALERTS = (SLA_AT_RISK, SLA_BREACHED, SLA_ESCALATED, LOANER_OWED)
KINDS = NEWS + ALERTS
