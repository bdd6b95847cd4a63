"""insights rollup: one fact row per repair, two cubes of counts and the job's watermark

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-02 14:00:00

The dashboards read these, kept by the worker every few minutes, instead of the raw events
(decision 250); and two indexes on the repairs' tables for the job's watermark: repairs
updated and events written since the last run.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out, not imported: a migration does not change when the code does.
STEPS = ("transit", "diagnosis", "parts", "owner", "repair")
CAP, ERR_LOW, ERR_HIGH = 60, -15, 30
HIST = (
    *(f"{m}_{d}" for d in range(CAP + 1) for m in ("tat", "off")),
    *(f"err_{'m' if e < 0 else 'p'}{abs(e)}" for e in range(ERR_LOW, ERR_HIGH + 1)),
)
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
    *(f"survey_{p}{i}" for i in range(4) for p in ("n", "top2")),
    "err_n",
    "err_on_time",
    "err_abs_sum",
    *HIST,
)
OPEN = sa.text("open_status IS NOT NULL")


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _fk(name: str, target: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(target), nullable=False)


def upgrade() -> None:
    """Apply this revision: the rollup tables (empty: the job's first run fills them)."""
    op.create_table(
        "insights_fact",
        sa.Column(
            "repair_id",
            sa.Integer(),
            sa.ForeignKey("repair_order.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _fk("brand_id", "brand.id"),
        _fk("centre_id", "service_centre.id"),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("week", sa.String(length=7), nullable=False),
        _fk("model_id", "phone_model.id"),
        sa.Column("fault_category", sa.String(length=20), nullable=False),
        _int("phone_id"),
        sa.Column("opened_month", sa.Date(), nullable=True),
        sa.Column("closed_month", sa.Date(), nullable=True),
        sa.Column("repeat", sa.Boolean(), nullable=False),
        sa.Column("came_back", sa.Boolean(), nullable=False),
        sa.Column("fixed_first_time", sa.Boolean(), nullable=False),
        _int("tat_days", True),
        sa.Column("sla_met", sa.Boolean(), nullable=True),
        sa.Column("stepped", sa.Boolean(), nullable=False),
        _int("contacts"),
        _int("offline_days", True),
        sa.Column("survey_top2", sa.Boolean(), nullable=True),
        _int("expected_error", True),
        sa.Column("open_status", sa.String(length=24), nullable=True),
        sa.Column("open_since", sa.Date(), nullable=True),
        sa.Column("computed_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        *(_int(f"step_{s}") for s in STEPS),
    )
    op.create_index("ix_insights_fact_brand_opened", "insights_fact", ["brand_id", "opened_month"])
    op.create_index("ix_insights_fact_brand_closed", "insights_fact", ["brand_id", "closed_month"])
    op.create_index("ix_insights_fact_phone", "insights_fact", ["phone_id"])
    for key in ("brand", "centre"):
        op.create_index(
            f"ix_insights_fact_open_{key}", "insights_fact",
            [f"{key}_id", "open_status", "open_since", "country", "week"],
            postgresql_where=OPEN, sqlite_where=OPEN,
        )  # fmt: skip
    op.create_table(
        "insights_cube",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("brand_id", "brand.id"),
        _fk("centre_id", "service_centre.id"),
        _fk("model_id", "phone_model.id"),
        sa.Column("fault_category", sa.String(length=20), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        *(_int(c) for c in SUMS),
    )
    op.create_index(
        "ix_insights_cube_brand", "insights_cube",
        ["brand_id", "month", "model_id", "fault_category", "country", "centre_id"],
        postgresql_include=["opened"],
    )  # fmt: skip
    op.create_index("ix_insights_cube_centre", "insights_cube", ["centre_id", "month"])
    op.create_table(
        "insights_cube_brand",
        sa.Column("id", sa.Integer(), primary_key=True),
        _fk("brand_id", "brand.id"),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        *(_int(c) for c in SUMS),
    )
    op.create_index("ix_insights_cube_brand_brand", "insights_cube_brand", ["brand_id", "month"])
    op.create_table(
        "insights_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("started_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        _int("repairs"),
    )
    op.create_index("ix_repair_order_updated", "repair_order", ["updated_at"])
    op.create_index("ix_repair_event_at", "repair_event", ["at"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_repair_event_at", table_name="repair_event")
    op.drop_index("ix_repair_order_updated", table_name="repair_order")
    op.drop_table("insights_run")
    op.drop_index("ix_insights_cube_brand_brand", table_name="insights_cube_brand")
    op.drop_table("insights_cube_brand")
    for name in ("ix_insights_cube_centre", "ix_insights_cube_brand"):
        op.drop_index(name, table_name="insights_cube")
    op.drop_table("insights_cube")
    for name in (
        "ix_insights_fact_open_centre",
        "ix_insights_fact_open_brand",
        "ix_insights_fact_phone",
        "ix_insights_fact_brand_closed",
        "ix_insights_fact_brand_opened",
    ):
        op.drop_index(name, table_name="insights_fact")
    op.drop_table("insights_fact")
