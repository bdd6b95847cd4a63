"""Small factories: make_<thing>(session, **overrides) returns a flushed row."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.accounts.service import create_account
from aftersales.catalog import service as catalog
from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre, Shop
from aftersales.devices.models import Phone
from aftersales.devices.service import register_phone
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.imei import make_imei
from aftersales.repairs.intake import Intake, OwnerDetails, open_repair
from aftersales.repairs.models import RepairOrder

PASSWORD = "Vesuvio-1944-lava"  # passes the password policy
_seq = itertools.count(1)


def n() -> int:
    """Return a number unique within the test run."""
    return next(_seq)


def make_brand(session: Session, **kw: Any) -> Brand:
    """Make a brand."""
    i = n()
    slug, name = kw.get("slug", f"brand-{i}"), kw.get("name", f"Brand {i}")
    return catalog.create_brand(session, SYSTEM, slug, name)


def make_model(session: Session, brand: Brand | None = None, **kw: Any) -> PhoneModel:
    """Make a phone model with one TAC."""
    brand = brand or make_brand(session)
    i = n()
    return catalog.create_model(
        session,
        SYSTEM,
        brand.id,
        kw.get("name", f"Model {i}"),
        kw.get("tacs", [f"{35000000 + i * 7919 % 9_000_000:08d}"]),
        kw.get("release_date", date(2020, 1, 1)),
    )


def make_centre(session: Session, brands: list[Brand], **kw: Any) -> ServiceCentre:
    """Make a service centre serving these brands (Naples by default)."""
    return catalog.create_centre(
        session,
        SYSTEM,
        name=kw.get("name", f"Centre {n()}"),
        city=kw.get("city", "Napoli"),
        country=kw.get("country", "IT"),
        brand_ids=[b.id for b in brands],
        working_week=kw.get("working_week", "1111100"),
        address=kw.get("address", "Via Roma 1"),
        latitude=kw.get("latitude"),
        longitude=kw.get("longitude"),
    )


def make_shop(session: Session, **kw: Any) -> Shop:
    """Make a shop (Portici by default)."""
    return catalog.create_shop(
        session,
        SYSTEM,
        name=kw.get("name", f"Shop {n()}"),
        city=kw.get("city", "Portici"),
        country=kw.get("country", "IT"),
        address=kw.get("address", "Corso Garibaldi 1"),
        latitude=kw.get("latitude"),
        longitude=kw.get("longitude"),
    )


def make_account(session: Session, role: str = "owner", **kw: Any) -> Account:
    """Make an account with the test password."""
    i = n()
    return create_account(
        session,
        SYSTEM,
        name=kw.pop("name", f"Person {i}"),
        role=role,
        email=kw.pop("email", f"user{i}@example.test"),
        password=kw.pop("password", PASSWORD),
        **kw,
    )


def make_phone(session: Session, model: PhoneModel, **kw: Any) -> Phone:
    """Make a phone of this model."""
    tac = model.tacs[0].tac
    return register_phone(
        session,
        imei=kw.pop("imei", make_imei(tac, n())),
        country=kw.pop("country", "IT"),
        purchase_date=kw.pop("purchase_date", date(2025, 6, 1)),
        **kw,
    )


class World:
    """A brand with a model, a centre, a shop, and an account of every role."""

    def __init__(self, session: Session, country: str = "IT") -> None:
        self.brand = make_brand(session)
        self.model = make_model(session, self.brand)
        self.centre = make_centre(
            session, [self.brand], country=country, city="Napoli" if country == "IT" else "Hà Nội"
        )
        self.shop = make_shop(session, country=country)
        self.owner = make_account(session, "owner")
        self.shop_staff = make_account(session, "shop_staff", shop_id=self.shop.id)
        self.technician = make_account(session, "technician", centre_id=self.centre.id)
        self.manager = make_account(session, "centre_manager", centre_id=self.centre.id)
        self.brand_admin = make_account(session, "brand_admin", brand_id=self.brand.id)
        self.admin = make_account(session, "platform_admin")
        self.session = session

    def repair(self, now: datetime, **kw: Any) -> RepairOrder:
        """Open a repair at the shop's counter for a new phone of the owner."""
        phone = make_phone(
            self.session,
            self.model,
            owner_id=kw.pop("owner_id", self.owner.id),
            shop_id=self.shop.id,
        )
        intake = Intake(
            imei=phone.imei,
            fault_category=kw.pop("fault_category", "display"),
            problem=kw.pop("problem", "Spots on the display"),
            centre_id=self.centre.id,
            **kw,
        )
        return open_repair(self.session, kw.get("actor", self.shop_staff), intake, now)


def owner_details(**kw: Any) -> OwnerDetails:
    """Return owner details for a counter intake."""
    return OwnerDetails(
        name=kw.get("name", "Mario Rossi"),
        email=kw.get("email", f"owner{n()}@example.test"),
        language=kw.get("language", "it"),
    )


def login(client: Any, account: Account) -> None:
    """Sign the client in as this account (cookie)."""
    r = client.post("/api/v1/auth/login", json={"email": account.email, "password": PASSWORD})
    assert r.status_code == 200, r.text
