"""Names of support's stored codes, as the pages say them (`words.SUPPORT_KINDS`)."""

from __future__ import annotations

from aftersales.kernel.i18n import N_

SUPPORT_KINDS = {
    "warranty": N_("Warranty service"),
    "repair": N_("Repairs"),
    "parts": N_("Spare parts"),
    "updates": N_("Software updates"),
}
# How each choice of the brand page's form reads.
SUPPORT_MODES = {
    "default": N_("The EU minimum in the EU; else not stated"),
    "date": N_("Until a day"),
    "in_use": N_("Until no longer in use"),
}
