"""The dashboard as CSV: the API's figures, one row per model and country (decision 198).

Headers are stable English codes, the API's field names, so scripts and spreadsheets keep
working whatever the reader's language; docs/api.md says what each means. The model's own
figures (phones, repairs, software) repeat on each of its countries' rows; the promises and
flags are the country's. Dates are ISO days, numbers plain, shares decimals (0.6234).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from aftersales.care.schemas import CountryCareRead, ModelCareRead
from aftersales.support.regulation import BY_REGULATION, KINDS

COLUMNS = (
    "model_id", "model", "country", "on", "phones_sold", "repairs_served", "latest_release",
    "latest_release_date", "days_since_release", "last_security_update",
    "last_security_update_date", "security_patch_date", "days_since_security_update",
    "phones_known_version", "phones_on_latest", "share_on_latest",
    *(f"{k}_{part}" for k in KINDS for part in ("until", "while_in_use", "source")),
    *(f"{k}_years_after_end_of_sale" for k in BY_REGULATION),
    "parts_delivery_working_days", "security_cadence_days", "updates_promised",
    "security_overdue", "late_part_repairs", "in_use_expected", "in_use_low", "in_use_high",
    "short_runway_parts", "counted_on",
)  # fmt: skip
# The second CSV: one row per model and part, the API's `parts` (decision 200).
PART_COLUMNS = (
    "model_id", "model", "on", "part_id", "number", "name", "expected", "upper80", "upper95",
    "available", "on_order", "runway_months", "last_batch", "last_batch_reason", "horizon_end",
)  # fmt: skip
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell starting so


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(FORMULA) else text


def _row(m: ModelCareRead, c: CountryCareRead | None) -> list[str]:
    latest, security = m.latest_release, m.last_security_update
    values: dict[str, Any] = {
        **m.model_dump(include={"model_id", "model", "on", "counted_on", "phones_sold",
                                "repairs_served", "days_since_release",
                                "days_since_security_update",
                                "phones_known_version", "phones_on_latest", "share_on_latest"}),
        "latest_release": latest.version if latest else None,
        "latest_release_date": latest.release_date if latest else None,
        "last_security_update": security.version if security else None,
        "last_security_update_date": security.release_date if security else None,
        "security_patch_date": security.security_patch_date if security else None,
        "in_use_expected": m.in_use.expected if m.in_use else None,
        "in_use_low": m.in_use.low if m.in_use else None,
        "in_use_high": m.in_use.high if m.in_use else None,
    }  # fmt: skip
    if c is not None:
        s = c.support
        for kind in KINDS:
            term = getattr(s, kind)
            values[f"{kind}_until"], values[f"{kind}_while_in_use"] = term.until, term.while_in_use
            values[f"{kind}_source"] = term.source
            values[f"{kind}_years_after_end_of_sale"] = term.years_after_end_of_sale
        values.update(country=c.country, parts_delivery_working_days=s.parts_delivery_working_days,
                      security_cadence_days=s.security_cadence_days,
                      updates_promised=c.updates_promised, security_overdue=c.security_overdue,
                      late_part_repairs=c.late_part_repairs,
                      short_runway_parts=c.short_runway_parts)  # fmt: skip
    return [_cell(values.get(col)) for col in COLUMNS]


def rows(models: Iterable[ModelCareRead]) -> Iterable[list[str]]:
    """Yield the header, then a row per model and country (a model with none: one row)."""
    yield list(COLUMNS)
    for m in models:
        countries: list[CountryCareRead | None] = [*m.countries] or [None]
        for c in countries:
            yield _row(m, c)


def part_rows(models: Iterable[ModelCareRead]) -> Iterable[list[str]]:
    """Yield the header, then a row per model and part (a model not yet forecast: none)."""
    yield list(PART_COLUMNS)
    for m in models:
        for p in m.parts:
            values = {"model_id": m.model_id, "model": m.model, "on": m.on, **p.model_dump()}
            yield [_cell(values.get(col)) for col in PART_COLUMNS]


def to_csv(models: Iterable[ModelCareRead], parts: bool = False) -> str:
    """Return the models' figures as CSV text (`parts`: one row per model and part)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(part_rows(models) if parts else rows(models))
    return out.getvalue()
