"""The commitment dashboard in the API: a model's figures, promises per country and flags."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from aftersales.support.schemas import SupportRead


class ReleaseFact(BaseModel):
    """A release named by the dashboard."""

    version: str
    release_date: date
    security_patch_date: date


class CountryCareRead(BaseModel):
    """A model's promises in one country and the flags they raise there."""

    country: str
    support: SupportRead = Field(description="As GET /models/{id}/commitments, without versions.")
    updates_promised: bool = Field(description="Software updates are promised today.")
    security_overdue: bool = Field(
        description="Updates are promised and no security update came for longer than "
        "support.security_cadence_days."
    )
    late_part_repairs: int = Field(
        description="Repairs whose part waited longer than parts_delivery_working_days "
        "(parts asked for since parts_waits_since, or still awaited)."
    )
    short_runway_parts: int = Field(
        description="Parts whose runway ends before this country's parts promise ends "
        '("until no longer in use": any runway short of the forecast\'s horizon).'
    )


class InUseRead(BaseModel):
    """The phones of a model expected still in use, from the last nightly forecast."""

    expected: int
    low: int = Field(description="The 80% range's lower end.")
    high: int = Field(description="The 80% range's upper end.")
    method: str = Field(
        description="fitted_model (its own phones' life), fitted_brand (its brand's phones, "
        "pooled) or default (the stated default life)."
    )
    computed_on: date


class PartOutlookRead(BaseModel):
    """A part's need for the model until the horizon, and the part's stock against it."""

    part_id: int
    number: str
    name: str = Field(description="In the answer's language (English when not given).")
    expected: int = Field(description="The model's uses expected until horizon_end.")
    upper80: int
    upper95: int
    available: int = Field(description="The part's, over every model it fits.")
    on_order: int
    runway_months: float | None = Field(description="null: the stock lasts past the horizon.")
    last_batch: int | None = Field(
        description="Only when the brand left the market or the part's production ends."
    )
    last_batch_reason: str | None = Field(description="brand_exit | production_ends")
    horizon_end: date | None = Field(
        description="null: until fewer than one phone is expected in use."
    )


class ModelCareRead(BaseModel):
    """Everything the dashboard says of one model today."""

    model_id: int
    model: str
    release_date: date | None
    end_of_sale_date: date | None
    on: date
    counted_on: date | None = Field(
        description="The day the nightly job counted phones, repairs, versions and parts "
        "waits; null: counted now (a model added since)."
    )
    phones_sold: int = Field(description="Registered phones of the model.")
    repairs_served: int = Field(description="Closed repairs (not cancelled).")
    latest_release: ReleaseFact | None
    days_since_release: int | None
    last_security_update: ReleaseFact | None = Field(
        description="The first release carrying the newest security patch level."
    )
    days_since_security_update: int | None
    phones_known_version: int
    phones_on_latest: int
    share_on_latest: float | None = Field(description="phones_on_latest / phones_known_version.")
    security_overdue: bool = Field(description="In any country (see countries).")
    late_part_repairs: int = Field(description="In all countries (see countries).")
    short_runway_parts: int = Field(description="Distinct parts short in any country.")
    in_use: InUseRead | None = Field(
        description="null: not yet forecast (the nightly job computes it)."
    )
    parts: list[PartOutlookRead] = Field(description="By part id; empty when not yet forecast.")
    countries: list[CountryCareRead]


class BrandCareRead(BaseModel):
    """A page of a brand's models, by name, with their figures."""

    brand_id: int
    on: date
    parts_waits_since: datetime = Field(description="Parts waits are measured from then.")
    total_models: int
    models: list[ModelCareRead]


class QuarterCount(BaseModel):
    """A count in one calendar quarter."""

    quarter_start: date
    count: int


class VersionCount(BaseModel):
    """Phones running one version (null: not known)."""

    version: str | None
    phones: int
    latest: bool
    on_file: bool


class InUsePoint(BaseModel):
    """The phones expected in use on a month's day, with the 80% range."""

    day: date
    expected: int
    low: int
    high: int


class ModelCareDetail(BaseModel):
    """A model's figures with their quarters and the versions in use."""

    figures: ModelCareRead
    phones_by_quarter: list[QuarterCount]
    phones_without_purchase_date: int
    repairs_by_quarter: list[QuarterCount]
    versions: list[VersionCount]
    in_use_by_month: list[InUsePoint] = Field(
        description="The forecast's phones in use per month; empty when not yet forecast."
    )


class LatePartRead(BaseModel):
    """A part that waited longer than the delivery time its country's support sets."""

    repair_code: str
    country: str
    part_number: str
    requested_at: datetime
    ended_at: datetime | None = Field(description="Filled or given back; null: still awaited.")
    still_waiting: bool
    working_days: int
    limit_working_days: int
