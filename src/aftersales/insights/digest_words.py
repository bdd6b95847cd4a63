"""The weekly digest's message kind: last week's key figures against the weeks before, for
staff (a brand's admins, a centre's manager), with its charts as pictures in the e-mail.

The props are the figures, stored when queued; the words and the charts are made when the
message is sent, in the reader's language, so a message sent again says the same.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from aftersales.insights.digest_charts import pictures
from aftersales.kernel.i18n import N_
from aftersales.notifications.kinds import Image, Kind, Props, Words, register
from aftersales.notifications.links import Links
from aftersales.notifications.render import Tongue

KIND = "insights_weekly_digest"
WHY = N_(
    "You receive this each Monday because you run this network's or centre's service. "
    "To stop it, turn off e-mail in your profile."
)


class WeekFigures(BaseModel):
    """One week's figures (Monday to Sunday, UTC)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: date
    closed: int = Field(ge=0)
    tat_median: float | None = None
    tat_p90: float | None = None
    sla_met: int = Field(ge=0)
    sla_counted: int = Field(ge=0)
    backlog: int = Field(ge=0)
    contacts: int = Field(ge=0)
    answers: int = Field(ge=0)
    top2: int = Field(ge=0)


class Digest(Props):
    """Whose figures, and the weeks: oldest first, the last one being the week reported."""

    side: Literal["brand", "centre"]
    scope_id: int = Field(gt=0)
    scope_name: str = Field(min_length=1)
    weeks: list[WeekFigures] = Field(min_length=1, max_length=12)
    # The turnaround of the weeks before, pooled (not an average of weekly medians).
    before_tat_median: float | None = None
    before_tat_p90: float | None = None


def _share(t: Tongue, part: int, whole: int) -> str:
    return t.fmt.percent(part / whole) if whole else t._("none")


def _ratio(t: Tongue, part: int, whole: int, digits: int = 2) -> str:
    return t.fmt.number(round(part / whole, digits)) if whole else t._("none")


def _days(t: Tongue, value: float | None) -> str:
    return t.fmt.number(round(value, 1)) if value is not None else t._("none")


def link_of(p: Digest, links: Links) -> str:
    """Return the dashboard the digest summarises."""
    if p.side == "brand":
        return links.page("brand/insights", brand_id=str(p.scope_id))
    return links.page("centre/insights")


def lines(p: Digest, t: Tongue) -> list[str]:
    """Return the digest's paragraphs: each figure of last week, then the weeks before."""
    week, before = p.weeks[-1], p.weeks[:-1]
    n = len(before)
    closed = sum(w.closed for w in before)
    sla_met, sla_counted = sum(w.sla_met for w in before), sum(w.sla_counted for w in before)
    contacts = sum(w.contacts for w in before)
    answers, top2 = sum(w.answers for w in before), sum(w.top2 for w in before)
    backlog = sum(w.backlog for w in before)
    end = week.start + timedelta(days=6)
    out = [
        t._("The figures of {name} for the week from {first} to {last}, against the {count} "
            "weeks before.").format(name=p.scope_name, first=t.day(week.start),
                                    last=t.day(end), count=n),
        t._("Repairs closed: {now} (a week before: {before} on average).").format(
            now=t.fmt.number(week.closed), before=_ratio(t, closed, n, 1)),
        t._("Turnaround: median {median}, 90th percentile {p90} working days (before: {bm} and "
            "{bp}).").format(median=_days(t, week.tat_median), p90=_days(t, week.tat_p90),
                             bm=_days(t, p.before_tat_median), bp=_days(t, p.before_tat_p90)),
        t._("Within the SLA: {now} of the repairs closed (before: {before}).").format(
            now=_share(t, week.sla_met, week.sla_counted), before=_share(t, sla_met, sla_counted)),
        t._("Backlog at the week's end: {now} open repairs (before: {before} on average).").format(
            now=t.fmt.number(week.backlog), before=_ratio(t, backlog, n, 1)),
        t._("Contacts per repair (the aim is zero): {now} (before: {before}).").format(
            now=_ratio(t, week.contacts, week.closed), before=_ratio(t, contacts, closed)),
        t._("Top-2-box satisfaction: {now} of {count} answers (before: {before}).").format(
            now=_share(t, week.top2, week.answers), count=t.fmt.number(week.answers),
            before=_share(t, top2, answers)),
    ]  # fmt: skip
    return out


def write(p: Digest, t: Tongue, links: Links) -> Words:
    """Write the digest for a member of staff, with its three charts as pictures."""
    link = link_of(p, links)
    drawn = pictures(p.weeks, t._, _tag(t))
    images = tuple(Image(name, png, alt) for name, png, alt in drawn)
    subject = t._("Your week in figures: {name}, week of {day}").format(
        name=p.scope_name, day=t.day(p.weeks[-1].start)
    )
    body = [*lines(p, t), t._("Every figure, with filters and as CSV: {link}").format(link=link)]
    return Words(subject, body, link, why=WHY, images=images)


def _tag(t: Tongue) -> str:
    """Return the reader's locale tag for the charts' number and date formats."""
    return str(t.fmt.locale)


INSIGHTS_DIGEST = register(Kind(KIND, Digest, {"staff": write}))
