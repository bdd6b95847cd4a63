"""Names of the knowledge area's stored codes, for the pages."""

from __future__ import annotations

from aftersales.kernel.i18n import N_

ARTICLE_STATUSES = {
    "draft": N_("Draft"),
    "in_review": N_("In review"),
    "published": N_("Published"),
    "retired": N_("Retired"),
}
ARTICLE_KINDS = {"article": N_("Article"), "known_issue": N_("Known issue")}
ARTICLE_MOVES = {
    "submit": N_("Send for review"),
    "return": N_("Back to draft"),
    "publish": N_("Publish"),
    "retire": N_("Retire"),
    "reopen": N_("Reopen as draft"),
}
LANGUAGE_NAMES = {"en": "English", "it": "Italiano", "vi": "Tiếng Việt"}
