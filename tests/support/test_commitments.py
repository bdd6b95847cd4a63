"""Commitments: the EU minimums of Regulation (EU) 2023/1670 as defaults and as a floor,
"until no longer in use", versions by day, and an audit row for every change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from aftersales.audit.models import AuditEntry
from aftersales.kernel.errors import NotFound, ValidationFailed
from aftersales.support.commitments import (
    CommitmentFields,
    TermInput,
    list_versions,
    set_commitment,
    support_for,
    supports,
)
from aftersales.support.regulation import EU_SMARTPHONE, add_years, binds, delivery_days
from tests.factories import World, make_account, make_brand, make_model

ENDED = date(2026, 1, 31)  # after 20 June 2025: the regulation binds the model in the EU


def ended(session, model, day: date | None = ENDED):  # type: ignore[no-untyped-def]
    model.end_of_sale_date = day
    session.flush()
    return model


def test_the_table_holds_the_regulations_figures_with_their_points() -> None:
    assert (EU_SMARTPHONE["parts"].figure, EU_SMARTPHONE["parts"].unit) == (7, "years")
    assert EU_SMARTPHONE["parts"].source == "Annex II, Part B, point 1.1(1)"
    assert EU_SMARTPHONE["updates"].figure == 5
    assert EU_SMARTPHONE["updates"].source == "Annex II, Part B, point 1.2(6)(a)"
    assert EU_SMARTPHONE["delivery"].figure == 5 and EU_SMARTPHONE["delivery_longest"].figure == 10
    assert add_years(date(2024, 2, 29), 7) == date(2031, 2, 28)
    assert add_years(date(9998, 1, 1), 7) == date.max
    assert binds("IT", None) and binds("IT", date(2025, 6, 20))
    assert delivery_days(None, date(2026, 1, 1)) == 5  # still on the market
    assert delivery_days(date(2026, 1, 31), date(2026, 1, 31)) == 5
    assert delivery_days(date(2026, 1, 31), date(2026, 2, 1)) == 10  # after its end
    assert not binds("IT", date(2025, 6, 19)) and not binds("VN", None)


def test_eu_countries_take_the_regulations_minimums_when_the_brand_says_nothing(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    ended(session, w.model)
    it = support_for(session, w.model, "IT", now.date())
    assert it.eu and it.binds and it.commitment is None
    assert it.terms["parts"].until == date(2033, 1, 31) and it.terms["parts"].source == "regulation"
    assert it.terms["updates"].until == date(2031, 1, 31)
    # Its EU sales ended: parts may take up to 10 working days (5 while it was sold).
    assert (it.delivery_days, it.delivery_source) == (10, "regulation")
    # The regulation sets nothing for warranty and repair service: nothing is stated.
    assert not it.terms["warranty"].stated and not it.terms["repair"].stated
    vn = support_for(session, w.model, "VN", now.date())
    assert not vn.eu and not any(t.stated for t in vn.terms.values())
    assert vn.delivery_days is None
    # Still sold: the minimum counts from an end not yet known, in years.
    sold = make_model(session, w.brand)
    assert support_for(session, sold, "DE", now.date()).delivery_days == 5
    parts = support_for(session, sold, "DE", now.date()).terms["parts"]
    assert (parts.until, parts.years, parts.source) == (None, 7, "regulation")


def test_a_promise_below_the_eu_minimum_is_refused_field_by_field(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    ended(session, w.model)
    short = CommitmentFields(
        terms={"parts": TermInput(date(2030, 1, 1)), "updates": TermInput(date(2029, 1, 1))},
        parts_delivery_days=12,
    )
    with pytest.raises(ValidationFailed) as caught:
        set_commitment(session, w.brand_admin, w.model.id, "it", short, now=now)
    errors = caught.value.errors
    assert "2033-01-31" in errors["parts"] and "Annex II, Part B, point 1.1(1)" in errors["parts"]
    assert "never less" in errors["parts"]
    assert "2031-01-31" in errors["updates"] and "point 1.2(6)(a)" in errors["updates"]
    assert "at most 10 working days" in errors["parts_delivery_days"]
    assert list_versions(session, w.model.id, "IT") == []
    # More than the minimum is the brand's to promise; outside the EU anything goes.
    more = CommitmentFields(terms={"parts": TermInput(date(2035, 6, 30))}, parts_delivery_days=3)
    set_commitment(session, w.brand_admin, w.model.id, "IT", more, now=now)
    it = support_for(session, w.model, "IT", now.date())
    assert (it.terms["parts"].until, it.terms["parts"].source) == (date(2035, 6, 30), "brand")
    assert it.terms["updates"].source == "regulation" and it.delivery_days == 3
    set_commitment(session, w.brand_admin, w.model.id, "VN", short, now=now)
    assert support_for(session, w.model, "VN", now.date()).terms["parts"].until == date(2030, 1, 1)


def test_a_dated_promise_needs_the_end_of_sales_in_the_eu(session, now):  # type: ignore[no-untyped-def]
    w = World(session)  # its model is still sold: no end of sales on file
    dated = CommitmentFields(terms={"updates": TermInput(date(2040, 1, 1))})
    with pytest.raises(ValidationFailed) as caught:
        set_commitment(session, w.brand_admin, w.model.id, "IT", dated, now=now)
    assert "the minimum counts from the end of sales" in caught.value.errors["updates"]
    dated.end_of_sale_date = date(2026, 6, 30)
    set_commitment(session, w.brand_admin, w.model.id, "IT", dated, now=now)
    it = support_for(session, w.model, "IT", now.date())
    assert it.end_of_sale_date == date(2026, 6, 30) and it.terms["updates"].until == date(
        2040, 1, 1
    )
    assert it.terms["parts"].until == date(2033, 6, 30)  # the default counts from it too


def test_the_eu_minimum_counts_from_the_last_end_of_sales_in_any_member_state(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    ended(session, w.model)
    later = CommitmentFields(end_of_sale_date=date(2027, 3, 31))
    set_commitment(session, w.brand_admin, w.model.id, "FR", later, now=now)
    it = support_for(session, w.model, "IT", now.date())
    assert it.end_of_sale_date == ENDED and it.union_end_of_sale_date == date(2027, 3, 31)
    assert it.terms["parts"].until == date(2034, 3, 31)
    with pytest.raises(ValidationFailed) as caught:
        short = CommitmentFields(terms={"parts": TermInput(date(2033, 6, 30))})
        set_commitment(session, w.brand_admin, w.model.id, "IT", short, now=now)
    assert "2034-03-31" in caught.value.errors["parts"]


def test_models_sold_before_the_regulation_applies_are_not_held_to_it(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    ended(session, w.model, date(2024, 6, 30))
    it = support_for(session, w.model, "IT", now.date())
    assert not it.binds and it.terms["parts"].until == date(2031, 6, 30)  # still the default
    shorter = CommitmentFields(terms={"updates": TermInput(date(2026, 12, 31))})
    set_commitment(session, w.brand_admin, w.model.id, "IT", shorter, now=now)
    assert support_for(session, w.model, "IT", now.date()).terms["updates"].source == "brand"


def test_until_no_longer_in_use(session, now):  # type: ignore[no-untyped-def]
    w = World(session, country="VN")
    ended(session, w.model, date(2021, 5, 9))
    forever = TermInput(in_use=True)
    promise = CommitmentFields(
        terms={k: forever for k in ("warranty", "repair", "parts", "updates")}
    )
    set_commitment(session, w.brand_admin, w.model.id, "VN", promise, now=now)
    vn = support_for(session, w.model, "VN", now.date())
    assert all(t.in_use and t.until is None and t.source == "brand" for t in vn.terms.values())
    both = CommitmentFields(terms={"repair": TermInput(date(2030, 1, 1), in_use=True)})
    with pytest.raises(ValidationFailed) as caught:
        set_commitment(session, w.brand_admin, w.model.id, "VN", both, now=now)
    assert "not both" in caught.value.errors["repair"]


def test_changes_are_audited_and_versions_keep_their_days(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    ended(session, w.model)
    first = CommitmentFields(terms={"repair": TermInput(date(2032, 1, 31))})
    row = set_commitment(session, w.brand_admin, w.model.id, "IT", first, now=now)
    fixed = CommitmentFields(terms={"repair": TermInput(date(2033, 1, 31))})
    same = set_commitment(session, w.brand_admin, w.model.id, "IT", fixed, now=now)
    assert same.id == row.id  # the same day: corrected in place
    later = CommitmentFields(
        terms={"repair": TermInput(in_use=True)}, effective_from_date=date(2026, 9, 1)
    )
    set_commitment(session, w.brand_admin, w.model.id, "IT", later, now=now)
    audit = list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "support_commitment")
            .order_by(AuditEntry.id)
        )
    )
    assert [a.action for a in audit] == ["created", "updated", "created"]
    assert audit[1].changes == {"repair_until_date": ["2032-01-31", "2033-01-31"]}
    assert audit[1].actor_id == w.brand_admin.id and audit[1].brand_id == w.brand.id
    assert audit[2].changes["repair_in_use"] == [None, True]
    versions = list_versions(session, w.model.id, "IT")
    assert [v.effective_from_date for v in versions] == [now.date(), date(2026, 9, 1)]
    assert support_for(session, w.model, "IT", now.date()).terms["repair"].until == date(
        2033, 1, 31
    )
    assert support_for(session, w.model, "IT", date(2026, 9, 1)).terms["repair"].in_use
    back = CommitmentFields(effective_from_date=now.date() - timedelta(days=1))
    with pytest.raises(ValidationFailed) as caught:
        set_commitment(session, w.brand_admin, w.model.id, "IT", back, now=now)
    assert "effective_from_date" in caught.value.errors


def test_bad_input_is_reported_all_at_once(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    wrong = CommitmentFields(
        end_of_sale_date=date(2019, 1, 1), parts_delivery_days=0,
        effective_from_date=date(2020, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationFailed) as caught:
        set_commitment(session, w.brand_admin, w.model.id, "XX", wrong, now=now)
    assert set(caught.value.errors) == {
        "country", "end_of_sale_date", "parts_delivery_days", "effective_from_date",
    }  # fmt: skip


def test_other_brands_and_other_roles_are_told_the_model_is_not_there(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    stranger = make_account(session, "brand_admin", brand_id=make_brand(session).id)
    for actor in (stranger, w.owner, w.technician):
        with pytest.raises(NotFound):
            set_commitment(session, actor, w.model.id, "IT", CommitmentFields(), now=now)
    set_commitment(session, w.admin, w.model.id, "IT", CommitmentFields(), now=now)


def test_the_support_of_many_phones_takes_one_query(session, now):  # type: ignore[no-untyped-def]
    w = World(session)
    models = [ended(session, make_model(session, w.brand)) for _ in range(5)]
    for m in models:
        set_commitment(session, w.admin, m.id, "VN", CommitmentFields(), now=now)
    session.flush()  # the audit rows above: written before counting
    seen: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        seen.append(statement)

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        found = supports(session, [(m, c) for m in models for c in ("IT", "VN")], now.date())
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert len(found) == 10 and len(seen) == 1
