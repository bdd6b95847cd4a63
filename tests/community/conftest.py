"""A small community: two brands, owners, a serving centre's technician, the brands' admins."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.accounts.service import create_api_token, start_session
from aftersales.community import service
from aftersales.community.models import CommunityQuestion
from aftersales.config import Settings
from tests.factories import make_account, make_brand, make_centre, make_model, make_shop

SESSION_COOKIE = Settings.model_fields["session_cookie"].default


class Community:
    """Brand A (a model, a centre's technician, its admin) and brand B; two owners."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session, self.now = session, now
        self.brand = make_brand(session, name="Aurora")
        self.model = make_model(session, self.brand, name="Aurora 5")
        self.other_brand = make_brand(session, name="Borea")
        self.other_model = make_model(session, self.other_brand, name="Borea X")
        centre = make_centre(session, [self.brand])
        shop = make_shop(session)

        def person(role: str, **kw: Any) -> Account:
            return make_account(session, role, password=None, **kw)

        self.people = {
            "owner": person("owner", name="Anna Verdi", country="IT"),
            "owner2": person("owner", name="Binh Tran", language="vi", country="VN"),
            "tech": person("technician", name="Carlo Neri", centre_id=centre.id),
            "brand": person("brand_admin", name="Dario Blu", brand_id=self.brand.id),
            "brand_b": person("brand_admin", brand_id=self.other_brand.id),
            "shop": person("shop_staff", shop_id=shop.id),
            "admin": person("platform_admin"),
        }
        self.tokens = {k: create_api_token(session, a, "t", now)[1] for k, a in self.people.items()}
        session.commit()  # an error answer rolls back what is not committed

    def headers(self, who: str) -> dict[str, str]:
        """Return the API headers of one person."""
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def browse_as(self, client: Any, who: str | None) -> None:
        """Make the test browser this person's (None: anonymous)."""
        client.cookies.clear()
        if who is not None:
            token = start_session(self.session, self.people[who], self.now, 1)
            self.session.commit()
            client.cookies.set(SESSION_COOKIE, token)

    def ask(self, who: str = "owner", **kw: Any) -> CommunityQuestion:
        """Ask a question through the service."""
        values = {
            "model_id": self.model.id,
            "fault_category": "battery",
            "title": "Battery drains overnight",
            "language": "en",
            "body": "Since the last update the battery is empty every morning.",
        } | kw
        return service.ask(self.session, self.people[who], now=self.now, **values)


@pytest.fixture()
def world(session: Session, now: datetime) -> Community:
    """Return the community's people and brands."""
    return Community(session, now)
