"""The dashboards' presentation without a database: every chart of a full and of an empty
dashboard is valid Vega-Lite in each language, each CSV is a plain table, the choices are
checked field by field."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
import vl_convert

from aftersales.charting.images import VEGA_LITE, svg
from aftersales.insights import charts
from aftersales.insights.access import Reader
from aftersales.insights.choices import Asked, parse
from aftersales.insights.csv import TABLES, to_csv
from aftersales.insights.figures import (
    Backlog,
    Contacts,
    Dashboard,
    Distribution,
    ExpectedAccuracy,
    Filters,
    FirstTimeFix,
    ModelProblems,
    Offline,
    Period,
    Problems,
    Satisfaction,
    SatisfactionBucket,
    Scope,
    SlaCompliance,
    SlaMonth,
    StepTime,
    Turnaround,
)
from aftersales.insights.present import insights_read
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.language import translations

READER = Reader("brand", 7, None, "Alfa")
PERIOD = Period(date(2026, 1, 1), date(2026, 3, 1))


def full() -> Dashboard:
    """Return a dashboard with something in every figure."""
    errors = [0] * 46
    errors[15], errors[16], errors[20] = 5, 2, 1  # on the day, a day late, five late
    return Dashboard(
        scope=Scope.brand(7), filters=Filters(), period=PERIOD,
        counted_at=datetime(2026, 3, 10, 8, tzinfo=UTC),
        problems=Problems((ModelProblems(1, "Mi 8", 12, 4000, 3.0,
                                         (("display", 8, 2.0), ("battery", 4, 1.0))),
                           ModelProblems(2, "Note =1", 3, None, None, (("other", 3, None),)))),
        turnaround=Turnaround(Distribution((0, 3, 4, 1, 0, 2), 20),
                              tuple(StepTime(s, 10, d) for s, d in
                                    (("transit", 5), ("diagnosis", 10), ("parts", 12),
                                     ("owner", 3), ("repair", 8)))),
        sla=SlaCompliance((SlaMonth(date(2026, 1, 1), 0, 0), SlaMonth(date(2026, 2, 1), 6, 5),
                           SlaMonth(date(2026, 3, 1), 4, 2))),
        backlog=Backlog((("received", 2), ("awaiting_parts", 3)), (1, 2, 1, 1)),
        first_time_fix=FirstTimeFix(10, 8, 1, 12, 2),
        contacts=Contacts(10, 4, 7),
        offline=Offline(Distribution((0, 1, 5, 4), 23)),
        satisfaction=Satisfaction(9, 6, (SatisfactionBucket(0, 2, 5, 4),
                                         SatisfactionBucket(3, 5, 4, 2),
                                         SatisfactionBucket(6, 10, 0, 0),
                                         SatisfactionBucket(11, None, 0, 0))),
        expected=ExpectedAccuracy(8, 5, 8, tuple(errors)),
    )  # fmt: skip


def empty() -> Dashboard:
    """Return a dashboard of a period with nothing in it."""
    return Dashboard(Scope.brand(7), Filters(), PERIOD, None, Problems(), Turnaround(),
                     SlaCompliance(), Backlog(), FirstTimeFix(), Contacts(), Offline(),
                     Satisfaction(), ExpectedAccuracy())  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "it", "vi"])
@pytest.mark.parametrize("made", [full, empty])
def test_every_chart_is_valid_vega_lite(lang, made):  # type: ignore[no-untyped-def]
    read = insights_read(made(), READER)
    t = translations(lang).gettext
    for name in charts.CHARTS:
        spec = charts.chart(name, read, t, lang)
        assert vl_convert.vegalite_to_vega(spec, vl_version=VEGA_LITE), name
    if made is full:
        picture = svg(charts.chart("turnaround", read, t, lang))
        assert picture.lstrip().startswith("<svg")


def test_the_charts_speak_the_readers_language():
    read = insights_read(full(), READER)
    spec = charts.chart("steps", read, translations("it").gettext, "it")
    labels = {v["label"] for v in spec["data"]["values"]}
    assert "In attesa del cliente" in labels and "In transito" in labels
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_each_figure_is_a_csv_table():
    read = insights_read(full(), READER)
    for name in TABLES:
        rows = list(csv.reader(io.StringIO(to_csv(name, read))))
        assert len(rows) > 1 and len({len(r) for r in rows}) == 1, name
    problems = list(csv.DictReader(io.StringIO(to_csv("problems", read))))
    assert problems[0] == {"model_id": "1", "model": "Mi 8", "fault_category": "",
                           "reports": "12", "in_use": "4000", "per_thousand": "3.0000"}  # fmt: skip
    assert problems[3]["model"] == "'Note =1" or problems[3]["model"] == "Note =1"
    expected = list(csv.DictReader(io.StringIO(to_csv("expected", read))))
    assert expected[0] == {"days_late": "-15", "repairs": "0"}


def test_the_api_shape_keeps_codes_and_rates():
    read = insights_read(full(), READER).model_dump(mode="json")
    assert read["turnaround"]["median"] == 2 and read["turnaround"]["p90"] == 5
    assert read["backlog"]["by_age"][3] == {"key": "11+", "repairs": 1}
    assert read["satisfaction"]["by_turnaround"][1] == {"bucket": "3-5", "answers": 4,
                                                        "top2": 2, "rate": 0.5}  # fmt: skip
    assert read["expected"]["median_days_late"] == 0
    assert read["first_time_fix"]["rate"] == 0.8


def test_choices_are_checked_field_by_field():
    today = date(2026, 3, 10)
    f = parse(Asked("2026-01", "2026-02", "it", "3", "4", "battery"), READER, today)
    assert (f.first_month, f.last_month, f.country) == (date(2026, 1, 1), date(2026, 2, 1), "IT")
    assert (f.centre_id, f.model_id, f.fault_category) == (3, 4, "battery")
    centre = Reader("centre", None, 3, "Napoli")
    assert parse(Asked(centre_id="9"), centre, today).centre_id is None  # a centre's own
    with pytest.raises(ValidationFailed) as wrong:
        parse(Asked("2026-13", "26-01", "Italia", "x", "-1", "smoke"), READER, today)
    assert set(wrong.value.errors) == {"from", "to", "country", "centre_id", "model_id",
                                       "fault_category"}  # fmt: skip
    with pytest.raises(ValidationFailed) as late:
        parse(Asked("2026-03", "2026-01"), READER, today)
    assert late.value.errors == {"from": "The first month comes after the last."}
    with pytest.raises(ValidationFailed):
        parse(Asked("2010-01", "2026-01"), READER, today)


@pytest.mark.parametrize(("counts", "labels"), [
    ([2, 1, 0], ["0", "1", "2"]),  # small: no label twice (Vega's own ticks: "0 1 1 2 2")
    ([64, 29, 3], ["0", "10", "20", "30", "40", "50", "60"]),  # wide: not 0 to 64 in twos
])  # fmt: skip
def test_a_count_axis_labels_each_whole_number_once(counts: list[int], labels: list[str]) -> None:
    values = [{"label": f"M{i}", "n": n} for i, n in enumerate(counts)]
    axis = charts._bars(values, "Repairs", "Model", ",d", lambda s: s, "en", "backlog")
    drawn = re.findall(r"role-axis-label.*?</g></g>", svg(axis), re.S)
    found = [re.findall(r">([0-9,]+)</text>", g) for g in drawn]
    assert labels in found, found
