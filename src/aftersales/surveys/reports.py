"""A satisfaction report: the reader's choices checked, then every figure the page, the API
and the CSV show, from the sums (surveys.queries) and the statistics (surveys.stats)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.charting.kept import kept
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Problems, ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.surveys import queries, stats
from aftersales.surveys.access import Reader, reader_for
from aftersales.surveys.models import ANSWER_CHANNELS, ATTRIBUTES
from aftersales.surveys.queries import CommentFilter, Filters
from aftersales.surveys.rollup import CONTACT_BUCKETS, TURNAROUND_BUCKETS, SurveyRollupPlace

DEFAULT_MONTHS = 12
MAX_MONTHS = 120  # ten years: a report's longest period
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Asked:
    """The report's choices as they came (GET parameters or API query), all text."""

    start: str | None = None  # YYYY-MM, the parameter `from`
    end: str | None = None  # YYYY-MM, the parameter `to`
    months: str | None = None
    country: str | None = None
    channel: str | None = None
    centre_id: str | None = None
    shop_id: str | None = None
    model_id: str | None = None
    rank_by: str | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Asked:
        """Return the choices found in a page's or the API's query string."""
        return cls(
            start=query.get("from"),
            end=query.get("to"),
            months=query.get("months"),
            country=query.get("country"),
            channel=query.get("channel"),
            centre_id=query.get("centre_id"),
            shop_id=query.get("shop_id"),
            model_id=query.get("model_id"),
            rank_by=query.get("rank_by"),
        )


def _month(text: str, field: str) -> date:
    found = _MONTH.match(text.strip())
    if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
        raise ValidationFailed(
            N_("Write a month as year-month, e.g. 2026-03."),
            {field: N_("Write a month as year-month, e.g. 2026-03.")},
        )
    return date(int(found.group(1)), int(found.group(2)), 1)


def _id(text: str | None, field: str) -> int | None:
    if not text:
        return None
    if not text.strip().isdigit() or len(text.strip()) > 9:
        raise ValidationFailed(
            N_("Choose one from the list."), {field: N_("Choose one from the list.")}
        )
    return int(text)


def _back(month: date, count: int) -> date:
    """Return the first day of the month `count` months before."""
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def span(first: date, last: date) -> int:
    """Return how many months a period holds, both ends counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def parse(asked: Asked, reader: Reader, today: date) -> tuple[Filters, str]:
    """Return the checked filters and ranking, or one ValidationFailed naming every field."""
    p = Problems()
    this_month = today.replace(day=1)
    end, start = asked.end, asked.start
    last = p.check(lambda: _month(end, "to")) if end else this_month
    count = DEFAULT_MONTHS
    if asked.months:
        text = asked.months.strip()
        if not text.isdigit() or not 1 <= int(text) <= MAX_MONTHS:
            message = N_("Give between 1 and 120 months.")
            p.check(lambda: _fail(message, "months"))
        else:
            count = int(text)
    first = p.check(lambda: _month(start, "from")) if start else None
    if first is None and last is not None:
        first = _back(last, count - 1)
    if first and last and first > last:
        p.check(lambda: _fail(N_("The first month comes after the last."), "from"))
    elif first and last and span(first, last) > MAX_MONTHS:
        p.check(lambda: _fail(N_("Give between 1 and 120 months."), "from"))
    country = (asked.country or "").strip().upper() or None
    if country and not _COUNTRY.match(country):
        p.check(lambda: _fail(N_("Choose one from the list."), "country"))
    channel = (asked.channel or "").strip() or None
    if channel and channel not in ANSWER_CHANNELS:
        p.check(lambda: _fail(N_("Choose one from the list."), "channel"))
    ids: dict[str, int | None] = {}
    for k in ("centre_id", "shop_id", "model_id"):
        value = getattr(asked, k)
        ids[k] = p.check(partial(_id, value, k))
    rank_by = (asked.rank_by or "").strip() or reader.ranks[0]
    if rank_by not in reader.ranks:
        p.check(lambda: _fail(N_("Choose one from the list."), "rank_by"))
    p.raise_if_any(N_("Some of the report's choices are wrong; see below."))
    assert first is not None and last is not None  # Problems raised otherwise
    return Filters(first, last, country=country, channel=channel, **ids), rank_by


def _fail(message: str, field: str) -> None:
    raise ValidationFailed(message, {field: message})


def bucket_keys() -> tuple[list[str], list[str]]:
    """Return the turnaround and contacts buckets' keys: 0-2, 3-5 … and 0, 1, 2, 3+."""

    def key(low: int, high: int | None) -> str:
        return f"{low}+" if high is None else str(low) if low == high else f"{low}-{high}"

    return [key(*b) for b in TURNAROUND_BUCKETS], [key(*b) for b in CONTACT_BUCKETS]


