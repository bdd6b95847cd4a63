"""The report's figures: the rollups give the same sums as the answers themselves, counted
again when answers come; the trend by month, the buckets and the ranking read them right."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import update

from aftersales.kernel.clock import utcnow
from aftersales.surveys import queries, reports
from aftersales.surveys.access import Reader
from aftersales.surveys.models import ATTRIBUTES, SurveyAnswer
from aftersales.surveys.queries import Filters, Scope
from aftersales.surveys.rollup import refresh
from tests.factories import make_brand, make_centre, make_model, make_shop
from tests.factories.survey_answers import make_answer, make_answers

WHOLE = Filters(date(2025, 1, 1), date(2026, 3, 1))


class Net:
    """Two brands, two centres, two shops, three models; 400 answers drawn at random."""

    def __init__(self, session, seed: int = 3) -> None:  # type: ignore[no-untyped-def]
        rng = random.Random(seed)
        self.a, self.b = make_brand(session), make_brand(session)
        self.centres = [make_centre(session, [self.a, self.b]) for _ in range(2)]
        self.shops = [make_shop(session) for _ in range(2)]
        self.models = [
            make_model(session, self.a),
            make_model(session, self.a),
            make_model(session, self.b),
        ]
        rows = []
        for _ in range(400):
            model = rng.choice(self.models)
            rating = lambda: rng.choice([None, 1, 2, 3, 4, 5, 5])  # noqa: E731
            rows.append(
                {
                    "brand_id": model.brand_id,
                    "model_id": model.id,
                    "centre_id": rng.choice(self.centres).id,
                    "shop_id": rng.choice([None, *(s.id for s in self.shops)]),
                    "country": rng.choice(["IT", "VN"]),
                    "channel": rng.choice(["shop", "online"]),
                    "answered_on": date(2025, 6, 1) + timedelta(days=rng.randrange(270)),
                    "overall": rng.choice([1, 2, 3, 4, 4, 5, 5]),
                    **{a: rating() for a in ATTRIBUTES},
                    "turnaround_days": rng.choice([None, 0, 2, 3, 5, 6, 10, 11, 30]),
                    "contacts": rng.choice([None, 0, 1, 2, 3, 7]),
                }
            )
        make_answers(session, rows)
        self.rows = rows


def _raw(monkeypatch):  # type: ignore[no-untyped-def]
    """Make every read sum the answers themselves."""
    monkeypatch.setattr(queries, "_source", lambda *a, **k: queries._Source(None))


CASES = [
    (Scope(), WHOLE),
    (Scope(), Filters(date(2025, 8, 1), date(2025, 11, 1), country="IT")),
    (Scope(), Filters(date(2025, 6, 1), date(2026, 2, 1), channel="online", model_id=-1)),
    (Scope(centre_id=-1), WHOLE),
    (Scope(shop_id=-2), Filters(date(2025, 6, 1), date(2026, 2, 1), model_id=-3)),
    (Scope(brand_id=-4), Filters(date(2025, 6, 1), date(2026, 2, 1), shop_id=-1)),
]


def _ids(net: Net, scope: Scope, f: Filters) -> tuple[Scope, Filters]:
    """Put the net's ids in place of the cases' placeholders."""
    swap = {-1: net.centres[0].id, -2: net.shops[1].id, -3: net.models[0].id, -4: net.a.id}
    s = Scope(*(swap.get(v, v) if v else v for v in vars(scope).values()))
    fv = {k: swap.get(v, v) if isinstance(v, int) else v for k, v in vars(f).items()}
    if f.model_id == -1:
        fv["model_id"] = net.models[1].id
    return s, Filters(**fv)


def test_the_rollups_give_the_same_figures_as_the_answers(session, now, monkeypatch):  # type: ignore[no-untyped-def]
    net = Net(session)
    refresh(session, now)
    by_rollup, by_answers = [], []
    for found in (by_rollup, by_answers):
        if found is by_answers:
            _raw(monkeypatch)
        for scope, f in CASES:
            s, f = _ids(net, scope, f)
            found.append(
                (
                    queries.totals(session, s, f),
                    queries.by_month(session, s, f),
                    *(sorted(queries.by_key(session, s, f, k)) for k in queries.RANK_KEYS),
                )
            )
    assert by_rollup == by_answers
    assert by_rollup[0][0]["n"] == 400 and by_rollup[3][0]["n"] > 0


def test_the_sums_are_those_counted_by_hand(session, now):  # type: ignore[no-untyped-def]
    net = Net(session)
    refresh(session, now)
    sums = queries.totals(session, Scope(brand_id=net.a.id), WHOLE)
    mine = [r for r in net.rows if r["brand_id"] == net.a.id]
    assert sums["n"] == len(mine)
    assert sums["top2"] == sum(r["overall"] >= 4 for r in mine)
    assert sums["n_cost"] == sum(r["cost"] is not None for r in mine)
    assert sums["top2_cost"] == sum((r["cost"] or 0) >= 4 for r in mine)
    waited = [
        r for r in mine if r["turnaround_days"] is not None and 6 <= r["turnaround_days"] <= 10
    ]
    assert sums["n_t2"] == len(waited)
    assert sums["top2_t2"] == sum(r["overall"] >= 4 for r in waited)
    asked = [r for r in mine if (r["contacts"] or 0) >= 3]
    assert (sums["n_c3"], sums["top2_c3"]) == (len(asked), sum(r["overall"] >= 4 for r in asked))
    months = queries.by_month(session, Scope(brand_id=net.a.id), WHOLE)
    assert [m for m, _, _ in months] == sorted({r["answered_on"].replace(day=1) for r in mine})
    assert sum(n for _, n, _ in months) == len(mine)


def test_answers_that_come_later_are_counted_at_the_next_refresh(session):  # type: ignore[no-untyped-def]
    net = Net(session)
    earlier = utcnow() - timedelta(days=1)
    session.execute(update(SurveyAnswer).values(created_at=earlier))
    assert "every answer" in refresh(session, earlier + timedelta(hours=1))
    before = queries.totals(session, Scope(brand_id=net.b.id), WHOLE)["n"]
    make_answer(session, brand_id=net.b.id, answered_on=date(2025, 7, 3), overall=1)
    make_answer(session, brand_id=net.b.id, answered_on=date(2026, 3, 3), overall=5)
    assert queries.totals(session, Scope(brand_id=net.b.id), WHOLE)["n"] == before
    assert "2 brand-months" in refresh(session, utcnow())
    assert queries.totals(session, Scope(brand_id=net.b.id), WHOLE)["n"] == before + 2
    assert refresh(session, utcnow() + timedelta(hours=1)) != "no new answers"  # the overlap
    assert refresh(session, utcnow() + timedelta(hours=2)) == "no new answers"


def test_a_report_puts_the_figures_together(session, now):  # type: ignore[no-untyped-def]
    net = Net(session)
    refresh(session, now)
    reader = Reader(Scope(brand_id=net.a.id), ("centre", "shop", "model"))
    f, by = reports.parse(reports.Asked(start="2025-01", end="2026-03"), reader, now.date())
    found = reports.report(session, reader, f, by)
    assert by == "centre" and {r.name for r in found.ranking} == {c.name for c in net.centres}
    assert found.overall.n == sum(r.n for r, _ in [(x.ranked.share, 0) for x in found.ranking])
    assert [k for k, _ in found.turnaround] == ["0-2", "3-5", "6-10", "11+"]
    assert [k for k, _ in found.contacts] == ["0", "1", "2", "3+"]
    assert found.counted_at is not None and found.drivers.reason == "too_few"


@pytest.mark.parametrize(
    ("asked", "errors"),
    [
        ({"start": "2026-13"}, {"from"}),
        ({"start": "2026-03", "end": "2025-03"}, {"from"}),
        ({"months": "0", "country": "Italy", "channel": "fax"}, {"months", "country", "channel"}),
        ({"centre_id": "x1", "rank_by": "brand"}, {"centre_id", "rank_by"}),
    ],
)
def test_wrong_choices_are_named_each_with_its_own_message(asked, errors, now):  # type: ignore[no-untyped-def]
    reader = Reader(Scope(brand_id=1), ("centre", "shop", "model"))
    with pytest.raises(reports.ValidationFailed) as caught:
        reports.parse(reports.Asked(**asked), reader, now.date())
    assert set(caught.value.errors) == errors


def test_the_period_defaults_to_the_last_twelve_months(now):  # type: ignore[no-untyped-def]
    reader = Reader(Scope(), ("brand",))
    f, by = reports.parse(reports.Asked(), reader, now.date())
    assert (f.first, f.last, by) == (date(2025, 4, 1), date(2026, 3, 1), "brand")
    f, _ = reports.parse(reports.Asked(months="3", end="2025-02"), reader, now.date())
    assert (f.first, f.last) == (date(2024, 12, 1), date(2025, 2, 1))
