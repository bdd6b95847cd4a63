"""`aftersales import survey`: every wrong line named with what to fix, nothing half-written;
ratings as words in English, Italian and Vietnamese, or 1-5."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from aftersales.config import get_settings
from aftersales.db import make_engine
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.errors import ValidationFailed
from aftersales.surveys.importer import import_answers, read_answers
from aftersales.surveys.models import SurveyAnswer
from aftersales.surveys.words import read_rating
from tests.cli.test_cli import Cli, flat
from tests.conftest import fresh_database
from tests.factories import make_brand, make_model
from tests.surveys import T0

HEADER = "brand,country,channel,date,model,overall,explanation,solution,knowledge,soft_skills,turnaround,cost,comment,language"  # noqa: E501
GOOD = [
    "sole,IT,shop,2026-01-05,Sole 5,very good,excellent,good,fair,poor,does not apply,,Ok,en",
    "Sole Phones,IT,negozio,2026-01-06,,molto buono,eccellente,buono,discreto,scarso,"
    "non applicabile,3,Bene,it",
    "sole,VN,trực tuyến,2026-01-07,sole 5,Rất tốt,Xuất sắc,Tốt,Trung bình,Kém,Không áp dụng,5,,vi",
    "sole,vn,walk_in,2026-01-08,,5,4,3,2,1,n/a,,,",
]  # fmt: skip


def test_ratings_read_as_words_in_three_languages_or_digits() -> None:
    for words, rating in (
        (("poor", "Scarso", "kém", "1"), 1),
        (("Very Good", "very_good", "molto  buono", "RẤT TỐT", "4"), 4),
        (("excellent", "Eccellente", "xuất sắc", "5"), 5),
    ):
        assert {read_rating(w) for w in words} == {rating}
    assert {read_rating(w) for w in ("", "Does not apply", "non applicabile", "không áp dụng")} == {
        None
    }


def lines(*rows: str) -> list[tuple[int, dict[str, str]]]:
    return read_answers([HEADER, *rows])


def test_a_good_file_is_written_whole(session: Session) -> None:
    brand = make_brand(session, slug="sole", name="Sole Phones")
    model = make_model(session, brand, name="Sole 5")
    report = import_answers(session, SYSTEM, lines(*GOOD), T0)
    assert (report.imported, report.errors) == (4, [])
    rows = session.scalars(select(SurveyAnswer).order_by(SurveyAnswer.answered_on)).all()
    assert [(r.overall, r.explanation, r.solution, r.knowledge, r.soft_skills) for r in rows] == [
        (4, 5, 3, 2, 1)
    ] * 3 + [(5, 4, 3, 2, 1)]
    assert [r.turnaround for r in rows] == [None] * 4
    assert [r.cost for r in rows] == [None, 3, 5, None]
    assert [r.channel for r in rows] == ["shop", "shop", "online", "walk_in"]
    assert [r.country for r in rows] == ["IT", "IT", "VN", "VN"]
    assert [r.model_id for r in rows] == [model.id, None, model.id, None]
    assert [r.language for r in rows] == ["en", "it", "vi", None]
    assert {(r.source, r.repair_id, r.turnaround_days, r.contacts, r.brand_id) for r in rows} == {
        ("import", None, None, None, brand.id)
    }
    assert rows[0].answered_on == date(2026, 1, 5) and rows[0].answered_at.hour == 12


def test_every_wrong_line_is_named_and_nothing_is_written(session: Session) -> None:
    brand = make_brand(session, slug="sole", name="Sole Phones")
    make_model(session, brand, name="Sole 5")
    bad = [
        GOOD[0],  # 2: good, but not written either
        "nuvola,IT,shop,2026-01-05,,4,,,,,,,,",  # 3: no such brand
        "sole,XX,shop,2026-01-05,,4,,,,,,,,",  # 4: no such country
        "sole,IT,fax,2026-01-05,,4,,,,,,,,",  # 5: no such channel
        "sole,IT,shop,05/01/2026,,4,,,,,,,,",  # 6: not an ISO date
        "sole,IT,shop,2027-01-05,,4,,,,,,,,",  # 7: in the future
        "sole,IT,shop,2026-01-05,Luna 1,4,,,,,,,,",  # 8: not the brand's model
        "sole,IT,shop,2026-01-05,,,,,,,,,,",  # 9: no overall
        "sole,IT,shop,2026-01-05,,4,great,6,,,,,,",  # 10: two ratings off the scale
        f"sole,IT,shop,2026-01-05,,4,,,,,,,{'x' * 2001},",  # 11: comment too long
        "sole,IT,shop,2026-01-05,,4,,,,,,,,fr",  # 12: unknown language
    ]
    report = import_answers(session, SYSTEM, lines(*bad), T0)
    assert report.imported == 0 and session.scalar(select(SurveyAnswer.id)) is None
    said = {(line, str(message)) for line, message in report.errors}
    assert (3, "brand 'nuvola' is not in the catalogue (slug or name).") in said
    assert (4, "country 'XX' is not a 2-letter ISO code we know, e.g. IT.") in said
    assert (5, "channel 'fax' is not shop, walk_in, online or other.") in said
    assert (6, "date '05/01/2026' is not a date like 2025-03-31.") in said
    assert (7, "date 2027-01-05 is in the future.") in said
    assert (8, "model 'Luna 1' is not a model of brand 'sole'.") in said
    assert (9, "overall is empty: every answer needs its overall rating.") in said
    assert (10, "explanation 'great' is not a rating (1-5 or a scale word).") in said
    assert (10, "solution '6' is not a rating (1-5 or a scale word).") in said
    assert (11, "comment is longer than 2000 characters.") in said
    assert (12, "language 'fr' is not en, it or vi.") in said
    assert len(report.errors) == 11


def test_a_wrong_header_is_refused_before_any_line() -> None:
    with pytest.raises(ValidationFailed, match="lacks: overall"):
        read_answers(["brand,country,channel,date", "sole,IT,shop,2026-01-05"])
    with pytest.raises(ValidationFailed, match="unknown columns: softskills"):
        read_answers(
            ["brand,country,channel,date,overall,softskills", "sole,IT,shop,2026-01-05,4,5"]
        )


@pytest.fixture()
def cli(tmp_path: Path) -> Iterator[Cli]:
    """A CLI on a database of its own: SQLite, or PostgreSQL when the run uses it."""
    get_settings.cache_clear()
    with fresh_database(tmp_path, "surveys") as url:
        engine = make_engine(url)
        yield Cli(url, engine, CliRunner())
        engine.dispose()
    get_settings.cache_clear()


def test_the_command_shows_progress_and_lines_and_writes_all_or_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    with Session(cli.engine) as s:
        make_model(s, make_brand(s, slug="sole", name="Sole Phones"), name="Sole 5")
        s.commit()
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, *GOOD, "sole,IT,shop,2026-01-05,,,,,,,,,,"]) + "\n")
    result = cli("import", "survey", str(bad))
    assert result.exit_code == 1
    err = flat(result.stderr)
    assert "Checking answers" in err
    assert (
        "line 6: overall is empty" in err and "1 of 5 lines are wrong; nothing was imported" in err
    )
    good = tmp_path / "good.csv"
    good.write_text("\n".join([HEADER, *GOOD]) + "\n", encoding="utf-8")
    dry = cli("import", "survey", str(good), "--dry-run")
    assert dry.exit_code == 0 and "Nothing was written (dry run)" in flat(dry.output)
    with Session(cli.engine) as s:
        assert s.scalar(select(SurveyAnswer.id)) is None
    done = cli("import", "survey", str(good))
    assert done.exit_code == 0 and "Imported 4 survey answers." in flat(done.output)
    with Session(cli.engine) as s:
        assert len(s.scalars(select(SurveyAnswer.id)).all()) == 4
