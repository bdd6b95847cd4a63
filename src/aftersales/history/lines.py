"""Reading a history CSV through its mapping: each line's repair, status and moment, checked.

A line's problems are reported with its number (the CSV's physical line where it ends);
the histories made of the good lines are checked as wholes in `aftersales.history.plan`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aftersales.history.mapping import IGNORE, OPTIONAL, REQUIRED, Mapping
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import Msg
from aftersales.repairs.states import Status

EXTERNAL_ID_MAX = 100
Row = tuple[int, dict[str, str]]


@dataclass
class Line:
    """One good line: its number, its repair, the raw code, our status (None: ignored), when."""

    number: int
    external_id: str
    code: str
    status: Status | None
    at: datetime
    cells: dict[str, str] = field(default_factory=dict)


def shown(value: str, limit: int = 60) -> str:
    """Return a cell's text short enough to quote in a message."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def read_rows(lines: Iterable[str], mapping: Mapping) -> list[Row]:
    """Parse CSV text into (line number, row); a header lacking a mapped column is refused."""
    reader = csv.DictReader(lines)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = sorted({c for c in mapping.columns.values() if c not in header})
        if missing:
            raise ValidationFailed(
                Msg("The CSV header lacks the mapped columns: %(missing)s (it has: %(has)s).",
                    missing=", ".join(missing), has=", ".join(header) or "-")
            )  # fmt: skip
        reader.fieldnames = header
        return [
            (reader.line_num, {k: (v or "").strip() for k, v in r.items() if k}) for r in reader
        ]
    except csv.Error as exc:
        line = reader.reader.line_num
        raise ValidationFailed(
            Msg("line %(line)s: this is not readable CSV (%(reason)s).", line=line, reason=str(exc))
        ) from None


def parse_time(value: str, mapping: Mapping) -> datetime:
    """Return a cell's moment in UTC; times without a zone are in the mapping's zone."""
    at = (
        datetime.strptime(value, mapping.time_format)
        if mapping.time_format
        else datetime.fromisoformat(value)
    )
    if at.tzinfo is None:
        at = at.replace(tzinfo=mapping.zone)
    return at.astimezone(UTC)


def check_line(
    number: int, row: dict[str, str], mapping: Mapping, now: datetime
) -> tuple[Line | None, list[str]]:
    """Return the line a row makes, or None and every problem found in it."""
    if any("\x00" in v for v in row.values()):
        return None, [Msg("the line contains a NUL character.")]
    cell = {f: row.get(c, "") for f, c in mapping.columns.items() if f in REQUIRED + OPTIONAL}
    problems: list[str] = []
    external_id = cell["external_id"]
    if not external_id:
        problems.append(Msg("the repair's id (column %(column)s) is empty.",
                            column=mapping.columns["external_id"]))  # fmt: skip
    elif len(external_id) > EXTERNAL_ID_MAX:
        problems.append(Msg("the repair's id is longer than %(max)s characters.",
                            max=EXTERNAL_ID_MAX))  # fmt: skip
    code = cell["status"]
    status: Status | None = None
    if code not in mapping.statuses:
        problems.append(
            Msg("status '%(code)s' is not in the mapping's [statuses]: map it to one of ours, "
                "or to \"ignore\".", code=shown(code))
        )  # fmt: skip
    elif mapping.statuses[code] != IGNORE:
        status = Status(mapping.statuses[code])
    at = None
    try:
        at = parse_time(cell["timestamp"], mapping)
        if at > now:
            problems.append(
                Msg("the time %(value)s is in the future.", value=shown(cell["timestamp"]))
            )
    except (ValueError, OverflowError):
        problems.append(
            Msg("the time '%(value)s' does not read as %(format)s.", value=shown(cell["timestamp"]),
                format=mapping.time_format or "ISO 8601 (2025-03-31 14:05:00)")
        )  # fmt: skip
    if problems or at is None:
        return None, problems
    rest = {k: v for k, v in cell.items() if k not in REQUIRED and v}
    return Line(number, external_id, code, status, at, rest), []
