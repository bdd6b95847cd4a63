"""The satisfaction report as CSV: the API's figures one row each, and the comments.

Headers are stable English codes, the API's field names (docs/api.md), whatever the reader's
language. The figures' CSV is long: `part` says which of the report's tables a row belongs to
(overall, attribute, month, turnaround, contacts, rank, driver). Shares are decimals
(0.8100), months ISO days; a cell that a spreadsheet would run as a formula is quoted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from aftersales.surveys.models import ATTRIBUTES
from aftersales.surveys.report_schemas import SatisfactionRead, ShareRead

COLUMNS = (
    "part",
    "key",
    "name",
    "n",
    "top2",
    "share",
    "low",
    "high",
    "rank",
    "tied",
    "odds_ratio",
    "odds_ratio_low",
    "odds_ratio_high",
    "p_value",
)
COMMENT_COLUMNS = (
    "id",
    "answered_on",
    "country",
    "channel",
    "centre",
    "shop",
    "model",
    "overall",
    *ATTRIBUTES,
    "language",
    "comment",
)
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.4f}"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if text.startswith(FORMULA) else text


def _row(part: str, key: Any, s: ShareRead | None = None, **more: Any) -> list[str]:
    values = {
        "part": part,
        "key": key,
        **(s.model_dump(include={"n", "top2", "share", "low", "high"}) if s else {}),
        **more,
    }
    return [_cell(values.get(c)) for c in COLUMNS]


def rows(r: SatisfactionRead) -> Iterable[list[str]]:
    """Yield the header, then every figure of the report."""
    yield list(COLUMNS)
    yield _row("overall", "overall", r.overall)
    for a in r.attributes:
        yield _row("attribute", a.attribute, a)
    for m in r.trend:
        yield _row("month", m.month, m)
    for b in r.turnaround:
        yield _row("turnaround", b.bucket, b)
    for b in r.contacts:
        yield _row("contacts", b.bucket, b)
    for x in r.ranking:
        yield _row("rank", x.id, x, name=x.name, rank=x.rank, tied=x.tied)
    for d in r.drivers.drivers:
        yield _row(
            "driver",
            d.attribute,
            None,
            n=r.drivers.n,
            odds_ratio=d.odds_ratio,
            odds_ratio_low=d.low,
            odds_ratio_high=d.high,
            p_value=d.p_value,
        )


def comment_rows(found: Iterable[dict[str, Any]]) -> Iterable[list[str]]:
    """Yield the header, then a row per comment with its ratings (queries.comment_table)."""
    yield list(COMMENT_COLUMNS)
    for values in found:
        yield [_cell(values.get(col)) for col in COMMENT_COLUMNS]


def to_csv(table: Iterable[list[str]]) -> str:
    """Return rows as CSV text (CRLF, as RFC 4180)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(table)
    return out.getvalue()
