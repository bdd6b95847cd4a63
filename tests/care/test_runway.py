"""The forecast joined into the dashboard: phones in use and the parts runway per model, flag
(c) where a part runs out before its country's parts promise ends, the same figures in the
API and both CSVs, and a model the nightly job has not computed said plainly."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy.orm import Session

from aftersales.care import dashboard
from aftersales.care.csv import PART_COLUMNS
from aftersales.care.dashboard import CountryCare, ModelCare
from aftersales.kernel.actors import SYSTEM
from aftersales.support.commitments import CommitmentFields, TermInput, set_commitment
from tests.care.dataset import Brand
from tests.web.helpers import bearer
from tests.web.pages.helpers import sign_in, texts

API = "/api/v1"


def _care(session: Session, b: Brand, now) -> dict[str, ModelCare]:  # type: ignore[no-untyped-def]
    return {c.model.name: c for c in dashboard.brand_care(session, b.brand, now, 25, 0).models}


def _country(care: ModelCare, country: str) -> CountryCare:
    return next(c for c in care.countries if c.country == country)


def test_the_forecast_joins_each_models_figures(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    b.forecast(runway=None)
    alpha, beta = _care(session, b, now)["Alpha"], _care(session, b, now)["Beta"]
    assert alpha.forecast and alpha.in_use is not None
    assert (alpha.in_use.expected, alpha.in_use.low, alpha.in_use.high) == (10, 8, 13)
    [part] = alpha.parts
    assert (part.outlook.part_id, part.number, part.name_in("it")) == (
        b.display.id, b.display.number, "Display completo",
    )  # fmt: skip
    assert part.name_in("vi") == "Display assembly" and part.runway_end is None
    assert alpha.short_runway == 0 and beta.in_use is not None and beta.parts == ()
    s = dashboard.series(session, b.alpha, now.date())
    assert s.in_use == [(date(2026, 3, 1), 10, 8, 13), (date(2026, 4, 1), 9, 7, 12)]
    assert [p.number for p in s.parts] == [b.display.number]


def test_a_part_running_out_before_the_promise_raises_flag_c(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    b.forecast(runway=10.0)  # runs out around 8 January 2027
    alpha = _care(session, b, now)["Alpha"]
    # Italy: the EU's 7 years after a sales end not yet known; Vietnam promises nothing.
    assert _country(alpha, "IT").short_runway == (b.display.id,)
    assert _country(alpha, "VN").short_runway == ()
    assert alpha.short_runway == 1 and [p.number for p in alpha.short_parts] == [b.display.number]
    # "Until no longer in use" in Vietnam: any runway the forecast found is short of it; the
    # part is counted once for the model however many countries it is short in.
    in_use = CommitmentFields(terms={"parts": TermInput(in_use=True)})
    set_commitment(session, SYSTEM, b.alpha.id, "VN", in_use, now=now)
    alpha = _care(session, b, now)["Alpha"]
    assert _country(alpha, "VN").short_runway == (b.display.id,) and alpha.short_runway == 1


def test_a_runway_lasting_the_promise_raises_no_flag(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    b.forecast(runway=10.0)
    until = CommitmentFields(terms={"parts": TermInput(until=date(2026, 12, 1))})
    set_commitment(session, SYSTEM, b.alpha.id, "VN", until, now=now)
    assert _country(_care(session, b, now)["Alpha"], "VN").short_runway == ()
    later = CommitmentFields(terms={"parts": TermInput(until=date(2027, 6, 1))})
    set_commitment(session, SYSTEM, b.alpha.id, "VN", later, now=now)
    assert _country(_care(session, b, now)["Alpha"], "VN").short_runway == (b.display.id,)


def test_past_the_horizon_raises_no_flag_even_until_no_longer_in_use(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    b.forecast(runway=None)
    in_use = CommitmentFields(terms={"parts": TermInput(in_use=True)})
    set_commitment(session, SYSTEM, b.alpha.id, "VN", in_use, now=now)
    assert _care(session, b, now)["Alpha"].short_runway == 0


def test_a_model_not_yet_forecast_is_said_so_not_zero(client, session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    b.forecast(runway=10.0, models=("Alpha",))
    session.commit()
    beta = _care(session, b, now)["Beta"]
    assert not beta.forecast and beta.in_use is None and beta.parts == ()
    got = client.get(f"{API}/brands/{b.brand.id}/care", headers=bearer(session, b.admin, now))
    by_name = {m["model"]: m for m in got.json()["models"]}
    assert by_name["Beta"]["in_use"] is None and by_name["Beta"]["parts"] == []
    assert by_name["Alpha"]["in_use"]["expected"] == 10
    sign_in(client, b.admin)
    page = texts(client.get("/brand/care", headers={"Accept-Language": "en"}).text)
    assert "not yet forecast; the nightly job computes it" in page
    assert "8 to 13, 80% likely" in page
    assert "1 part runs out before its parts promise ends" in page
    model = texts(client.get(f"/brand/care/models/{b.beta.id}").text)
    assert "Not yet forecast; the nightly job computes it." in model


def test_both_csvs_say_what_the_api_says(client, session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    b.forecast(runway=10.0)
    session.commit()
    admin = bearer(session, b.admin, now)
    answer = client.get(f"{API}/brands/{b.brand.id}/care?lang=it", headers=admin).json()
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"{API}/brands/{b.brand.id}/care.csv", headers=admin).text)))  # fmt: skip
    for row in rows:
        model = next(m for m in answer["models"] if m["model"] == row["model"])
        country = next(c for c in model["countries"] if c["country"] == row["country"])
        u = model["in_use"]
        assert (row["in_use_expected"], row["in_use_low"], row["in_use_high"]) == (
            str(u["expected"]),
            str(u["low"]),
            str(u["high"]),
        )
        assert row["short_runway_parts"] == str(country["short_runway_parts"])
    assert [r["short_runway_parts"] for r in rows] == ["1", "0", "0", "0"]
    r = client.get(f"{API}/brands/{b.brand.id}/care-parts.csv?lang=it", headers=admin)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"].startswith('attachment; filename="care-parts-')
    parts = list(csv.DictReader(io.StringIO(r.text)))
    assert tuple(parts[0]) == PART_COLUMNS and len(parts) == 1
    [api] = answer["models"][0]["parts"]
    assert api["name"] == "Display completo" and api["runway_months"] == 10.0
    for col in PART_COLUMNS:
        want = {"model_id": answer["models"][0]["model_id"], "model": "Alpha",
                "on": answer["on"]}.get(col, api.get(col))  # fmt: skip
        assert parts[0][col] == (
            "" if want is None else f"{want:.4f}" if isinstance(want, float) else str(want)
        ), col
