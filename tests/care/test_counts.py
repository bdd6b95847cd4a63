"""The dashboard's slow counts stored by the nightly job and read back: the same figures as
counted live, with the day they were counted; a model added since is counted live."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from aftersales.care import counting, dashboard
from aftersales.care.models import CareCount, CareLateWait
from aftersales.care.nightly import nightly_forecast
from aftersales.care.present import model_read
from tests.care.dataset import Brand
from tests.factories import make_model, make_phone


def _live(session, b, now):  # type: ignore[no-untyped-def]
    care = dashboard.brand_care(session, b.brand, now, 25, 0).models
    return [model_read(c).model_dump(exclude={"counted_on"}) for c in care]


def test_the_job_stores_the_counts_and_the_dashboard_reads_them(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    live = _live(session, b, now)
    live_series = dashboard.series(session, b.alpha, now.date())
    live_late = dashboard.late_of(session, b.alpha, now)
    nightly_forecast(session, now)
    assert session.scalar(select(func.count()).select_from(CareCount)) >= 2
    assert session.scalar(select(func.count()).select_from(CareLateWait)) == 2
    care = {c.model.name: c for c in dashboard.brand_care(session, b.brand, now, 25, 0).models}
    assert care["Alpha"].counted_on == now.date()
    # A phone added after the count is not counted until the next night.
    make_phone(session, b.alpha)
    session.flush()
    stored = [model_read(c) for c in dashboard.brand_care(session, b.brand, now, 25, 0).models]
    got = [m.model_dump(exclude={"counted_on", "in_use", "parts"}) for m in stored]
    assert got == [{k: v for k, v in m.items() if k not in ("in_use", "parts")} for m in live]
    assert stored[0].counted_on == now.date() and stored[0].phones_sold == 12
    s = dashboard.series(session, b.alpha, now.date())
    assert (s.phones, s.undated, s.repairs, s.versions) == (
        live_series.phones, live_series.undated, live_series.repairs, live_series.versions,
    )  # fmt: skip
    assert dashboard.late_of(session, b.alpha, now) == live_late


def test_a_model_added_since_the_count_is_counted_live(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    counting.store(session, now - timedelta(hours=1))
    gamma = make_model(session, b.brand, name="Gamma")
    make_phone(session, gamma)
    session.flush()
    care = {c.model.name: c for c in dashboard.brand_care(session, b.brand, now, 25, 0).models}
    assert care["Gamma"].counted_on is None and care["Gamma"].phones_sold == 1
    assert care["Alpha"].counted_on == now.date()
    assert care["Alpha"].late_repairs == 2 and care["Alpha"].phones_sold == 12


def test_the_pages_say_when_the_figures_were_counted(client, session, now):  # type: ignore[no-untyped-def]
    from tests.web.pages.helpers import sign_in, texts

    b = Brand(session, now)
    nightly_forecast(session, now)
    session.commit()
    sign_in(client, b.admin)
    en = {"Accept-Language": "en"}
    page = texts(client.get("/brand/care", headers=en).text)
    assert "counted on Mar 10, 2026" in page
    assert "counted on Mar 10, 2026" in texts(client.get(f"/brand/care/models/{b.alpha.id}",
                                                        headers=en).text)  # fmt: skip
