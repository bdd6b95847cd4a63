"""parts and stock: the parts catalogue, stock locations, the ledger and its balances,
supply orders and the parts each repair needs

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import aftersales.db

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "part",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("cost_minor", sa.Integer(), nullable=False),
        sa.Column("price_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.Column("retired_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "cost_minor >= 0 AND price_minor >= 0", name=op.f("ck_part_money_not_negative")
        ),
        sa.CheckConstraint("lead_days >= 0", name=op.f("ck_part_lead_days_not_negative")),
        sa.ForeignKeyConstraint(["brand_id"], ["brand.id"], name=op.f("fk_part_brand_id_brand")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_part")),
        sa.UniqueConstraint("brand_id", "number", name=op.f("uq_part_brand_id_number")),
    )
    with op.batch_alter_table("part", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_part_brand_id"), ["brand_id"], unique=False)

    op.create_table(
        "stock_location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=True),
        sa.Column("brand_id", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(centre_id IS NULL) <> (brand_id IS NULL)",
            name=op.f("ck_stock_location_centre_or_warehouse"),
        ),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brand.id"], name=op.f("fk_stock_location_brand_id_brand")
        ),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["service_centre.id"],
            name=op.f("fk_stock_location_centre_id_service_centre"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_location")),
        sa.UniqueConstraint("brand_id", "country", name="uq_stock_location_warehouse"),
        sa.UniqueConstraint("centre_id", name="uq_stock_location_centre"),
    )
    op.create_table(
        "part_fit",
        sa.Column("part_id", sa.Integer(), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["model_id"],
            ["phone_model.id"],
            name=op.f("fk_part_fit_model_id_phone_model"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["part_id"], ["part.id"], name=op.f("fk_part_fit_part_id_part"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("part_id", "model_id", name=op.f("pk_part_fit")),
    )
    with op.batch_alter_table("part_fit", schema=None) as batch_op:
        batch_op.create_index("ix_part_fit_model", ["model_id", "part_id"], unique=False)

    op.create_table(
        "stock_level",
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("part_id", sa.Integer(), nullable=False),
        sa.Column("on_hand", sa.Integer(), server_default="0", nullable=False),
        sa.Column("reserved", sa.Integer(), server_default="0", nullable=False),
        sa.Column("reorder_point", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("on_hand >= 0", name=op.f("ck_stock_level_on_hand_not_negative")),
        sa.CheckConstraint(
            "reorder_point >= 0", name=op.f("ck_stock_level_reorder_point_not_negative")
        ),
        sa.CheckConstraint(
            "reserved >= 0 AND reserved <= on_hand",
            name=op.f("ck_stock_level_reserved_within_on_hand"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["stock_location.id"],
            name=op.f("fk_stock_level_location_id_stock_location"),
        ),
        sa.ForeignKeyConstraint(["part_id"], ["part.id"], name=op.f("fk_stock_level_part_id_part")),
        sa.PrimaryKeyConstraint("location_id", "part_id", name=op.f("pk_stock_level")),
    )
    with op.batch_alter_table("stock_level", schema=None) as batch_op:
        batch_op.create_index("ix_stock_level_part", ["part_id", "location_id"], unique=False)

    op.create_table(
        "supply_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("from_location_id", sa.Integer(), nullable=True),
        sa.Column("supplier", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("expected_date", sa.Date(), nullable=False),
        sa.Column("first_expected_date", sa.Date(), nullable=False),
        sa.Column("slips", sa.Integer(), server_default="0", nullable=False),
        sa.Column("slip_reason", sa.String(length=300), nullable=True),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("created_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.ForeignKeyConstraint(
            ["from_location_id"],
            ["stock_location.id"],
            name=op.f("fk_supply_order_from_location_id_stock_location"),
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["stock_location.id"],
            name=op.f("fk_supply_order_location_id_stock_location"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supply_order")),
    )
    with op.batch_alter_table("supply_order", schema=None) as batch_op:
        batch_op.create_index(
            "ix_supply_order_location_status", ["location_id", "status", "id"], unique=False
        )

    op.create_table(
        "supply_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("part_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("received", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_supply_line_quantity_positive")),
        sa.CheckConstraint(
            "received >= 0 AND received <= quantity",
            name=op.f("ck_supply_line_received_within_quantity"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["supply_order.id"],
            name=op.f("fk_supply_line_order_id_supply_order"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["part_id"], ["part.id"], name=op.f("fk_supply_line_part_id_part")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supply_line")),
    )
    with op.batch_alter_table("supply_line", schema=None) as batch_op:
        batch_op.create_index("ix_supply_line_part", ["part_id", "order_id"], unique=False)

    op.create_table(
        "repair_part",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=False),
        sa.Column("part_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=14), nullable=False),
        sa.Column("supply_line_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("filled_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_at", aftersales.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_repair_part_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["account.id"],
            name=op.f("fk_repair_part_actor_id_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["stock_location.id"],
            name=op.f("fk_repair_part_location_id_stock_location"),
        ),
        sa.ForeignKeyConstraint(["part_id"], ["part.id"], name=op.f("fk_repair_part_part_id_part")),
        sa.ForeignKeyConstraint(
            ["repair_id"], ["repair_order.id"], name=op.f("fk_repair_part_repair_id_repair_order")
        ),
        sa.ForeignKeyConstraint(
            ["supply_line_id"],
            ["supply_line.id"],
            name=op.f("fk_repair_part_supply_line_id_supply_line"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_part")),
    )
    with op.batch_alter_table("repair_part", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_repair_part_repair_id"), ["repair_id"], unique=False)
        batch_op.create_index("ix_repair_part_supply", ["supply_line_id"], unique=False)
        batch_op.create_index(
            "ix_repair_part_waiting", ["location_id", "part_id", "state", "id"], unique=False
        )

    op.create_table(
        "stock_movement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("part_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("on_hand_change", sa.Integer(), nullable=False),
        sa.Column("reserved_change", sa.Integer(), nullable=False),
        sa.Column("repair_id", sa.Integer(), nullable=True),
        sa.Column("supply_order_id", sa.Integer(), nullable=True),
        sa.Column("other_location_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(length=20), nullable=False),
        sa.Column("at", aftersales.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["account.id"],
            name=op.f("fk_stock_movement_actor_id_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["stock_location.id"],
            name=op.f("fk_stock_movement_location_id_stock_location"),
        ),
        sa.ForeignKeyConstraint(
            ["other_location_id"],
            ["stock_location.id"],
            name=op.f("fk_stock_movement_other_location_id_stock_location"),
        ),
        sa.ForeignKeyConstraint(
            ["part_id"], ["part.id"], name=op.f("fk_stock_movement_part_id_part")
        ),
        sa.ForeignKeyConstraint(
            ["repair_id"],
            ["repair_order.id"],
            name=op.f("fk_stock_movement_repair_id_repair_order"),
        ),
        sa.ForeignKeyConstraint(
            ["supply_order_id"],
            ["supply_order.id"],
            name=op.f("fk_stock_movement_supply_order_id_supply_order"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movement")),
    )
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_stock_movement_location_part", ["location_id", "part_id", "id"], unique=False
        )
        batch_op.create_index("ix_stock_movement_repair", ["repair_id"], unique=False)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("stock_movement", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_movement_repair")
        batch_op.drop_index("ix_stock_movement_location_part")

    op.drop_table("stock_movement")
    with op.batch_alter_table("repair_part", schema=None) as batch_op:
        batch_op.drop_index("ix_repair_part_waiting")
        batch_op.drop_index("ix_repair_part_supply")
        batch_op.drop_index(batch_op.f("ix_repair_part_repair_id"))

    op.drop_table("repair_part")
    with op.batch_alter_table("supply_line", schema=None) as batch_op:
        batch_op.drop_index("ix_supply_line_part")

    op.drop_table("supply_line")
    with op.batch_alter_table("supply_order", schema=None) as batch_op:
        batch_op.drop_index("ix_supply_order_location_status")

    op.drop_table("supply_order")
    with op.batch_alter_table("stock_level", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_level_part")

    op.drop_table("stock_level")
    with op.batch_alter_table("part_fit", schema=None) as batch_op:
        batch_op.drop_index("ix_part_fit_model")

    op.drop_table("part_fit")
    op.drop_table("stock_location")
    with op.batch_alter_table("part", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_part_brand_id"))

    op.drop_table("part")
