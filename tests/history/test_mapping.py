"""The mapping file: what it says is read; every mistake in it is named before any line."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from aftersales.history.lines import read_rows
from aftersales.history.mapping import load_mapping
from aftersales.kernel.errors import ValidationFailed
from tests.history import HELPDESK_MAPPING


def test_the_helpdesk_example_reads_whole() -> None:
    m = load_mapping(HELPDESK_MAPPING.read_bytes())
    assert m.source == "helpdesk"
    assert m.columns == {"external_id": "CaseID", "status": "ActivityID",
                         "timestamp": "CompleteTimestamp"}  # fmt: skip
    assert m.statuses["1"] == "received" and m.statuses["6"] == "ready"
    assert m.zone == ZoneInfo("Europe/Rome") and m.time_format == "%Y-%m-%d %H:%M:%S"
    assert m.create_models and m.close_ready
    assert m.defaults["country"] == "IT" and m.defaults["outcome"] == "repaired"


def test_every_mistake_of_a_mapping_is_named_at_once() -> None:
    bad = b"""
[columns]
external_id = "id"
colour = "c"

[timestamp]
format = "%Q"
timezone = "Mars/Olympus"

[statuses]
A = "fixed"
B = "ignore"

[defaults]
channel = "fax"
fault_category = "display"

[options]
close_ready = "yes"

[extras]
x = 1
"""
    with pytest.raises(ValidationFailed) as caught:
        load_mapping(bad)
    errors = caught.value.errors
    assert caught.value.detail == "The mapping file has mistakes; nothing was read."
    assert set(errors) == {
        "extras", "columns.colour", "columns.status", "columns.timestamp",
        "timestamp.format", "timestamp.timezone", "statuses.A", "defaults.channel",
        "options.close_ready",
    }  # fmt: skip
    assert errors["statuses.A"].startswith("'fixed' is not a status; use registered, received")
    assert errors["columns.status"] == "required: the CSV column that holds it."


def test_a_file_that_is_not_toml_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="not readable TOML"):
        load_mapping(b"[columns\nexternal_id = ")


def test_a_csv_lacking_a_mapped_column_is_refused_before_any_line() -> None:
    m = load_mapping(HELPDESK_MAPPING.read_bytes())
    with pytest.raises(ValidationFailed, match="lacks the mapped columns: CompleteTimestamp"):
        read_rows(["CaseID,ActivityID,When", "1,1,2012-01-01 10:00:00"], m)


@pytest.mark.parametrize("zone", ["Europe", "x" * 300, "../etc/passwd", "", "Mars/Olympus"])
def test_a_time_zone_that_is_a_folder_or_no_name_is_a_named_mistake(zone: str) -> None:
    text = '[columns]\nexternal_id = "id"\nstatus = "s"\ntimestamp = "t"\n'
    text += '[statuses]\nA = "closed"\n'
    with pytest.raises(ValidationFailed) as caught:
        load_mapping((text + f'[timestamp]\ntimezone = "{zone}"\n').encode())
    assert caught.value.errors == {"timestamp.timezone": "not a time zone name, e.g. Europe/Rome."}
