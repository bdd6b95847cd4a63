"""The dashboard's figures on a hand-made brand: sold, served, software, quarters, versions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import event

from aftersales.care import dashboard
from aftersales.care.quarters import by_quarter, quarter_of
from tests.care.dataset import Brand
from tests.factories import make_model


def test_a_models_figures_are_counted_from_its_phones_repairs_and_releases(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    care = {c.model.name: c for c in dashboard.brand_care(session, b.brand, now, 25, 0).models}
    alpha, beta = care["Alpha"], care["Beta"]
    assert (alpha.phones_sold, alpha.repairs_served) == (12, 3)  # the cancelled one is not served
    assert (beta.phones_sold, beta.repairs_served) == (1, 0)
    assert alpha.software.latest is not None and alpha.software.latest.version == "V3"
    assert alpha.days_since_release == (now.date() - date(2026, 2, 1)).days == 37
    # The fix V3 brought no newer patch level: the last security update is V2, the OS upgrade.
    assert alpha.security is not None and alpha.security.version == "V2"
    assert (alpha.security.patch_date, alpha.days_since_security) == (date(2025, 11, 1), 99)
    assert (alpha.software.known, alpha.software.on_latest, alpha.software.share) == (3, 2, 2 / 3)
    assert [c.country for c in alpha.countries] == ["IT", "VN"]


def test_a_models_quarters_and_versions_feed_its_charts(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    s = dashboard.series(session, b.alpha, now.date())
    assert s.phones[:2] == [(date(2025, 1, 1), 2), (date(2025, 4, 1), 9)]
    # Quiet quarters count as zero up to today's, so the bars end now, not at the last sale.
    assert s.phones[-1] == (date(2026, 1, 1), 0) and len(s.phones) == 5 and s.undated == 1
    assert s.repairs == [(date(2025, 10, 1), 2), (date(2026, 1, 1), 1)]
    assert s.versions[:2] == [(None, 9), ("V3", 2)] and ("V1", 1) in s.versions
    assert s.listed == {"V1", "V2", "V3"}


def test_quarters_fold_days_and_keep_the_quiet_ones() -> None:
    assert quarter_of(date(2025, 12, 31)) == date(2025, 10, 1)
    assert by_quarter([]) == []
    got = by_quarter([(date(2025, 2, 3), 2), (date(2025, 3, 30), 1), (date(2025, 11, 1), 4)])
    assert got == [(date(2025, 1, 1), 3), (date(2025, 4, 1), 0), (date(2025, 7, 1), 0),
                   (date(2025, 10, 1), 4)]  # fmt: skip


def test_a_page_of_models_costs_the_same_statements_whatever_its_size(session, now):  # type: ignore[no-untyped-def]
    b = Brand(session, now)
    counted: list[str] = []

    def count(*args: object) -> None:
        counted.append(str(args[2]))

    def statements() -> int:
        counted.clear()
        event.listen(session.get_bind(), "before_cursor_execute", count)
        try:
            dashboard.brand_care(session, b.brand, now, 25, 0)
        finally:
            event.remove(session.get_bind(), "before_cursor_execute", count)
        return len(counted)

    few = statements()
    for i in range(6):
        make_model(session, b.brand, name=f"Gamma {i}")
    session.flush()
    assert statements() == few <= 19
