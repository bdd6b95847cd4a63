"""The satisfaction report in the API: shares with their intervals, the ranking, the drivers."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class ShareRead(BaseModel):
    """A top-2-box share: `top2` of `n` answers rated 4 or 5, and its 95% Wilson interval."""

    n: int = Field(description="Answers counted.")
    top2: int = Field(description="Of them, rated very good (4) or excellent (5).")
    share: float | None = Field(description="top2 / n; null when n is 0.")
    low: float | None = Field(description="Lower end of the 95% Wilson interval.")
    high: float | None = Field(description="Upper end of the 95% Wilson interval.")


class AttributeRead(ShareRead):
    """One rated attribute: answers that rated it (not "does not apply")."""

    attribute: str = Field(
        description="explanation, solution, knowledge, soft_skills, turnaround or cost."
    )
    label: str = Field(description="Its name in the answer's language.")


class MonthRead(ShareRead):
    """The overall share in one month (months without answers are left out)."""

    month: date = Field(description="The month's first day.")


class BucketRead(ShareRead):
    """The overall share of the repairs that took so many working days, or contacts."""

    bucket: str = Field(description="0-2, 3-5, 6-10, 11+ (working days) or 0, 1, 2, 3+.")
    label: str


class RankRead(ShareRead):
    """One ranked brand, centre, shop or model."""

    id: int
    name: str
    rank: int | None = Field(
        description="1 + the entries whose interval lies wholly above "
        "this one's; null: fewer than 30 answers, not ranked."
    )
    tied: bool = Field(
        description="Its interval overlaps another's: the data cannot tell them apart."
    )


class DriverRead(BaseModel):
    """How much an attribute rated top-2 raises the odds of a top-2 overall rating."""

    attribute: str
    label: str
    odds_ratio: float
    low: float = Field(description="Lower end of the odds ratio's 95% interval.")
    high: float = Field(description="Upper end of the odds ratio's 95% interval.")
    p_value: float


class DriversRead(BaseModel):
    """What drives the overall rating, fitted on the latest answers that rate every attribute."""

    method: str = Field(description="The method, in words, in the answer's language.")
    n: int = Field(description="Answers the fit used.")
    sample_limit: int = Field(description="At most this many of the latest answers are used.")
    reason: str | None = Field(description="Why there is no fit: too_few or not_fitted.")
    drivers: list[DriverRead] = Field(description="Strongest first.")


class FiltersRead(BaseModel):
    """The report's choices as applied: whole months, first to last."""

    first_month: date
    last_month: date
    country: str | None
    channel: str | None
    centre_id: int | None
    shop_id: int | None
    model_id: int | None
    brand_id: int | None = Field(description="The brand reported on (null: every brand).")


class SatisfactionRead(BaseModel):
    """A satisfaction report: the same figures as the page and the CSV."""

    filters: FiltersRead
    rank_by: str = Field(description="brand, centre, shop or model.")
    counted_at: datetime | None = Field(
        description="When the answers were last counted; later answers count at the next count."
    )
    overall: ShareRead
    attributes: list[AttributeRead]
    trend: list[MonthRead]
    turnaround: list[BucketRead]
    contacts: list[BucketRead]
    ranking: list[RankRead]
    drivers: DriversRead


class CommentRead(BaseModel):
    """An owner's comment with their ratings: no name, no contact, the words as written."""

    id: int
    answered_on: date
    country: str
    channel: str
    centre: str | None
    shop: str | None
    model: str | None
    overall: int
    ratings: dict[str, int | None] = Field(
        description="Each attribute's rating, 1..5; null: does not apply."
    )
    language: str | None
    comment: str
