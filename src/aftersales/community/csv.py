"""A brand's community figures as CSV: the API's figure fields, one row per model and fault.

Headers are stable English codes, the API's field names (as the care CSV, decision 198); the
first row is the brand's whole (model and fault empty). Shares are decimals, hours plain.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from aftersales.community.schemas import BrandFiguresRead

COLUMNS = (
    "model_id",
    "model",
    "fault_category",
    "asked",
    "answered",
    "solved",
    "staff_answered",
    "staff_share",
    "median_staff_hours",
    "waiting",
    "views",
    "votes",
)
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell starting so


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA) else text


def figures_csv(found: BrandFiguresRead) -> str:
    """Return the figures as CSV text: the brand's whole first, then each model and fault."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in (found.total, *found.groups):
        values = row.model_dump()
        writer.writerow([_cell(values[c]) for c in COLUMNS])
    return out.getvalue()
