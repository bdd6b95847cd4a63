"""Owner-facing names of the stored codes (fault categories, SLA states, coverage …)."""

from __future__ import annotations

from aftersales.kernel.i18n import N_

COVERAGE = {
    "maker_warranty": N_("Maker's warranty"),
    "legal_guarantee": N_("Legal guarantee"),
    "expired": N_("Not covered"),
    "unknown": N_("Unknown (no purchase date)"),
}
