"""History import tests: a world to import into, mappings and files to import."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from aftersales.history.lines import read_rows
from aftersales.history.mapping import Mapping, load_mapping
from tests.factories import World

T0 = datetime(2026, 3, 10, 9, tzinfo=UTC)  # a Tuesday
SAMPLE = Path(__file__).parents[1] / "data" / "helpdesk-sample.csv"
HELPDESK_MAPPING = Path(__file__).parents[2] / "docs" / "examples" / "helpdesk-mapping.toml"
HEADER = "id,code,when,imei,model,outcome"


def mapping_for(w: World, extra: str = "", **defaults: str) -> str:
    """Return a mapping's text for a small source whose defaults name world `w`."""
    given = {
        "brand": w.brand.slug,
        "model": w.model.name,
        "centre": w.centre.name,
        "fault_category": "display",
        "outcome": "repaired",
    } | defaults
    lines = "\n".join(f'{k} = "{v}"' for k, v in given.items() if v)
    return f"""
[source]
name = "shoptool"

[columns]
external_id = "id"
status = "code"
timestamp = "when"
imei = "imei"
model = "model"
outcome = "outcome"

[timestamp]
format = "%Y-%m-%d %H:%M"
timezone = "Europe/Rome"

[statuses]
IN = "received"
DIAG = "diagnosing"
FIX = "repairing"
OK = "ready"
OUT = "closed"
DROP = "cancelled"
NOTE = "ignore"

[defaults]
{lines}
{extra}
"""


def rules(w: World, extra: str = "", **defaults: str) -> Mapping:
    """Return the checked mapping for world `w`."""
    return load_mapping(mapping_for(w, extra, **defaults).encode())


def rows(mapping: Mapping, *lines: str) -> list[tuple[int, dict[str, str]]]:
    """Return the CSV lines read through the mapping (the header first)."""
    return read_rows([HEADER, *lines], mapping)


def history(external_id: str, start: datetime, imei: str = "", days: int = 1) -> list[str]:
    """Return the lines of one finished repair: in, checked, repaired, ready, out."""
    codes = ("IN", "DIAG", "FIX", "OK", "OUT")
    return [
        f"{external_id},{code},{(start + timedelta(days=days * i)).strftime('%Y-%m-%d %H:%M')},"
        f"{imei},,"
        for i, code in enumerate(codes)
    ]
