"""Names of the community's stored codes, as the pages show them."""

from __future__ import annotations

from aftersales.kernel.i18n import N_

STATUSES = {"open": N_("Open"), "answered": N_("Answered"), "solved": N_("Solved")}
REASONS = {
    "spam": N_("Spam or advertising"),
    "rude": N_("Rude or offensive"),
    "personal_data": N_("Shows someone's personal data"),
    "wrong": N_("Wrong or dangerous advice"),
    "other": N_("Something else"),
}
