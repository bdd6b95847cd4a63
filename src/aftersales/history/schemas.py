"""What the history import answers: the same report as the command prints, as JSON."""

from __future__ import annotations

from pydantic import BaseModel


class LineError(BaseModel):
    """One problem of one line, in the caller's language."""

    line: int
    message: str


class HistoryReportRead(BaseModel):
    """What an import did, or would do (dry run), or the lines that stopped it."""

    source: str
    dry_run: bool
    written: bool
    lines: int
    lines_ignored: int
    repeats_merged: int
    repairs_new: int
    repairs_already_imported: int
    lines_already_imported: int
    events: int
    phones_created: int
    phones_matched: int
    phones_without_imei: int
    models_created: int
    models_matched: int
    by_status: dict[str, int]
    errors: list[LineError]
