"""Tables of the forecast's results, replaced whole by the nightly job (care.nightly).

Methods and bases are codes, never sentences: pages say them in the reader's language.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base


class CareInUse(Base):
    """A model's phones expected in use on the day it was computed, with an 80% range."""

    __tablename__ = "care_in_use"
    model_id: Mapped[int] = mapped_column(
        ForeignKey("phone_model.id", ondelete="CASCADE"), primary_key=True
    )
    computed_on: Mapped[date]
    expected: Mapped[int]
    low: Mapped[int]
    high: Mapped[int]
    method: Mapped[str] = mapped_column(String(16))  # fitted_model | fitted_brand | default
    phones_seen: Mapped[int]  # the model's phones known to the platform
    events: Mapped[int]  # phones counted as retired in the fit it rests on
    median_months: Mapped[float]  # the median life of that fit
    shape: Mapped[float]  # its Weibull shape
    computed_at: Mapped[datetime]


class CareInUsePoint(Base):
    """One month of a model's curve of phones in use, from its first sale to the horizon."""

    __tablename__ = "care_in_use_point"
    model_id: Mapped[int] = mapped_column(
        ForeignKey("phone_model.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    expected: Mapped[int]
    low: Mapped[int]
    high: Mapped[int]


class CarePartOutlook(Base):
    """A part's forecast for one model it fits, and the part's stock against all its models.

    `expected`, `upper80` and `upper95` are this model's uses until `horizon_end`;
    `part_upper95`, `available`, `on_order`, `runway_months` and `last_batch` are the part's
    over every model it fits.
    """

    __tablename__ = "care_part_outlook"
    model_id: Mapped[int] = mapped_column(
        ForeignKey("phone_model.id", ondelete="CASCADE"), primary_key=True
    )
    part_id: Mapped[int] = mapped_column(
        ForeignKey("part.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    computed_on: Mapped[date]
    horizon_end: Mapped[date | None]
    horizon_basis: Mapped[str] = mapped_column(String(8))  # date | open | in_use | none
    expected: Mapped[int]
    upper80: Mapped[int]
    upper95: Mapped[int]
    part_upper95: Mapped[int]
    available: Mapped[int]
    on_order: Mapped[int]
    runway_months: Mapped[float | None]  # none: lasts past the horizon
    last_batch: Mapped[int | None]  # only when the brand left or the part's production ends
    # brand_exit | production_ends
    last_batch_reason: Mapped[str | None] = mapped_column(String(16))
    uses_seen: Mapped[float]  # this model's uses of the part in its history
    phone_years: Mapped[float]  # its phone-years in use over that history


class CareCount(Base):
    """A model's counts the dashboard shows, counted by the nightly job (decision 201)."""

    __tablename__ = "care_count"
    model_id: Mapped[int] = mapped_column(
        ForeignKey("phone_model.id", ondelete="CASCADE"), primary_key=True
    )
    counted_on: Mapped[date]
    counted_at: Mapped[datetime]
    repairs_served: Mapped[int]


class CareCountRow(Base):
    """One bar of a model's counted series: phones sold or repairs served in a quarter
    (`day`: its first day; phones with no purchase day: none), or phones on a version."""

    __tablename__ = "care_count_row"
    id: Mapped[int] = mapped_column(primary_key=True)
    model_id: Mapped[int] = mapped_column(
        ForeignKey("phone_model.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8))  # phones | repairs | version
    day: Mapped[date | None]
    version: Mapped[str | None] = mapped_column(String(40))  # kind "version"; none: not known
    count: Mapped[int]


class CareLateWait(Base):
    """A part that waited longer than its country's delivery time, as the job measured it."""

    __tablename__ = "care_late_wait"
    repair_part_id: Mapped[int] = mapped_column(
        ForeignKey("repair_part.id", ondelete="CASCADE"), primary_key=True
    )
    model_id: Mapped[int] = mapped_column(
        ForeignKey("phone_model.id", ondelete="CASCADE"), index=True
    )
    repair_id: Mapped[int]
    country: Mapped[str] = mapped_column(String(2))
    week: Mapped[str] = mapped_column(String(7))
    timezone: Mapped[str] = mapped_column(String(60))
    asked: Mapped[date]
    ended: Mapped[date | None]
    workdays: Mapped[int]
    limit_days: Mapped[int]
