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


class ModelCareRead(BaseModel):
    """Everything the dashboard says of one model today."""

    model_id: int
    model: str
    release_date: date | None
    end_of_sale_date: date | None
    on: date
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


class ModelCareDetail(BaseModel):
    """A model's figures with their quarters and the versions in use."""

    figures: ModelCareRead
    phones_by_quarter: list[QuarterCount]
    phones_without_purchase_date: int
    repairs_by_quarter: list[QuarterCount]
    versions: list[VersionCount]


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
