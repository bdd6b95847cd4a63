"""Tables of the insights rollups: one fact row per repair, two cubes of counts, the job's runs.

The worker keeps them (`insights.rollup`); the dashboards read them, never the raw events
(decision 250). Histogram columns hold counts per whole day so medians and 90th
percentiles are exact (decision 253).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from aftersales.db import Base
from aftersales.insights.figures import CAP, ERR_HIGH, ERR_LOW, STEPS
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.surveys.rollup import TURNAROUND_BUCKETS

_OPEN = text("open_status IS NOT NULL")


class InsightsFact(Base):
    """What one repair adds to the dashboards, as the worker last computed it (insights.facts)."""

    __tablename__ = "insights_fact"
    __table_args__ = (
        Index("ix_insights_fact_brand_opened", "brand_id", "opened_month"),
        Index("ix_insights_fact_brand_closed", "brand_id", "closed_month"),
        Index("ix_insights_fact_phone", "phone_id"),
        # The backlog of open repairs, per brand and per centre, from the index alone.
        Index(
            "ix_insights_fact_open_brand",
            "brand_id",
            "open_status",
            "open_since",
            "country",
            "week",
            postgresql_where=_OPEN,
            sqlite_where=_OPEN,
        ),
        Index(
            "ix_insights_fact_open_centre",
            "centre_id",
            "open_status",
            "open_since",
            "country",
            "week",
            postgresql_where=_OPEN,
            sqlite_where=_OPEN,
        ),
    )
    repair_id: Mapped[int] = mapped_column(
        ForeignKey("repair_order.id", ondelete="CASCADE"), primary_key=True
    )
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("service_centre.id"))
    country: Mapped[str] = mapped_column(String(2))
    week: Mapped[str] = mapped_column(String(7))  # the centre's working week
    model_id: Mapped[int] = mapped_column(ForeignKey("phone_model.id"))
    fault_category: Mapped[str] = mapped_column(String(20))
    phone_id: Mapped[int]
    opened_month: Mapped[date | None]  # None: cancelled, not a reported problem
    closed_month: Mapped[date | None]  # None: not closed (open, or cancelled)
    repeat: Mapped[bool] = mapped_column(default=False)
    came_back: Mapped[bool] = mapped_column(default=False)
    fixed_first_time: Mapped[bool] = mapped_column(default=False)
    tat_days: Mapped[int | None]
    sla_met: Mapped[bool | None]
    stepped: Mapped[bool] = mapped_column(default=False)  # step times measured
    contacts: Mapped[int] = mapped_column(default=0)
    offline_days: Mapped[int | None]
    survey_top2: Mapped[bool | None]  # None: no answer
    expected_error: Mapped[int | None]  # working days ready after the first promised date
    # Working days at each step before ready (figures.STEPS; 0 when not measured).
    step_transit: Mapped[int] = mapped_column(default=0)
    step_diagnosis: Mapped[int] = mapped_column(default=0)
    step_parts: Mapped[int] = mapped_column(default=0)
    step_owner: Mapped[int] = mapped_column(default=0)
    step_repair: Mapped[int] = mapped_column(default=0)
    open_status: Mapped[str | None] = mapped_column(String(24))
    open_since: Mapped[date | None]  # the day it entered the service (or was opened)
    computed_at: Mapped[datetime]


def hist_columns() -> dict[str, tuple[str, int]]:
    """Return each histogram column's name with its measure and day."""
    out: dict[str, tuple[str, int]] = {}
    for day in range(CAP + 1):
        out[f"tat_{day}"] = ("tat", day)
        out[f"off_{day}"] = ("off", day)
    for err in range(ERR_LOW, ERR_HIGH + 1):
        out[f"err_{'m' if err < 0 else 'p'}{abs(err)}"] = ("err", err)
    return out


# The summed columns of a cube cell (every one an integer count or sum of days).
SUMS = (
    "opened",
    "repeats",
    "closed",
    "fixed_first_time",
    "came_back",
    "tat_n",
    "tat_sum",
    "sla_n",
    "sla_met",
    "step_n",
    *(f"step_{s}" for s in STEPS),
    "contacts_sum",
    "contacts_zero",
    "off_n",
    "off_sum",
    "survey_n",
    "survey_top2",
    *(f"survey_{p}{i}" for i in range(len(TURNAROUND_BUCKETS)) for p in ("n", "top2")),
    "err_n",
    "err_on_time",
    "err_abs_sum",
    *hist_columns(),
)


class _Cell:
    """The counted columns every cube shares; added below."""

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date]
    country: Mapped[str] = mapped_column(String(2))


for _name in SUMS:
    setattr(_Cell, _name, mapped_column(Integer, default=0, nullable=False))


class InsightsCube(_Cell, Base):
    """Counts of one brand, centre, country, model, fault category and month."""

    __tablename__ = "insights_cube"
    __table_args__ = (
        # A brand's cells by month with every filter's column, so a filter is applied in the
        # index; the problems' counts are read from the index alone on PostgreSQL.
        Index(
            "ix_insights_cube_brand",
            "brand_id",
            "month",
            "model_id",
            "fault_category",
            "country",
            "centre_id",
            postgresql_include=["opened"],
        ),
        Index("ix_insights_cube_centre", "centre_id", "month"),
    )
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"))
    centre_id: Mapped[int] = mapped_column(ForeignKey("service_centre.id"))
    model_id: Mapped[int] = mapped_column(ForeignKey("phone_model.id"))
    fault_category: Mapped[str] = mapped_column(String(20))


class InsightsCubeBrand(_Cell, Base):
    """Counts of one brand, country and month: a brand's whole network, read in a few rows."""

    __tablename__ = "insights_cube_brand"
    __table_args__ = (Index("ix_insights_cube_brand_brand", "brand_id", "month"),)
    brand_id: Mapped[int] = mapped_column(ForeignKey("brand.id"))


class InsightsRun(Base):
    """The rollup job's last run: its watermark and when it finished (one row)."""

    __tablename__ = "insights_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime]  # the next run reads changes from here (less an overlap)
    finished_at: Mapped[datetime]
    repairs: Mapped[int] = mapped_column(default=0)  # fact rows computed by that run


# The rollup's watermark reads on the repairs' own tables (revision 0030): repairs changed
# since the last run, and events written since (a contact or a note does not touch the repair).
Index("ix_repair_order_updated", RepairOrder.updated_at)
Index("ix_repair_event_at", RepairEvent.at)
