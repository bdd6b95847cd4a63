"""Names of the notifications' stored codes, for the pages (`words.DELIVERY_STATES`)."""

from __future__ import annotations

from aftersales.kernel.i18n import N_

DELIVERY_STATES = {
    "pending": N_("Waiting to be sent"),
    "sent": N_("Delivered"),
    "dead": N_("Failed (dead letter)"),
    "dropped": N_("Dropped"),
}
