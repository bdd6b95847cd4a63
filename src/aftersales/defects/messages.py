"""The defect alert's message kind: an emerging defect, told once to the brand's admins.

Importing this module registers the kind; the alerts job (defects.jobs) imports it. The
message says what rose, by how much with its interval, since when and on how many repairs,
and links to the alert's page, where it is acknowledged or dismissed.
"""

from __future__ import annotations

from datetime import date

from pydantic import Field

from aftersales.defects.words import KINDS, described
from aftersales.kernel.i18n import N_
from aftersales.notifications.kinds import Kind, Props, Words, register
from aftersales.notifications.links import Links
from aftersales.notifications.render import Tongue

WHY = N_("You receive this because you administer this brand in aftersales.")


class Alerted(Props):
    """An alert's headline figures as the job stored them."""

    alert_id: int = Field(gt=0)
    brand_id: int = Field(gt=0)
    kind: str = Field(min_length=1)
    model: str  # the model's name; empty when the alert spans models
    fault: str | None  # a fault category code
    version: str | None
    started_on: date
    observed: int = Field(ge=0)
    expected: float = Field(ge=0)
    ratio: float = Field(ge=0)
    low: float = Field(ge=0)
    high: float = Field(ge=0)
    reopened: bool = False  # dismissed before, and grown since
    words: tuple[str, ...] = ()  # a cluster's most telling words


def link(p: Alerted, links: Links) -> str:
    """Return the alert's page."""
    return links.page(f"brand/alerts/{p.alert_id}")


def what(p: Alerted, t: Tongue) -> str:
    """Return what rose, in the reader's words: the fault and model, the version, the words."""
    return described(p.fault, p.model, p.version, p.words, t._)


def defect_alert(p: Alerted, t: Tongue, links: Links) -> Words:
    """Tell a brand's admins of an emerging defect: its size, start, evidence and the page."""
    n = t.fmt.number
    subject = t._("Defect alert: {what}").format(what=what(p, t))
    kind = t._(KINDS.get(p.kind, KINDS["rate"]))
    counted = (
        N_("{observed} complaints (repairs and community questions) since {date}, where "
           "{expected} were expected: {ratio} times as many (95% interval {low} to {high}).")
        if p.kind == "cluster"
        else N_("{observed} repairs since {date}, where {expected} were expected: {ratio} times "
                "as many (95% interval {low} to {high}).")
    )  # fmt: skip
    size = t._(counted).format(
        observed=n(p.observed), date=t.day(p.started_on), expected=n(round(p.expected, 1)),
        ratio=n(round(p.ratio, 1)), low=n(round(p.low, 1)), high=n(round(p.high, 1)),
    )  # fmt: skip
    act = t._("Open the alert to see the weekly chart and the repairs behind it, then "
              "acknowledge it or dismiss it with a reason.")  # fmt: skip
    parts = [kind, size, act]
    if p.words:
        said = t._("The words owners use most: {words}.").format(words=", ".join(p.words))
        parts.insert(1, said)
    if p.reopened:
        parts.insert(0, t._("This alert was dismissed, and the rise has grown a lot since."))
    return Words(subject, parts, link(p, links), subject, WHY)


DEFECT_ALERT = register(Kind("defect_alert", Alerted, {"staff": defect_alert}))
