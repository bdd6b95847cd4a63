"""The import at its edges: the expected-date learning reads imported repairs; the command and
the API check, report and write the same way; errors in the caller's language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from aftersales.config import get_settings
from aftersales.db import make_engine
from aftersales.history.importer import import_history
from aftersales.kernel.actors import SYSTEM
from aftersales.repairs.eta import Group
from aftersales.repairs.history import comparable_visits
from aftersales.repairs.models import RepairOrder
from tests.cli.test_cli import Cli, flat
from tests.conftest import fresh_database
from tests.factories import World, login, make_account, make_brand, make_centre
from tests.history import HEADER, HELPDESK_MAPPING, SAMPLE, T0, history, mapping_for, rows, rules
from tests.web.pages.helpers import sign_in, texts

pytestmark = pytest.mark.xdist_group("history")


def test_the_expected_date_learns_from_imported_repairs(session: Session) -> None:
    w = World(session)
    m = rules(w)
    lines = [ln for i in range(32) for ln in history(f"H{i}", T0 - timedelta(days=40 + i))]
    assert import_history(session, SYSTEM, rows(m, *lines), m, "shoptool", T0).written
    live = w.repair(T0)  # the first live repair of the model at the centre
    visits, group = comparable_visits(session, live, T0, "received")
    assert group == Group.model_fault_centre
    assert sum(v.step == "received" for v in visits) == 32
    assert {v.step for v in visits} == {"received", "diagnosing", "repairing"}
    # Its expected date was made from them at intake, not from the SLA alone.
    assert (live.expected_method, live.expected_samples) == ("steps", 32)


@pytest.fixture()
def cli(tmp_path: Path) -> Iterator[Cli]:
    """A CLI on a database of its own: SQLite, or PostgreSQL when the run uses it."""
    get_settings.cache_clear()
    with fresh_database(tmp_path, "history") as url:
        engine = make_engine(url)
        yield Cli(url, engine, CliRunner())
        engine.dispose()
    get_settings.cache_clear()


def test_the_command_checks_reports_and_writes_all_or_nothing(cli: Cli, tmp_path: Path) -> None:
    with Session(cli.engine) as s:
        make_centre(s, [make_brand(s, slug="xiaomi")], name="Centro Assistenza Napoli")
        s.commit()
    mapping = str(HELPDESK_MAPPING)
    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE.read_text() + "81,12,2012-08-10 18:13:48\n")
    result = cli("import", "history", str(bad), "--mapping", mapping)
    assert result.exit_code == 1
    err = flat(result.stderr)
    assert "Checking lines" in err and "line 201: status '12' is not in the mapping" in err
    assert "1 of 200 lines are wrong; nothing was imported." in err
    dry = cli("import", "history", str(SAMPLE), "--mapping", mapping, "--dry-run")
    assert dry.exit_code == 0, dry.output
    out = flat(dry.output)
    assert "repairs new │ 59" in out and "Nothing was written (dry run)" in out
    with Session(cli.engine) as s:
        assert s.scalar(select(func.count()).select_from(RepairOrder)) == 0
    done = cli("import", "history", str(SAMPLE), "--mapping", mapping, "--source", "desk")
    assert done.exit_code == 0 and "Imported 59 repairs (251 events)." in flat(done.output)
    again = cli("import", "history", str(SAMPLE), "--mapping", mapping, "--source", "desk")
    assert "repairs already imported │ 59" in flat(again.output)
    assert "Imported 0 repairs" in flat(again.output)
    with Session(cli.engine) as s:
        assert s.scalar(select(func.count()).select_from(RepairOrder)) == 59
    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[columns]\nexternal_id = "CaseID"\n[statuses]\n"1" = "fixed"\n')
    refused = cli("import", "history", str(SAMPLE), "--mapping", str(wrong))
    assert refused.exit_code == 1
    said = flat(refused.stderr)
    assert "statuses.1: 'fixed' is not a status" in said
    assert "The mapping file has mistakes; nothing was read. Nothing was imported." in said


def _files(csv: str, mapping: str) -> dict[str, tuple[str, bytes, str]]:
    return {
        "file": ("history.csv", csv.encode(), "text/csv"),
        "mapping": ("mapping.toml", mapping.encode(), "application/toml"),
    }


def test_the_api_answers_the_report_in_the_callers_language(client, session) -> None:  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    login(client, w.admin)
    good = "\n".join([HEADER, *history("A", T0 - timedelta(days=9))]) + "\n"
    files = _files(good, mapping_for(w))
    dry = client.post("/api/v1/imports/history", files=files, data={"dry_run": "true"})
    assert dry.status_code == 200, dry.text
    assert dry.json()["repairs_new"] == 1 and dry.json()["written"] is False
    assert session.scalar(select(func.count()).select_from(RepairOrder)) == 0
    bad = good + "A,WHAT,2026-01-05 10:00,,,\n"
    r = client.post("/api/v1/imports/history?lang=it", files=_files(bad, mapping_for(w)))
    assert r.status_code == 422
    [error] = r.json()["errors"]
    assert error["line"] == 7 and error["message"].startswith("lo stato 'WHAT' non è")
    wrong = client.post("/api/v1/imports/history?lang=vi", files=_files(good, "[statuses]\n"))
    assert wrong.status_code == 422 and wrong.json()["detail"].startswith("Tệp ánh xạ")
    done = client.post("/api/v1/imports/history", files=_files(good, mapping_for(w)))
    assert done.status_code == 200 and done.json()["written"] is True
    assert done.json()["events"] == 5
    # The centre's technician sees it among the centre's repairs, never as open work.
    client.cookies.clear()
    login(client, w.technician)
    every = client.get("/api/v1/repairs").json()["items"]
    assert [r["status"] for r in every] == ["closed"]
    assert client.get("/api/v1/repairs", params={"open_only": "true"}).json()["items"] == []


def test_the_api_refuses_a_file_too_large_and_everyone_but_the_platform(client, session) -> None:  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    login(client, w.admin)
    huge = HEADER + "\n" + "x" * (20 * 1024 * 1024 + 1)
    r = client.post("/api/v1/imports/history?lang=it", files=_files(huge, mapping_for(w)))
    assert r.status_code == 413
    assert "più grande di 20 MB" in r.json()["detail"]
    client.cookies.clear()
    login(client, make_account(session, "brand_admin", brand_id=w.brand.id))
    r = client.post("/api/v1/imports/history", files=_files(HEADER, mapping_for(w)))
    assert r.status_code == 403


def test_the_api_names_a_time_zone_that_is_a_folder_as_a_mistake(client, session) -> None:  # type: ignore[no-untyped-def]
    w = World(session)
    session.commit()
    login(client, w.admin)
    good = "\n".join([HEADER, *history("A", T0 - timedelta(days=9))]) + "\n"
    folder = mapping_for(w).replace('timezone = "Europe/Rome"', 'timezone = "Europe"')
    r = client.post("/api/v1/imports/history?lang=it", files=_files(good, folder))
    assert r.status_code == 422, r.text
    assert "non è il nome di un fuso orario, ad es. Europe/Rome." in r.text
    assert session.scalar(select(func.count()).select_from(RepairOrder)) == 0


def test_the_staff_page_says_where_a_repair_without_a_problem_came_from(client, session) -> None:  # type: ignore[no-untyped-def]
    w = World(session)
    m = rules(w)
    import_history(session, SYSTEM, rows(m, *history("T-7", T0 - timedelta(days=9))), m,
                   "shoptool", T0)  # fmt: skip
    code = session.scalars(select(RepairOrder.code).where(RepairOrder.external_id == "T-7")).one()
    session.commit()
    sign_in(client, w.technician)
    english = texts(client.get(f"/repairs/{code}").text)
    assert "Problem: Imported from shoptool, where it was T-7." in english
    w.technician.language = "it"
    session.commit()
    page = texts(client.get(f"/repairs/{code}").text)
    assert "Problema: Importata da shoptool, dove aveva il codice T-7." in page
