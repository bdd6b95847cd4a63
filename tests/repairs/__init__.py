"""Tests of repair orders; QuickWorld is World with password-less accounts (no argon2)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.factories import World, make_account, make_brand, make_centre, make_model, make_shop


class QuickWorld(World):
    """World's brand, model, centre, shop and one account of every role, minus passwords."""

    def __init__(self, session: Session, country: str = "IT", week: str = "1111100") -> None:
        self.brand = make_brand(session)
        self.model = make_model(session, self.brand)
        self.centre = make_centre(
            session,
            [self.brand],
            country=country,
            city="Napoli" if country == "IT" else "Hà Nội",
            working_week=week,
        )
        self.shop = make_shop(session, country=country)
        self.owner = make_account(session, "owner", password=None)
        self.shop_staff = make_account(session, "shop_staff", password=None, shop_id=self.shop.id)
        self.technician = make_account(
            session, "technician", password=None, centre_id=self.centre.id
        )
        self.manager = make_account(
            session, "centre_manager", password=None, centre_id=self.centre.id
        )
        self.brand_admin = make_account(
            session, "brand_admin", password=None, brand_id=self.brand.id
        )
        self.admin = make_account(session, "platform_admin", password=None)
        self.session = session