@dataclass(frozen=True)
class RankRow:
    """One ranked brand, centre, shop or model, by name."""

    id: int
    name: str
    ranked: stats.Ranked


@dataclass(frozen=True)
class Report:
    """Every figure of one report."""

    filters: Filters
    rank_by: str
    overall: stats.Share
    attributes: list[tuple[str, stats.Share]]
    trend: list[tuple[date, stats.Share]]
    turnaround: list[tuple[str, stats.Share]]
    contacts: list[tuple[str, stats.Share]]
    ranking: list[RankRow]
    drivers: stats.Drivers
    counted_at: datetime | None
    made_of: str  # the selection, the last count and its sums: what kept results are keyed by


def report(session: Session, reader: Reader, f: Filters, rank_by: str) -> Report:
    """Compute the report: the last count, four reads of sums (rollups where they serve), the
    names, and the drivers (fitted once per selection and count: the slowest read)."""
    scope = reader.scope
    counted_at = session.scalar(select(func.max(SurveyRollupPlace.counted_at)))
    sums = queries.totals(session, scope, f)
    tat, contacts = bucket_keys()
    keyed = queries.by_key(session, scope, f, rank_by)
    named = queries.names(session, {rank_by: {k for k, _, _ in keyed}})[rank_by]
    months = queries.by_month(session, scope, f)
    # Every share of the report in one call: intervals cost a little each, and there are many.
    asked = [
        (sums["top2"], sums["n"]),
        *((sums[f"top2_{a}"], sums[f"n_{a}"]) for a in ATTRIBUTES),
        *((sums[f"top2_t{i}"], sums[f"n_t{i}"]) for i in range(len(tat))),
        *((sums[f"top2_c{i}"], sums[f"n_c{i}"]) for i in range(len(contacts))),
        *((t, n) for _, n, t in months),
        *((t, n) for _, n, t in keyed),
    ]
    found = iter(stats.shares(asked))
    overall = next(found)
    by_attribute = [(a, next(found)) for a in ATTRIBUTES]
    by_tat = [(k, next(found)) for k in tat]
    by_contacts = [(k, next(found)) for k in contacts]
    trend = [(m, next(found)) for m, _, _ in months]
    ranked = stats.rank([(k, next(found)) for k, _, _ in keyed])
    # What the figures are made of: the selection, the last count and its sums.
    made_of = repr((scope, f, counted_at, sorted(sums.items())))
    drivers = kept(
        "survey-drivers" + made_of,
        lambda: stats.drivers(ATTRIBUTES, queries.patterns(session, scope, f)),
    )
    return Report(
        filters=f,
        rank_by=rank_by,
        overall=overall,
        attributes=by_attribute,
        trend=trend,
        turnaround=by_tat,
        contacts=by_contacts,
        ranking=[RankRow(int(r.key), named.get(int(r.key), "?"), r) for r in ranked],  # type: ignore[call-overload]
        drivers=drivers,
        counted_at=counted_at,
        made_of=made_of,
    )


def run(
    session: Session, actor: Acting, brand_id: int | None, asked: Asked, today: date
) -> tuple[Reader, Report]:
    """Check who asks and what, then compute the report (NotFound, ValidationFailed)."""
    reader = reader_for(session, actor, brand_id)
    f, rank_by = parse(asked, reader, today)
    return reader, report(session, reader, f, rank_by)


def choices(session: Session, reader: Reader, r: Report) -> Any:
    """Return what the reader may filter by, read once per report and count."""
    return kept(
        "survey-choices" + r.made_of, lambda: queries.choices(session, reader.scope, r.filters)
    )


def comment_filter(about: str | None, rating: str | None, text: str | None) -> CommentFilter:
    """Return the checked comment filter, or a ValidationFailed naming the field."""
    p = Problems()
    about = (about or "").strip() or "overall"
    if about not in ("overall", *ATTRIBUTES):
        p.check(lambda: _fail(N_("Choose one from the list."), "about"))
    value = (rating or "").strip()
    if value and value not in ("1", "2", "3", "4", "5"):
        p.check(lambda: _fail(N_("Choose a rating from 1 to 5."), "rating"))
    words = (text or "").strip()
    if len(words) > 100:
        p.check(lambda: _fail(N_("Search for at most 100 characters."), "text"))
    p.raise_if_any(N_("Some of the report's choices are wrong; see below."))
    return CommentFilter(about, int(value) if value else None, words or None)
