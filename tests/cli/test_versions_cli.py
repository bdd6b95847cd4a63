"""`aftersales import versions`: a progress bar, per-line errors that say what to fix, a summary;
bad lines never stop good ones, and importing a file again records nothing twice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from aftersales.config import get_settings
from aftersales.db import make_engine
from aftersales.devices.models import Phone
from aftersales.kernel.imei import make_imei
from aftersales.software.models import SoftwareSighting
from tests.cli.test_cli import Cli, flat
from tests.conftest import fresh_database
from tests.factories import make_brand, make_model, make_phone, n
from tests.factories.software import make_release


@pytest.fixture()
def cli(tmp_path: Path) -> Iterator[Cli]:
    """A CLI on a database of its own: SQLite, or PostgreSQL when the run uses it."""
    get_settings.cache_clear()
    with fresh_database(tmp_path, "versions") as url:
        engine = make_engine(url)
        yield Cli(url, engine, CliRunner())
        engine.dispose()
    get_settings.cache_clear()


def seed(engine: Engine) -> tuple[str, list[str]]:
    """Add a model with releases V1 (2025) and V2 (2026) and three phones; return its TAC, IMEIs."""
    with Session(engine) as s:
        model = make_model(s, make_brand(s), name="Joy 3")
        make_release(s, model, version="V1", release_date=date(2025, 1, 10))
        make_release(s, model, version="V2", release_date=date(2026, 1, 10))
        imeis = [make_phone(s, model).imei for _ in range(3)]
        s.commit()
        return model.tacs[0].tac, imeis


def state(engine: Engine) -> tuple[dict[str, tuple[str | None, date | None]], int]:
    with Session(engine) as s:
        phones = {
            p.imei: (p.software_version, p.software_seen_date) for p in s.scalars(select(Phone))
        }
        return phones, len(list(s.scalars(select(SoftwareSighting))))


def test_good_lines_are_recorded_bad_ones_named_with_what_to_fix(cli: Cli, tmp_path: Path) -> None:
    tac, (a, b, c) = seed(cli.engine)
    unknown = make_imei(tac, n())
    rows = [
        "IMEI,Version,Seen_Date",
        f"{a},V1,2025-03-01",  # 2
        f"{a},V2,2026-02-01",  # 3: newer, becomes current
        f"{a},V1,2025-12-01",  # 4: older, history only
        f"{b},Beta 7,2026-02-02",  # 5: not a release on file: recorded, flagged
        f"{a[:-1]}{(int(a[-1]) + 1) % 10},V2,2026-02-01",  # 6: wrong check digit
        f"{unknown},V2,2026-02-01",  # 7: not registered
        f"{c},,2026-02-01",  # 8: no version
        f"{c},V2,01/02/2026",  # 9: not an ISO date
        f"{c},V2,2999-01-01",  # 10: in the future
        f"{c},{'x' * 41},2026-02-01",  # 11: too long
    ]
    versions = tmp_path / "versions.csv"
    versions.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = cli("import", "versions", str(versions))
    assert result.exit_code == 1, result.output  # some lines were refused
    err = flat(result.stderr)
    assert "Importing versions" in err and "100%" in err  # the bar, finished
    assert "line 5: version 'Beta 7' is not a release of" in err and "Joy 3 on file" in err
    assert "line 6: imei" in err and "check digit" in err
    assert f"line 7: IMEI {unknown} is not registered" in err
    assert "import the phone's sale first (aftersales import phones)" in err
    assert "line 8: version '': Enter the version" in err
    assert "line 9: seen_date '01/02/2026' is not a date like 2025-03-31." in err
    assert "line 10: seen_date 2999-01-01 is in the future." in err
    assert "line 11: version" in err and "at most 40 characters" in err
    for fine in (2, 3, 4):
        assert f"line {fine}:" not in err
    out = flat(result.stdout)
    assert "Read 10 lines: recorded 4 sightings (1 flagged: not a release on file)" in out
    assert "0 already recorded; 3 changed a phone's current version; refused 6 lines." in out
    phones, sightings = state(cli.engine)
    assert phones[a] == ("V2", date(2026, 2, 1)) and phones[b] == ("Beta 7", date(2026, 2, 2))
    assert phones[c] == (None, None) and sightings == 4

    again = cli("import", "versions", str(versions))
    assert "recorded 0 sightings (0 flagged: not a release on file), 4 already recorded" in flat(
        again.stdout
    )
    assert state(cli.engine) == (phones, 4)


def test_lines_are_written_in_batches_and_a_bad_line_stops_none(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aftersales.software import importer

    monkeypatch.setattr(importer, "BATCH", 2)  # batches of two lines: each committed alone
    _tac, (a, b, c) = seed(cli.engine)
    rows = ["imei,version,seen_date", f"{a},V2,2026-01-20", "nonsense,V2,2026-01-20",
            f"{b},V1,2026-01-20", f"{c},V2,2026-01-21", f"{c},V1,2026-01-20"]  # fmt: skip
    versions = tmp_path / "v.csv"
    versions.write_text("\n".join(rows) + "\n")
    result = cli("import", "versions", str(versions))
    assert result.exit_code == 1
    assert "line 3: imei 'nonsense'" in flat(result.stderr)
    phones, sightings = state(cli.engine)
    assert sightings == 4 and phones[c] == ("V2", date(2026, 1, 21))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("imei,seen_date\n", "The CSV header lacks: version (needs imei, version, seen_date)."),
        ("imei,version,version,seen_date\n", "names version more than once"),
    ],
)
def test_a_wrong_header_imports_nothing(
    cli: Cli, tmp_path: Path, content: str, message: str
) -> None:
    seed(cli.engine)
    versions = tmp_path / "v.csv"
    versions.write_text(content)
    result = cli("import", "versions", str(versions))
    assert result.exit_code == 1
    assert message in flat(result.stderr) and "Nothing was imported" in flat(result.stderr)


def test_a_file_that_is_not_utf8_says_so(cli: Cli, tmp_path: Path) -> None:
    _tac, (a, _b, _c) = seed(cli.engine)
    versions = tmp_path / "v.csv"
    versions.write_bytes(f"imei,version,seen_date\n{a},V\xe9,2026-01-01\n".encode("latin-1"))
    result = cli("import", "versions", str(versions))
    assert result.exit_code == 1
    assert "is not UTF-8 text" in flat(result.stderr)
