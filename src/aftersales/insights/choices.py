"""The dashboards' choices: GET parameters checked in one place (what a scope offers: queries).

`from`/`to` (YYYY-MM; by default the 12 months up to this one), `country`, `centre_id`
(a brand's network only), `model_id` and `fault_category`. `parse` names every wrong field
with its own translated message (decision 262): the API answers 422, the page shows the form
again with each message beside its field. A centre or model outside the reader's scope is no
error: scope and filter are both applied, so it meets no repair.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from aftersales.insights.access import Reader
from aftersales.insights.figures import Filters, Scope, add_months
from aftersales.kernel.errors import Problems, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.repairs.models import FAULT_CATEGORIES

MAX_MONTHS = 120  # ten years: the longest period
NAMES = ("from", "to", "country", "centre_id", "model_id", "fault_category")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
WRONG = N_("Some of the choices are wrong; see below.")
PICK = N_("Choose one from the list.")


@dataclass(frozen=True)
class Asked:
    """The choices as they came, all text (None: not given)."""

    start: str | None = None  # `from`
    end: str | None = None  # `to`
    country: str | None = None
    centre_id: str | None = None
    model_id: str | None = None
    fault_category: str | None = None

    @classmethod
    def of(cls, query: Mapping[str, str]) -> Asked:
        """Return the choices of a query (a mapping of GET parameters)."""
        get = query.get
        return cls(get("from"), get("to"), get("country"), get("centre_id"), get("model_id"),
                   get("fault_category"))  # fmt: skip


def _fail(message: str, name: str) -> None:
    raise ValidationFailed(message, {name: message})


def _month(text: str, name: str) -> date:
    found = _MONTH.match(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
        message = N_("Write a month as year-month, e.g. 2026-03.")
        raise ValidationFailed(message, {name: message})
    return date(int(found.group(1)), int(found.group(2)), 1)


def _id(text: str | None, name: str) -> int | None:
    value = (text or "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        _fail(PICK, name)
    return int(value)


def parse(asked: Asked, reader: Reader, today: date) -> Filters:
    """Return the checked filters, or one ValidationFailed naming every wrong field."""
    p = Problems()
    start, end = (asked.start or "").strip(), (asked.end or "").strip()
    first = p.check(lambda: _month(start, "from")) if start else None
    last = p.check(lambda: _month(end, "to")) if end else None
    this_month = today.replace(day=1)
    if first and (last or this_month) < first:
        p.check(lambda: _fail(N_("The first month comes after the last."), "from"))
    elif first and (last or this_month) >= add_months(first, MAX_MONTHS):
        p.check(lambda: _fail(N_("Give between 1 and 120 months."), "from"))
    country = (asked.country or "").strip().upper() or None
    if country and not _COUNTRY.match(country):
        p.check(lambda: _fail(PICK, "country"))
    centre_id = p.check(lambda: _id(asked.centre_id, "centre_id"))
    model_id = p.check(lambda: _id(asked.model_id, "model_id"))
    fault = (asked.fault_category or "").strip() or None
    if fault and fault not in FAULT_CATEGORIES:
        p.check(lambda: _fail(PICK, "fault_category"))
    p.raise_if_any(WRONG)
    return Filters(
        first_month=first,
        last_month=last,
        country=country,
        centre_id=centre_id if reader.side == "brand" else None,
        model_id=model_id,
        fault_category=fault,
    )


def scope_of(reader: Reader) -> Scope:
    """Return the figures' scope of a reader."""
    if reader.side == "centre":
        return Scope.centre(int(reader.centre_id or 0))
    return Scope.brand(int(reader.brand_id or 0))
