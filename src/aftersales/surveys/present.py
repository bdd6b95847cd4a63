"""The report's words and its API shapes (the page reads the words, the CSV the shapes)."""

from __future__ import annotations

from collections.abc import Sequence

from aftersales.kernel.i18n import N_
from aftersales.kernel.language import translate
from aftersales.surveys.models import ATTRIBUTES, SurveyAnswer
from aftersales.surveys.queries import DRIVER_SAMPLE
from aftersales.surveys.report_schemas import (
    AttributeRead,
    BucketRead,
    CommentRead,
    DriverRead,
    DriversRead,
    FiltersRead,
    MonthRead,
    RankRead,
    SatisfactionRead,
    ShareRead,
)
from aftersales.surveys.reports import Report
from aftersales.surveys.stats import Share

ATTRIBUTE_WORDS = {
    "overall": N_("Overall"),
    "explanation": N_("Explanation of the problem"),
    "solution": N_("Solution"),
    "knowledge": N_("Staff knowledge"),
    "soft_skills": N_("Staff manners"),
    "turnaround": N_("Turnaround time"),
    "cost": N_("Cost"),
}
CHANNEL_WORDS = {
    "shop": N_("Through a shop"),
    "walk_in": N_("At the centre's counter"),
    "online": N_("Booked online"),
    "other": N_("Other"),
}
RANK_WORDS = {
    "brand": N_("Brand"),
    "centre": N_("Service centre"),
    "shop": N_("Shop"),
    "model": N_("Phone model"),
}
TURNAROUND_WORDS = {
    "0-2": N_("0–2 working days"),
    "3-5": N_("3–5 working days"),
    "6-10": N_("6–10 working days"),
    "11+": N_("11 working days or more"),
}
CONTACT_WORDS = {
    "0": N_("No contact"),
    "1": N_("1 contact"),
    "2": N_("2 contacts"),
    "3+": N_("3 contacts or more"),
}
METHOD = N_(
    "A logistic regression of a top-2 overall rating (4 or 5) on whether each attribute was "
    "rated top-2, over the latest %(limit)s answers at most that rate every attribute. An odds "
    "ratio above 1 means that a good rating of that attribute goes with a good overall rating, "
    "the other attributes held equal; where its 95%% interval holds 1, the answers cannot tell."
)
REASONS = {
    "too_few": N_("Not enough answers: the drivers need at least 200 that rate every attribute."),
    "not_fitted": N_("The answers do not vary enough to tell what drives the overall rating."),
}


def _share(s: Share) -> dict[str, object]:
    return {"n": s.n, "top2": s.top2, "share": s.share, "low": s.low, "high": s.high}


def report_read(r: Report, brand_id: int | None, lang: str) -> SatisfactionRead:
    """Shape a report, its words in `lang`."""
    f, d = r.filters, r.drivers
    return SatisfactionRead(
        filters=FiltersRead(
            first_month=f.first,
            last_month=f.last,
            country=f.country,
            channel=f.channel,
            centre_id=f.centre_id,
            shop_id=f.shop_id,
            model_id=f.model_id,
            brand_id=brand_id,
        ),
        rank_by=r.rank_by,
        counted_at=r.counted_at,
        overall=ShareRead(**_share(r.overall)),
        attributes=[
            AttributeRead(attribute=a, label=translate(lang, ATTRIBUTE_WORDS[a]), **_share(s))
            for a, s in r.attributes
        ],
        trend=[MonthRead(month=m, **_share(s)) for m, s in r.trend],
        turnaround=[
            BucketRead(bucket=k, label=translate(lang, TURNAROUND_WORDS[k]), **_share(s))
            for k, s in r.turnaround
        ],
        contacts=[
            BucketRead(bucket=k, label=translate(lang, CONTACT_WORDS[k]), **_share(s))
            for k, s in r.contacts
        ],
        ranking=[
            RankRead(
                id=x.id,
                name=x.name,
                rank=x.ranked.rank,
                tied=x.ranked.tied,
                **_share(x.ranked.share),
            )
            for x in r.ranking
        ],
        drivers=DriversRead(
            method=translate(lang, METHOD) % {"limit": f"{DRIVER_SAMPLE:,}"},
            n=d.n,
            sample_limit=DRIVER_SAMPLE,
            reason=d.reason,
            drivers=[
                DriverRead(
                    attribute=x.attribute,
                    label=translate(lang, ATTRIBUTE_WORDS[x.attribute]),
                    odds_ratio=x.odds_ratio,
                    low=x.low,
                    high=x.high,
                    p_value=x.p_value,
                )
                for x in d.drivers
            ],
        ),
    )


def comment_read(a: SurveyAnswer, named: dict[str, dict[int, str]]) -> CommentRead:
    """Shape one comment with its ratings and the names of its place and model."""

    def name(kind: str, key: int | None) -> str | None:
        return named[kind].get(key) if key is not None else None

    return CommentRead(
        id=a.id,
        answered_on=a.answered_on,
        country=a.country,
        channel=a.channel,
        centre=name("centre", a.centre_id),
        shop=name("shop", a.shop_id),
        model=name("model", a.model_id),
        overall=a.overall,
        ratings={k: getattr(a, k) for k in ATTRIBUTES},
        language=a.language,
        comment=a.comment or "",
    )


def wanted(answers: Sequence[SurveyAnswer]) -> dict[str, set[int]]:
    """Return the centres, shops and models a page of comments names."""
    return {
        k: {getattr(a, f"{k}_id") for a in answers if getattr(a, f"{k}_id") is not None}
        for k in ("centre", "shop", "model")
    }
