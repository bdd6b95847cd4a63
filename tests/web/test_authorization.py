"""The authorization matrix: every role against every endpoint under /api/v1 and every page.

Two worlds (brand, model, centre, shop, people of every role, a repair each). World A's
records are the targets; world B's people must not learn that they exist: 404, never 403.
A new endpoint fails `test_every_api_route_is_in_the_matrix`, a new page
`test_every_page_is_in_the_matrix`, until it gets its row here. Which fields of a repair
each role reads, in the API and on the page, is in test_authorization_fields.py.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.accounts.service import create_api_token, start_session
from aftersales.catalog.logo import set_logo
from aftersales.catalog.models import Brand, PhoneModel, ServiceCentre, Shop
from aftersales.catalog.service import add_tacs
from aftersales.community import service as community
from aftersales.config import Settings
from aftersales.counter.checklist import Checklist, record_checklist
from aftersales.counter.images import clean
from aftersales.counter.photos import add_photos
from aftersales.counter.storage import LocalFolderStore
from aftersales.defects.findings import Finding
from aftersales.defects.service import store as store_finding
from aftersales.inventory import ledger
from aftersales.inventory.locations import centre_location, warehouse
from aftersales.inventory.models import Movement, Part
from aftersales.inventory.supply import order_parts
from aftersales.kernel.actors import SYSTEM
from aftersales.knowledge.service import ArticleFields, create_article
from aftersales.notifications import webhooks
from aftersales.notifications.links import unsubscribe_token
from aftersales.notifications.models import OutboxMessage
from aftersales.repairs.intake import Intake, open_repair
from aftersales.repairs.loaners import give_loaner
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.parts import need_part, parts_of
from aftersales.repairs.quotes import make_quote
from aftersales.repairs.service import add_note, transition
from aftersales.surveys.models import SurveyInvitation
from aftersales.web.app import create_app
from tests.factories import (
    PASSWORD,
    make_account,
    make_brand,
    make_centre,
    make_imei,
    make_model,
    make_phone,
    make_shop,
    n,
)
from tests.factories.images import photo_bytes
from tests.factories.software import make_release
from tests.inventory import make_part
from tests.web.helpers import PROBLEM
from tests.web.pages.helpers import csrf, texts

try:
    from fastapi.routing import iter_route_contexts
except ImportError:  # FastAPI before included routers were kept as one route: flat already

    def iter_route_contexts(routes: Any) -> Any:  # type: ignore[no-redef]
        return iter(routes)


# Columns of the matrix, with the 3-letter heads used in the table below. "B" is world B:
# another brand with its own centre, shop and people.
SECRET = "test-secret"
PHOTOS = Path(tempfile.mkdtemp(prefix="aftersales-matrix-photos-"))
SESSION_COOKIE = Settings.model_fields["session_cookie"].default
ROLES = {
    "ano": "anonymous",
    "own": "owner",
    "owB": "owner_b",
    "shp": "shop",
    "tec": "tech",
    "mgr": "manager",
    "brd": "brand",
    "shB": "shop_b",
    "teB": "tech_b",
    "brB": "brand_b",
    "adm": "admin",
}


@pytest.fixture()
def settings(database_url: str) -> Settings:
    """Lift the per-address limits: the matrix calls tracking and login once per role."""
    return Settings(
        env="test",
        database_url=database_url,
        photo_dir=PHOTOS,
        secret_key=SECRET,
        track_limit_per_minute=1000,
        login_limit_per_minute=1000,
    )


class Side:
    """One world: a brand with a model, a centre and a shop, people, one repair."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session, self.now = session, now
        self.brand: Brand = make_brand(session)
        self.model: PhoneModel = make_model(session, self.brand)
        self.centre: ServiceCentre = make_centre(session, [self.brand])
        self.shop: Shop = make_shop(session)
        # No passwords: the matrix signs in with API tokens (argon2 is slow on purpose).
        self.people: dict[str, Account] = {
            "owner": make_account(session, "owner", password=None),
            "shop": make_account(session, "shop_staff", password=None, shop_id=self.shop.id),
            "tech": make_account(session, "technician", password=None, centre_id=self.centre.id),
            "manager": make_account(
                session, "centre_manager", password=None, centre_id=self.centre.id
            ),
            "brand": make_account(session, "brand_admin", password=None, brand_id=self.brand.id),
        }
        self.endpoint = webhooks.register(
            session, self.people["shop"], url="http://127.0.0.1:9/hook", now=now
        )
        self.repair = self.open_repair()

    def imei(self) -> str:
        """Return a new valid IMEI of this world's model (of a confirmed TAC: claims name none)."""
        tac = next(t.tac for t in self.model.tacs if t.status == "confirmed")
        return make_imei(tac, n())

    @cached_property
    def part(self) -> Part:
        """Return a display of this world's model, with one on the centre's shelf per call."""
        return make_part(self.session, [self.model], self.now)

    def open_repair(self, status: str = "received") -> RepairOrder:
        """Open a repair at the shop's counter for a new phone and bring it to `status`."""
        s, now, people = self.session, self.now, self.people
        phone = make_phone(s, self.model, owner_id=people["owner"].id, shop_id=self.shop.id)
        intake = Intake(phone.imei, "display", "Spots on the display", centre_id=self.centre.id)
        if status == "booked":  # online by the owner: registered, not handed in yet
            return open_repair(s, people["owner"], intake, now)
        repair = open_repair(s, people["shop"], intake, now)
        if status in ("diagnosing", "quoted", "ready", "parted", "surveyed"):
            transition(s, people["tech"], repair, "diagnosing", now)
        if status == "surveyed":  # closed, and its owner invited to the survey
            transition(s, people["tech"], repair, "ready", now)
            transition(s, people["tech"], repair, "closed", now, outcome="repaired")
            until = now + timedelta(days=30)
            s.add(SurveyInvitation(repair_id=repair.id, brand_id=repair.brand_id, channel="email",
                                   language="it", sent_at=now, expires_at=until))  # fmt: skip
        if status == "parted":  # a display reserved from the centre's shelf
            shelf = centre_location(s, self.centre)
            ledger.move(s, shelf.id, self.part.id, Movement.received, 1, SYSTEM, now)
            need_part(s, people["tech"], repair, self.part.id, 1, now)
        if status == "ready":
            transition(s, people["tech"], repair, "ready", now)
        if status == "locked":  # the owner left the unlock code at the counter
            code_given = Checklist(screen_lock="code_given", passcode="1234")
            record_checklist(s, people["shop"], repair, code_given, SECRET, now)
        if status == "loaned":  # a loaner phone is out with the owner
            give_loaner(s, people["shop"], repair, now, label="PRESTITO-00")
        if status == "quoted":
            make_quote(
                s,
                people["tech"],
                repair,
                now,
                amount_minor=9900,
                currency="EUR",
                description="Display rotto da una caduta",
            )
        return repair


class Worlds:
    """World A (the targets), world B (the strangers) and a platform admin."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session, self.now = session, now
        self.a, self.b = Side(session, now), Side(session, now)
        self.accounts: dict[str, Account] = {
            **self.a.people,
            **{f"{k}_b": v for k, v in self.b.people.items() if k != "manager"},
            "admin": make_account(session, "platform_admin", password=None),
        }
        self.headers: dict[str, dict[str, str]] = {"anonymous": {}} | {
            role: {"Authorization": f"Bearer {self._token(a)}"} for role, a in self.accounts.items()
        }
        # Pages open by the session cookie only (a bearer token does not open them).
        self.cookies: dict[str, str] = {
            role: start_session(session, a, now, 1) for role, a in self.accounts.items()
        }
        self.spare_token_id = create_api_token(session, self.a.people["owner"], "spare", now)[0].id
        session.commit()

    def _token(self, account: Account) -> str:
        return create_api_token(self.session, account, "matrix", self.now)[1]

    def browse_as(self, client: Any, role: str) -> None:
        """Make the test browser this role's: its session cookie, or none (anonymous)."""
        client.cookies.clear()
        if role in self.cookies:
            client.cookies.set(SESSION_COOKIE, self.cookies[role])

    def login_account(self) -> Account:
        """Return an account with a password, made once (hashing is slow)."""
        if not hasattr(self, "_login"):
            self._login = make_account(self.session, "owner")
        return self._login

    def claim(self) -> str:
        """Return a new TAC that world A's brand admin claimed, waiting for confirmation."""
        tac = f"{99_000_000 + n():08d}"  # after the model's own TAC: factories use the first
        add_tacs(self.session, self.a.model, [tac], pending=True, by=self.a.people["brand"].id)
        return tac

    def values(self, target: str) -> dict[str, Any]:
        """Return the path values; a fresh repair in the wanted state for changing calls."""
        a = self.a
        repair = a.repair if target == "repair" else a.open_repair(target)
        return {
            "code": repair.code,
            "last4": repair.phone.imei[-4:],
            "phone_id": repair.phone_id,
            "token_id": self.spare_token_id,
            "imei": a.imei(),
            "endpoint_id": a.endpoint.id,
            "model_id": a.model.id,
            "brand_id": a.brand.id,
            "tac": self.claim(),
            "decision": "confirm",
            "message_id": self.session.scalar(select(OutboxMessage.id).limit(1)),
            "token": unsubscribe_token(SECRET, a.people["owner"].id, "sms"),
            "photo_id": self.photo_id(),
            "centre_id": a.centre.id,
            "shop_id": a.shop.id,
            "kind": "centres",
            "place_id": a.centre.id,
            "account_id": a.people["owner"].id,
            "action": "invite",
            "colour": "1d4ed8",
            "digest": self.logo_digest,
            "part_row": next((p.id for p in parts_of(self.session, repair.id)), 0),
            "order_id": self.supply_order_id(),
            "location_id": self.location_id(),
            "release_id": make_release(self.session, a.model).id,
            "part_id": a.part.id,
            "name": "versions",
            "article_id": self.article_id(),
            "move": "submit",
            **self.community(),
            "chart": "trend",
            "alert": self.alert_id(),
            "insight": "turnaround",
        }

    def alert_id(self) -> int:
        """Return a new open defect alert of world A's brand and model."""
        a = self.a
        finding = Finding(
            kind="rate", key=f"rate:{a.model.id}:display:{n()}", brand_id=a.brand.id,
            model_id=a.model.id, fault_category="display", software_version=None,
            started_on=self.now.date() - timedelta(weeks=6), observed=30, expected=10.0,
            ratio=3.0, low=2.0, high=4.3, method="negbin_fdr", p_value=0.001,
            repair_ids=(a.repair.id,),
        )  # fmt: skip
        return store_finding(self.session, finding, self.now)[0].id

    def community(self) -> dict[str, Any]:
        """Return a new question of owner A about world A's model, A's technician's answer to
        it and owner A's report of it; the figures' chart."""
        s, a = self.session, self.a
        question = community.ask(
            s, a.people["owner"], model_id=a.model.id, fault_category="battery",
            title="Battery drains overnight", body="Empty every morning since the update.",
            language="en", now=self.now,
        )  # fmt: skip
        answer = community.answer(s, a.people["tech"], question, "Turn off the refresh.", self.now)
        report = community.report(s, a.people["owner"], question, "spam", self.now)
        self.community_answer_id = answer.id
        return {"question_id": question.id, "answer_id": answer.id, "report_id": report.id,
                "figure": "problems"}  # fmt: skip

    def public_note_id(self) -> int:
        """Return a new note that world A's repair's owner reads, written by its centre."""
        a = self.a
        note = "Il display aveva macchie: sostituito in garanzia."
        return add_note(
            self.session, a.people["tech"], a.repair, self.now, text=note, public=True
        ).id

    def article_id(self) -> int:
        """Return a new draft article of world A's brand, written by its admin."""
        fields = ArticleFields("Spots on the display", "Restart it.", model_id=self.a.model.id)
        return create_article(self.session, self.a.people["brand"], self.a.brand.id, fields,
                              self.now).id  # fmt: skip

    def supply_order_id(self) -> int:
        """Return a new open supply order of one display for world A's centre."""
        shelf = centre_location(self.session, self.a.centre)
        due = self.now.date() + timedelta(days=7)
        order = order_parts(self.session, SYSTEM, shelf.id, {self.a.part.id: 1}, due, self.now)
        self.last_line_id = order.lines[0].id
        return order.id

    def location_id(self) -> int:
        """Return world A's centre's stock location."""
        return centre_location(self.session, self.a.centre).id

    def warehouse_id(self) -> int:
        """Return world A's brand's warehouse in Italy."""
        return warehouse(self.session, self.a.brand, "IT").id

    def stocked_shelf_part_id(self) -> int:
        """Return world A's display, with one more of it on world A's centre's shelf."""
        shelf = self.location_id()
        ledger.move(self.session, shelf, self.a.part.id, Movement.received, 1, SYSTEM, self.now)
        return self.a.part.id

    def stocked_warehouse_id(self) -> int:
        """Return world A's brand's warehouse in Italy, with one more of A's displays in it."""
        depot = self.warehouse_id()
        ledger.move(self.session, depot, self.a.part.id, Movement.received, 1, SYSTEM, self.now)
        return depot

    @cached_property
    def logo_digest(self) -> str:
        """Return the address of world A's brand's logo, given once."""
        return set_logo(self.session, SYSTEM, self.a.brand, photo_bytes(fmt="PNG")).logo or ""

    def photo_id(self) -> int:
        """Return a condition photo of world A's repair, taken at its counter."""
        image = clean(photo_bytes(), "photos")
        store = LocalFolderStore(PHOTOS)
        a = self.a
        return add_photos(self.session, store, a.people["shop"], a.repair, [image], self.now)[0].id


# Every endpoint under /api/v1 and the status each role gets, world A's records as targets.
# fmt: off
MATRIX = {
    # endpoint                                  ano own owB shp tec mgr brd shB teB brB adm
    "GET /ping":                               "200 200 200 200 200 200 200 200 200 200 200",
    # parts and stock: catalogues are read by staff; a place's stock by its staff and brands
    "GET /parts":                              "401 200 200 200 200 200 200 200 200 200 200",
    "GET /models/{model_id}/parts":            "401 200 200 200 200 200 200 200 200 200 200",
    "POST /parts":                             "401 403 403 403 403 403 201 403 403 403 201",
    "PATCH /parts/{part_id}":                  "401 403 403 403 403 403 200 403 403 404 200",
    "GET /stock/{location_id}":                "401 404 404 404 200 200 200 404 404 200 200",
    "GET /stock-locations":                    "401 200 200 200 200 200 200 200 200 200 200",
    "POST /stock/transfers":                   "401 404 404 404 404 404 409 404 404 404 409",
    "POST /stock/adjustments":                 "401 404 404 404 403 204 403 404 404 404 204",
    "PUT /stock/reorder-points":               "401 404 404 404 403 204 403 404 404 404 204",
    "GET /supply-orders":                      "401 404 404 404 200 200 200 404 404 200 200",
    "GET /repairs/{code}/parts":               "401 403 404 200 200 200 200 404 404 404 200",
    "POST /repairs/{code}/parts":              "401 403 404 403 201 201 403 404 404 404 201",
    "POST /repairs/{code}/parts/{part_row}/release": "401 403 404 403 200 200 403 404 404 404 200",
    "POST /supply-orders/{order_id}/receipts": "401 404 404 404 200 200 404 404 404 404 200",
    "POST /supply-orders/{order_id}/schedule": "401 404 404 404 200 200 404 404 404 404 200",
    "GET /openapi.json":                       "200 200 200 200 200 200 200 200 200 200 200",
    "GET /docs":                               "200 200 200 200 200 200 200 200 200 200 200",
    "GET /track/{code}":                       "200 200 200 200 200 200 200 200 200 200 200",
    "POST /auth/login":                        "200 200 200 200 200 200 200 200 200 200 200",
    "POST /auth/logout":                       "204 204 204 204 204 204 204 204 204 204 204",
    # one's own account and tokens; the token to revoke is owner A's
    "GET /me":                                 "401 200 200 200 200 200 200 200 200 200 200",
    "PATCH /me":                               "401 200 200 200 200 200 200 200 200 200 200",
    "GET /tokens":                             "401 200 200 200 200 200 200 200 200 200 200",
    # The matrix calls with API tokens, and a token cannot make tokens: every role's own
    # session makes them (tests/web/test_tokens.py).
    "POST /tokens":                            "401 403 403 403 403 403 403 403 403 403 403",
    "DELETE /tokens/{token_id}":               "401 204 404 404 404 404 404 404 404 404 404",
    "POST /accounts":                          "401 403 403 403 403 403 403 403 403 403 201",
    # catalogue: everyone signed in reads it; admins (of the brand, for models) change it
    "GET /audit":                              "401 403 403 403 403 403 200 403 403 200 200",
    "GET /brands":                             "401 200 200 200 200 200 200 200 200 200 200",
    "POST /brands":                            "401 403 403 403 403 403 403 403 403 403 201",
    "GET /models":                             "401 200 200 200 200 200 200 200 200 200 200",
    "POST /models":                            "401 403 403 403 403 403 201 403 403 403 201",
    "GET /models/by-imei/{imei}":              "401 200 200 200 200 200 200 200 200 200 200",
    # TACs: a brand's admins claim them for its models, platform admins confirm or refuse
    "POST /models/{model_id}/tacs":            "401 403 403 403 403 403 200 403 403 403 200",
    "GET /tacs/pending":                       "401 403 403 403 403 403 200 403 403 200 200",
    "POST /tacs/{tac}/confirm":                "401 403 403 403 403 403 403 403 403 403 200",
    "POST /tacs/{tac}/reject":                 "401 403 403 403 403 403 403 403 403 403 204",
    "GET /centres":                            "401 200 200 200 200 200 200 200 200 200 200",
    "POST /centres":                           "401 403 403 403 403 403 403 403 403 403 201",
    "GET /shops":                              "401 200 200 200 200 200 200 200 200 200 200",
    "POST /shops":                             "401 403 403 403 403 403 403 403 403 403 201",
    # editing centres and shops: platform admins, as adding them; a model: its brand's admins
    "PATCH /centres/{centre_id}":              "401 403 403 403 403 403 403 403 403 403 200",
    "PATCH /shops/{shop_id}":                  "401 403 403 403 403 403 403 403 403 403 200",
    "PATCH /models/{model_id}":                "401 403 403 403 403 403 200 403 403 403 200",
    # software releases: read by everyone signed in, as the catalogue; its brand's admins add
    # and correct them and read the share of phones on the latest
    "GET /models/{model_id}/releases":         "401 200 200 200 200 200 200 200 200 200 200",
    "POST /models/{model_id}/releases":        "401 403 403 403 403 403 201 403 403 403 201",
    "PATCH /models/{model_id}/releases/{release_id}": "401 403 403 403 403 403 200 403 403 403 200",
    "GET /models/{model_id}/software-share":   "401 403 403 403 403 403 200 403 403 403 200",
    # support commitments and exits: the brand's admins and platform admins; others: not there
    "GET /models/{model_id}/commitments":      "401 404 404 404 404 404 200 404 404 404 200",
    "PUT /models/{model_id}/commitments":      "401 404 404 404 404 404 200 404 404 404 200",
    "GET /brands/{brand_id}/exit":             "401 404 404 404 404 404 200 404 404 404 200",
    "PUT /brands/{brand_id}/exit":             "401 404 404 404 404 404 200 404 404 404 200",
    "DELETE /brands/{brand_id}/exit":          "401 404 404 404 404 404 204 404 404 404 204",
    # the commitment dashboard: the brand's admins and platform admins; others: not there
    "GET /brands/{brand_id}/care":             "401 404 404 404 404 404 200 404 404 404 200",
    "GET /brands/{brand_id}/care.csv":         "401 404 404 404 404 404 200 404 404 404 200",
    "GET /brands/{brand_id}/care-parts.csv":   "401 404 404 404 404 404 200 404 404 404 200",
    "GET /models/{model_id}/care":             "401 404 404 404 404 404 200 404 404 404 200",
    "GET /models/{model_id}/care/late-parts":  "401 404 404 404 404 404 200 404 404 404 200",
    # defect alerts: the brand's admins read and decide them; platform admins read them only
    "GET /alerts":                             "401 404 404 404 404 404 200 404 404 404 200",
    "GET /alerts/{alert}":                     "401 404 404 404 404 404 200 404 404 404 200",
    "POST /alerts/{alert}/acknowledge":        "401 404 404 404 404 404 200 404 404 404 403",
    "POST /alerts/{alert}/dismiss":            "401 404 404 404 404 404 200 404 404 404 403",
    # the community: anyone reads visible threads; owners ask, vote and report; owners and
    # the brand's engineers (its admins, its centres' staff) answer; its admins moderate
    "GET /community/questions":                "200 200 200 200 200 200 200 200 200 200 200",
    "POST /community/questions":               "401 201 201 403 403 403 403 403 403 403 403",
    "GET /community/questions/{question_id}":  "200 200 200 200 200 200 200 200 200 200 200",
    "POST /community/questions/{question_id}/answers":
                                               "401 201 201 403 201 201 201 403 403 403 201",
    "POST /community/answers/{answer_id}/votes": "401 200 200 403 403 403 403 403 403 403 403",
    "POST /community/questions/{question_id}/accept": "401 200 403 403 403 403 200 403 403 403 200",
    "POST /community/questions/{question_id}/reports":
                                               "401 201 201 403 403 403 403 403 403 403 403",
    "POST /community/questions/{question_id}/moderation":
                                               "401 404 404 404 404 404 200 404 404 404 200",
    "GET /community/reports":                  "401 404 404 404 404 404 200 404 404 404 200",
    "POST /community/reports/{report_id}/resolve": "401 404 404 404 404 404 200 404 404 404 200",
    "GET /brands/{brand_id}/community":        "401 404 404 404 404 404 200 404 404 404 200",
    "GET /brands/{brand_id}/community.csv":    "401 404 404 404 404 404 200 404 404 404 200",
    # satisfaction reports: each place's staff read their own answers; technicians none
    "GET /satisfaction":                       "401 404 404 200 404 200 200 200 404 200 200",
    # insights: brand admins their brand, centre managers their centre, platform admins any brand
    "GET /insights":                           "401 404 404 404 404 200 200 404 404 200 200",
    "GET /insights/{insight}.csv":             "401 404 404 404 404 200 200 404 404 200 200",
    "GET /satisfaction.csv":                   "401 404 404 200 404 200 200 200 404 200 200",
    "GET /satisfaction/comments":              "401 404 404 200 404 200 200 200 404 200 200",
    "GET /satisfaction/comments.csv":          "401 404 404 200 404 200 200 200 404 200 200",
    # phones: centres see repairs, not the phone registry
    "GET /phones":                             "401 200 200 200 200 200 200 200 200 200 200",
    "POST /phones":                            "401 201 201 201 403 403 403 201 403 403 201",
    "GET /phones/{phone_id}":                  "401 200 404 200 404 404 200 404 404 404 200",
    # policies: brand admins read their own brand's, change only their own brand's; a centre
    # manager reads the SLA promises that apply at their centre (as their board shows them)
    "GET /warranty-policies":                  "401 403 403 403 403 403 200 403 403 200 200",
    "PUT /warranty-policies":                  "401 403 403 403 403 403 200 403 403 403 200",
    "GET /sla-policies":                       "401 403 403 403 403 200 200 403 403 200 200",
    "PUT /sla-policies":                       "401 403 403 403 403 403 200 403 403 403 200",
    # repairs: owners book online only for a registered phone (422 here); a technician
    # opens at their own centre, which for world B does not serve brand A (422)
    "POST /repairs":                           "401 422 422 201 201 201 403 201 422 403 201",
    "GET /repairs":                            "401 200 200 200 200 200 200 200 200 200 200",
    "GET /repairs/{code}":                     "401 200 404 200 200 200 200 404 404 404 200",
    "POST /repairs/{code}/transitions":        "401 403 404 200 200 200 403 404 404 404 200",
    # the counter's prints, for a shop's till: the repair's shop and centre only
    "GET /repairs/{code}/receipt.pdf":         "401 404 404 200 200 200 404 404 404 404 200",
    "GET /repairs/{code}/label.pdf":           "401 404 404 200 200 200 404 404 404 404 200",
    "GET /repairs/{code}/events":              "401 200 404 200 200 200 200 404 404 404 200",
    "POST /repairs/{code}/notes":              "401 403 404 201 201 201 403 404 404 404 201",
    "POST /repairs/{code}/warranty-decision":  "401 403 404 403 200 200 403 404 404 404 200",
    "POST /repairs/{code}/quote":              "401 403 404 403 201 201 403 404 404 404 201",
    "GET /repairs/{code}/quotes":              "401 200 404 200 200 200 200 404 404 404 200",
    "POST /repairs/{code}/quote/decision":     "401 200 404 403 200 200 403 404 404 404 200",
    "POST /repairs/{code}/quote/withdraw":     "401 403 404 403 200 200 403 404 404 404 200",
    "POST /repairs/{code}/contacts":           "401 403 404 201 201 201 403 404 404 404 201",
    "GET /repairs/{code}/contacts":            "401 403 404 200 200 200 403 404 404 404 200",
    "GET /repairs/{code}/messages":            "401 403 404 200 200 200 200 404 404 404 200",
    # who works on it: the centre's (a technician takes it, the manager assigns anyone)
    "GET /repairs/{code}/assignment":          "401 403 404 403 200 200 403 404 404 404 200",
    "POST /repairs/{code}/assignment":         "401 403 404 403 200 200 403 404 404 404 200",
    # loaner phones: the shop or the centre gives one and records its return
    "GET /repairs/{code}/loaners":             "401 403 404 200 200 200 200 404 404 404 200",
    "POST /repairs/{code}/loaners":            "401 403 404 201 201 201 403 404 404 404 201",
    "POST /repairs/{code}/loaners/return":     "401 403 404 200 200 200 403 404 404 404 200",
    # boards and reports, each within the caller's own centre, shop or brand
    "GET /sla/at-risk":                        "401 403 403 403 200 200 200 403 200 200 200",
    "GET /sla/breached":                       "401 403 403 403 200 200 200 403 200 200 200",
    "GET /reports/contacts":                   "401 403 403 200 200 200 200 200 200 200 200",
    # webhooks: shop staff and brand admins register their own; world A's is shop A's
    "POST /webhooks":                          "401 403 403 201 403 403 201 201 403 201 201",
    "GET /webhooks":                           "401 200 200 200 200 200 200 200 200 200 200",
    "GET /webhooks/{endpoint_id}/deliveries":  "401 404 404 200 404 404 404 404 404 404 200",
    "POST /webhooks/{endpoint_id}/enable":     "401 404 404 200 404 404 404 404 404 404 200",
    "POST /webhooks/{endpoint_id}/disable":    "401 404 404 200 404 404 404 404 404 404 200",
    # the outbox: platform admins only
    "GET /outbox/dead":                        "401 403 403 403 403 403 403 403 403 403 200",
    "GET /outbox/{message_id}":                "401 403 403 403 403 403 403 403 403 403 200",
    "POST /outbox/requeue":                    "401 403 403 403 403 403 403 403 403 403 200",
    # the knowledge base: its brand's admins write and move articles (a draft is not found by
    # anyone else); the likely fixes are public
    "GET /brands/{brand_id}/articles":         "401 404 404 404 404 404 200 404 404 404 200",
    "POST /brands/{brand_id}/articles":        "401 404 404 404 404 404 201 404 404 404 201",
    "GET /articles/{article_id}":              "404 404 404 404 404 404 200 404 404 404 200",
    "PATCH /articles/{article_id}":            "401 404 404 404 404 404 200 404 404 404 200",
    "POST /articles/{article_id}/moves":       "401 404 404 404 404 404 200 404 404 404 200",
    "GET /selfhelp/suggestions":               "200 200 200 200 200 200 200 200 200 200 200",
    # self-help deflection: the brand's admins and platform admins
    "GET /brands/{brand_id}/selfhelp":         "401 404 404 404 404 404 200 404 404 404 200",
    "GET /brands/{brand_id}/selfhelp.csv":     "401 404 404 404 404 404 200 404 404 404 200",
    # history import from another system: the platform's alone (a dry run here)
    "POST /imports/history":                   "401 403 403 403 403 403 403 403 403 403 200",
}
# fmt: on

RELEASE = {
    "release_date": "2026-02-10",
    "security_patch_date": "2026-02-01",
    "kind": "security",
    "notes": {"en": "February security patch."},
}
# What a changing call needs: a fresh repair in a given state, and a body.
TARGETS = {
    "POST /repairs/{code}/parts": "diagnosing",
    "POST /repairs/{code}/parts/{part_row}/release": "parted",
    "POST /repairs/{code}/transitions": "received",
    "POST /repairs/{code}/notes": "received",
    "POST /repairs/{code}/contacts": "received",
    "POST /repairs/{code}/warranty-decision": "diagnosing",
    "POST /repairs/{code}/quote": "diagnosing",
    "POST /repairs/{code}/quote/decision": "quoted",
    "POST /repairs/{code}/assignment": "received",
    "POST /repairs/{code}/loaners": "received",
    "POST /repairs/{code}/loaners/return": "loaned",
    "POST /repairs/{code}/quote/withdraw": "quoted",
}
BODIES: dict[str, Callable[[Worlds], dict[str, Any]]] = {
    "POST /alerts/{alert}/acknowledge": lambda w: {"reason": "The supplier is told."},
    "POST /alerts/{alert}/dismiss": lambda w: {"reason": "A known batch, replaced."},
    "POST /auth/login": lambda w: {"email": w.login_account().email, "password": PASSWORD},
    "PATCH /me": lambda w: {"language": "it"},
    "POST /tokens": lambda w: {"name": "Till"},
    "POST /accounts": lambda w: {"name": "Nuovo", "role": "owner", "email": f"u{n()}@ex.test"},
    "POST /brands": lambda w: {"slug": f"b{n()}", "name": f"Brand {n()}"},
    "POST /models": lambda w: {
        "brand_id": w.a.brand.id,
        "name": f"M{n()}",
        "tacs": [f"{35_000_000 + n():08d}"],
    },
    "POST /models/{model_id}/tacs": lambda w: {"tacs": [f"{99_000_000 + n():08d}"]},
    "POST /models/{model_id}/releases": lambda w: {**RELEASE, "version": f"V{n()}"},
    "PATCH /models/{model_id}/releases/{release_id}": lambda w: {
        **RELEASE,
        "version": f"V{n()}",
        "row_version": 1,
    },
    "POST /centres": lambda w: {"name": f"C{n()}", "city": "Napoli", "country": "IT"},
    "POST /shops": lambda w: {"name": f"S{n()}", "city": "Portici", "country": "IT"},
    "POST /phones": lambda w: {"imei": w.a.imei(), "country": "IT"},
    "PUT /warranty-policies": lambda w: {
        "brand_id": w.a.brand.id,
        "country": "IT",
        "maker_months": 24,
        "legal_months": 24,
    },
    "PUT /sla-policies": lambda w: {
        "brand_id": w.a.brand.id,
        "country": "IT",
        "channel": "shop",
        "target_days": 8,
        "at_risk_days": 5,
        "loaner_days": 3,
    },
    "POST /repairs": lambda w: {
        "imei": w.a.imei(),
        "fault_category": "battery",
        "problem": "Si scarica in due ore",
        "owner": {"name": "Anna Neri", "email": f"anna{n()}@example.test"},
        "centre_id": w.a.centre.id,
    },
    "POST /repairs/{code}/transitions": lambda w: {"to_status": "cancelled"},
    "POST /repairs/{code}/notes": lambda w: {"text": "Nota interna", "public": False},
    "POST /repairs/{code}/warranty-decision": lambda w: {
        "decision": "covered",
        "reason": "Difetto di fabbrica del display.",
    },
    "POST /repairs/{code}/quote": lambda w: {
        "amount_minor": 5000,
        "currency": "EUR",
        "description": "Batteria nuova",
    },
    "POST /repairs/{code}/quote/decision": lambda w: {"approve": True, "told_by": "phone"},
    "POST /repairs/{code}/quote/withdraw": lambda w: {"reason": "Il prezzo del pezzo è salito."},
    "POST /repairs/{code}/contacts": lambda w: {"channel": "phone", "who": "owner"},
    "POST /repairs/{code}/assignment": lambda w: {"technician": w.a.people["tech"].id},
    "POST /repairs/{code}/loaners": lambda w: {"label": "PRESTITO-01"},
    "POST /webhooks": lambda w: {"url": "https://erp.example.test/hook", "shop_id": w.a.shop.id},
    "POST /parts": lambda w: {
        "brand_id": w.a.brand.id,
        "number": f"P-{n()}",
        "kind": "battery",
        "names": {"en": "Battery"},
        "cost_minor": 1000,
        "price_minor": 2500,
        "currency": "EUR",
        "lead_days": 4,
        "model_ids": [w.a.model.id],
    },
    "PATCH /parts/{part_id}": lambda w: {"production_ends_on": "2027-06-30"},
    "POST /stock/transfers": lambda w: {
        "part_id": w.a.part.id,
        "from_location_id": w.location_id(),
        "to_location_id": w.warehouse_id(),
        "quantity": 5,
    },
    "POST /stock/adjustments": lambda w: {
        "location_id": w.location_id(),
        "part_id": w.a.part.id,
        "change": 2,
        "reason": "Inventario",
    },
    "PUT /stock/reorder-points": lambda w: {
        "location_id": w.location_id(),
        "part_id": w.a.part.id,
        "reorder_point": 3,
    },
    "POST /repairs/{code}/parts": lambda w: {"part_id": w.a.part.id, "quantity": 1},
    "POST /supply-orders/{order_id}/receipts": lambda w: {"lines": {w.last_line_id: 1}},
    "POST /supply-orders/{order_id}/schedule": lambda w: {
        "expected_date": "2030-01-15",
        "reason": "Il fornitore ha spostato la consegna",
    },
    "POST /outbox/requeue": lambda w: {"all": True},
    "POST /community/questions": lambda w: {
        "model_id": w.a.model.id,
        "fault_category": "battery",
        "title": "Battery drains overnight",
        "body": "Empty every morning since the update.",
    },
    "POST /community/questions/{question_id}/answers": lambda w: {"body": "Try a new cable."},
    "POST /community/questions/{question_id}/accept": lambda w: {
        "answer_id": w.community_answer_id
    },
    "POST /community/questions/{question_id}/reports": lambda w: {"reason": "spam"},
    "POST /community/questions/{question_id}/moderation": lambda w: {"action": "lock"},
    "PATCH /centres/{centre_id}": lambda w: {
        "version": w.a.centre.version,
        "address": "Via Roma 1",
    },
    "PATCH /shops/{shop_id}": lambda w: {"version": w.a.shop.version, "address": "Via Roma 2"},
    "PATCH /models/{model_id}": lambda w: {"version": w.a.model.version, "name": f"M{n()}"},
    "PUT /models/{model_id}/commitments": lambda w: {"repair": {"while_in_use": True}},
    "POST /brands/{brand_id}/articles": lambda w: {"title": "Battery", "body": "Charge it."},
    "PATCH /articles/{article_id}": lambda w: {"title": "Spots", "body": "Restart.", "version": 1},
    "POST /articles/{article_id}/moves": lambda w: {"action": "submit"},
    "PUT /brands/{brand_id}/exit": lambda w: {
        "exit_date": "2021-05-09",
        "statement": {"en": "Until the day customers no longer use the product."},
    },
}
QUERIES = {
    "GET /alerts": {"brand_id": "{brand_id}"},
    "GET /community/reports": {"brand_id": "{brand_id}"},
    "GET /selfhelp/suggestions": {"model_id": "{model_id}", "problem": "spots on the display"},
    "GET /models/{model_id}/commitments": {"country": "IT"},
    "PUT /models/{model_id}/commitments": {"country": "IT"},
    "GET /track/{code}": {"imei_last4": "{last4}"},
    "GET /parts": {"brand_id": "{brand_id}"},
    "GET /supply-orders": {"location_id": "{location_id}"},
}

# Calls that send files (multipart) instead of a JSON body: (files, form fields).
API_FILES: dict[str, Callable[[Worlds], tuple[dict[str, Any], dict[str, str]]]] = {
    "POST /imports/history": lambda w: (
        {
            "file": ("h.csv", b"id,code,at\nX1,IN,2026-01-05T09:00\nX1,OUT,2026-01-06T09:00\n"),
            "mapping": (
                "m.toml",
                (
                    '[source]\nname = "matrix"\n[columns]\nexternal_id = "id"\n'
                    'status = "code"\ntimestamp = "at"\n[statuses]\nIN = "received"\n'
                    f'OUT = "closed"\n[defaults]\nbrand = "{w.a.brand.slug}"\n'
                    f'model = "{w.a.model.name}"\ncentre = "{w.a.centre.id}"\n'
                    'outcome = "repaired"\n'
                ).encode(),
            ),
        },
        {"dry_run": "true"},
    ),
}


def expected(endpoint: str) -> dict[str, int]:
    """Return role -> expected status of one row of the matrix."""
    codes = [int(c) for c in MATRIX[endpoint].split()]
    assert len(codes) == len(ROLES), endpoint
    return dict(zip(ROLES.values(), codes, strict=True))


def _api_routes() -> set[tuple[str, str]]:
    """Return (method, path below /api/v1) of every route the app serves there."""
    app = create_app(Settings(env="test", database_url="sqlite://", secret_key="x"))
    found = set()
    for route in iter_route_contexts(app.routes):  # included routers' routes too
        path, methods = getattr(route, "path", None), getattr(route, "methods", None)
        if path and path.startswith("/api/v1/"):
            found |= {(m, path.removeprefix("/api/v1")) for m in methods or () if m != "HEAD"}
    app.state.engine.dispose()
    assert len(found) > 40, found  # the walk did see inside the included routers
    return found


def test_every_api_route_is_in_the_matrix():
    routes = {f"{method} {path}" for method, path in _api_routes()}
    assert not routes - set(MATRIX), f"add these to the matrix: {sorted(routes - set(MATRIX))}"
    assert not set(MATRIX) - routes, f"no such routes: {sorted(set(MATRIX) - routes)}"
    assert set(BODIES) | set(TARGETS) | set(QUERIES) | set(API_FILES) <= set(MATRIX)


def test_the_matrix_never_admits_that_a_hidden_record_exists():
    # Rows about world A's repair or phone answer world B's people 404, never 403.
    rows = [e for e in MATRIX if "{code}" in e or "{phone_id}" in e or "{endpoint_id}" in e]
    rows.remove("GET /track/{code}")  # public: the code and the IMEI's digits are the key
    assert len(rows) >= 11
    for endpoint in rows:
        row = expected(endpoint)
        assert {row[r] for r in ("owner_b", "shop_b", "tech_b", "brand_b")} == {404}, endpoint


@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_role_against_endpoint(endpoint, client, session, now):  # type: ignore[no-untyped-def]
    method, path = endpoint.split(" ")
    worlds = Worlds(session, now)
    wrong = []
    for role, status in expected(endpoint).items():
        values = worlds.values(TARGETS.get(endpoint, "repair"))
        body = BODIES[endpoint](worlds) if endpoint in BODIES else None
        files, form = API_FILES[endpoint](worlds) if endpoint in API_FILES else (None, None)
        session.commit()  # an error answer rolls back what is not committed
        client.cookies.clear()
        r = client.request(
            method,
            "/api/v1" + path.format(**values),
            params={k: v.format(**values) for k, v in QUERIES.get(endpoint, {}).items()},
            json=body,
            files=files,
            data=form,
            headers=worlds.headers[role],
        )
        if r.status_code != status:
            wrong.append(f"{role}: expected {status}, got {r.status_code}: {r.text[:160]}")
        elif r.status_code >= 400:
            assert r.headers["content-type"].startswith(PROBLEM), (role, r.headers)
            assert r.json()["status"] == r.status_code
    assert not wrong, f"{endpoint}\n" + "\n".join(wrong)


def _listed(client, worlds: Worlds, role: str, path: str, key: str) -> set[Any]:  # type: ignore[no-untyped-def]
    r = client.get(path, params={"limit": 200}, headers=worlds.headers[role])
    assert r.status_code == 200, r.text
    items = r.json()["items"] if path.endswith("/repairs") else r.json()
    return {i[key] for i in items}


WHO_SEES = {
    # role: (repairs listed, phones listed) out of worlds A and B
    "owner": ("A", "A"),
    "owner_b": ("B", "B"),
    "shop": ("A", "A"),
    "tech": ("A", ""),
    "manager": ("A", ""),
    "brand": ("A", "A"),
    "shop_b": ("B", "B"),
    "tech_b": ("B", ""),
    "brand_b": ("B", "B"),
    "admin": ("AB", "AB"),
}


@pytest.mark.parametrize("role", list(WHO_SEES))
def test_lists_show_each_role_its_own_world(role, client, session, now):  # type: ignore[no-untyped-def]
    worlds = Worlds(session, now)
    repairs, phones = WHO_SEES[role]
    sides = {"A": worlds.a.repair, "B": worlds.b.repair}
    codes = _listed(client, worlds, role, "/api/v1/repairs", "code")
    phone_ids = _listed(client, worlds, role, "/api/v1/phones", "id")
    assert {side for side, repair in sides.items() if repair.code in codes} == set(repairs)
    assert {side for side, repair in sides.items() if repair.phone_id in phone_ids} == set(phones)


# -- pages --------------------------------------------------------------------------------

# Every page and what each role gets, world A's records as targets: "log" is the redirect to
# the sign-in page; 303 otherwise is a page's redirect after a done form (POST-redirect-GET)
# or to one's home; 404 where the page or record is not theirs (never 403: a stranger does
# not learn it exists); 403 for an action their side of a repair they see may not take; 422
# for a form that reached the checks (an empty one, or one an admin must say more in).
# fmt: off
PAGES = {
    # page                                      ano own owB shp tec mgr brd shB teB brB adm
    "GET /":                                   "303 303 303 303 303 303 303 303 303 303 303",
    "GET /track":                              "200 200 200 200 200 200 200 200 200 200 200",
    "POST /track":                             "200 200 200 200 200 200 200 200 200 200 200",
    "GET /login":                              "200 303 303 303 303 303 303 303 303 303 303",
    "POST /login":                             "303 303 303 303 303 303 303 303 303 303 303",
    "POST /logout":                            "303 303 303 303 303 303 303 303 303 303 303",
    "POST /lang":                              "303 303 303 303 303 303 303 303 303 303 303",
    "GET /profile":                            "log 200 200 200 200 200 200 200 200 200 200",
    "POST /profile":                           "log 200 200 200 200 200 200 200 200 200 200",
    # the signed token is the authority, whoever follows the link
    "GET /unsubscribe/{token}":                "200 200 200 200 200 200 200 200 200 200 200",
    "POST /unsubscribe/{token}":               "200 200 200 200 200 200 200 200 200 200 200",
    # a one-time link to choose a password: its signed code is the authority (this one is not
    # such a link, so it is refused for all); asking for one answers all alike
    "GET /password/{token}":                   "404 404 404 404 404 404 404 404 404 404 404",
    "POST /password/{token}":                  "404 404 404 404 404 404 404 404 404 404 404",
    "GET /quote/{token}":                      "404 404 404 404 404 404 404 404 404 404 404",
    "POST /quote/{token}":                     "404 404 404 404 404 404 404 404 404 404 404",
    # the survey's signed link likewise (this token is not one); its owner reaches it from
    # the repair's page, where the signed-in owner alone is sent on to the link
    "GET /survey/{token}":                     "404 404 404 404 404 404 404 404 404 404 404",
    "POST /survey/{token}":                    "404 404 404 404 404 404 404 404 404 404 404",
    "GET /repairs/{code}/survey":              "log 303 404 404 404 404 404 404 404 404 404",
    "GET /forgot-password":                    "200 200 200 200 200 200 200 200 200 200 200",
    "POST /forgot-password":                   "200 200 200 200 200 200 200 200 200 200 200",
    "GET /signup":                             "200 303 303 303 303 303 303 303 303 303 303",
    "POST /signup":                            "422 422 422 422 422 422 422 422 422 422 422",
    "GET /profile/password":                   "log 200 200 200 200 200 200 200 200 200 200",
    "POST /profile/password":                  "log 422 422 422 422 422 422 422 422 422 422",
    # the owner's pages
    "GET /my/phones":                          "log 200 200 404 404 404 404 404 404 404 404",
    "GET /my/repairs":                         "log 200 200 404 404 404 404 404 404 404 404",
    "GET /book":                               "log 200 200 404 404 404 404 404 404 404 404",
    "POST /book":                              "log 422 422 404 404 404 404 404 404 404 404",
    "GET /book/places":                        "log 200 200 404 404 404 404 404 404 404 404",
    # the shop's counter and list
    "GET /shop/intake":                        "log 404 404 200 404 404 404 200 404 404 404",
    "GET /shop/intake/imei":                   "log 404 404 200 404 404 404 200 404 404 404",
    "GET /shop/intake/fixes":                  "log 404 404 200 404 404 404 200 404 404 404",
    "POST /shop/intake":                       "log 404 404 422 404 404 404 422 404 404 404",
    "GET /shop/repairs":                       "log 404 404 200 404 404 404 200 404 404 404",
    # the centre's queue (technicians and manager) and board (manager)
    "GET /centre/queue":                       "log 404 404 404 200 200 404 404 200 404 404",
    "GET /centre/board":                       "log 404 404 404 404 200 404 404 404 404 404",
    # the centre's stock and deliveries: its staff (another centre's order is not found)
    "GET /centre/stock":                       "log 404 404 404 200 200 404 404 200 404 404",
    "POST /centre/stock/orders/{order_id}/receive": "log 404 404 404 422 422 404 404 404 404 404",
    "POST /centre/stock/orders/{order_id}/date": "log 404 404 404 422 422 404 404 404 404 404",
    # a reorder point of the shelf: its manager (a technician reads it); B's technician's
    # shelf never held world A's part
    "POST /centre/stock/reorder-points":       "log 404 404 404 403 303 404 404 404 404 404",
    # the brand's page: each admin their own brand; centres and shops by platform admins
    "GET /brand":                              "log 404 404 404 404 404 200 404 404 200 200",
    "POST /brand/models":                      "log 404 404 404 404 404 303 404 404 303 303",
    # TACs: world A's admin claims for A's model; only platform admins confirm claims
    "POST /brand/tacs":                        "log 404 404 404 404 404 303 404 404 404 303",
    "POST /brand/tacs/{tac}/{decision}":       "log 404 404 404 404 404 404 404 404 404 303",
    "POST /brand/warranty":                    "log 404 404 404 404 404 303 404 404 303 303",
    "POST /brand/sla":                         "log 404 404 404 404 404 303 404 404 303 303",
    # the look owners see: each admin their own brand's, platform admins any; the colour's
    # stylesheet is public, as the pages that use it
    "POST /brand/look":                        "log 404 404 404 404 404 303 404 404 303 303",
    # the brand's parts catalogue: its admins, platform admins any brand's
    "POST /brand/parts":                       "log 404 404 404 404 404 303 404 404 404 303",
    "POST /brand/parts/{part_id}/production-end": "log 404 404 404 404 404 303 404 404 404 303",
    # the brand's stock across its network and moving it between places: its admins, the
    # platform (a centre's staff see their own shelf only, on /centre/stock)
    "GET /brand/stock":                        "log 404 404 404 404 404 200 404 404 404 200",
    "POST /brand/stock/transfers":             "log 404 404 404 404 404 303 404 404 404 303",
    "GET /look/{colour}.css":                  "200 200 200 200 200 200 200 200 200 200 200",
    "POST /brand/logo":                        "log 404 404 404 404 404 303 404 404 303 303",
    "POST /brand/logo/remove":                 "log 404 404 404 404 404 303 404 404 303 303",
    "GET /look/logo/{digest}.png":             "200 200 200 200 200 200 200 200 200 200 200",
    "POST /brand/centres":                     "log 404 404 404 404 404 404 404 404 404 303",
    "POST /brand/shops":                       "log 404 404 404 404 404 404 404 404 404 303",
    # one repair, as in the API: same people see it, same sides act
    "GET /repairs/{code}":                     "log 200 404 200 200 200 200 404 404 404 200",
    "POST /repairs/{code}/move":               "log 403 404 303 303 303 403 404 404 404 303",
    # the owner's booking not handed in yet (no shop: the shop's staff do not see it)
    "POST /repairs/{code}/cancel":             "log 303 404 404 303 303 403 404 404 404 303",
    "POST /repairs/{code}/note":               "log 403 404 303 303 303 403 404 404 404 303",
    "POST /repairs/{code}/warranty":           "log 403 404 403 303 303 403 404 404 404 303",
    "POST /repairs/{code}/quote":              "log 403 404 403 303 303 403 404 404 404 303",
    "POST /repairs/{code}/quote/decision":     "log 303 404 403 303 303 403 404 404 404 303",
    "POST /repairs/{code}/quote/withdraw":     "log 403 404 403 303 303 403 404 404 404 303",
    "POST /repairs/{code}/contact":            "log 403 404 303 303 303 403 404 404 404 303",
    # the counter's prints, photos and hand-back: the repair's shop and centre only
    "GET /repairs/{code}/receipt.pdf":         "log 404 404 200 200 200 404 404 404 404 200",
    "GET /repairs/{code}/label.pdf":           "log 404 404 200 200 200 404 404 404 404 200",
    "GET /repairs/{code}/photos/{photo_id}":   "log 404 404 200 200 200 404 404 404 404 200",
    "POST /repairs/{code}/photos":             "log 403 404 303 303 303 403 404 404 404 303",
    # the unlock code: only the centre that tests the phone reads it
    "POST /repairs/{code}/passcode":           "log 403 404 403 200 200 403 404 404 404 200",
    # a repair ready at the centre: the centre hands it back
    "POST /repairs/{code}/handback":           "log 403 404 403 303 303 403 404 404 404 303",
    "POST /repairs/{code}/assignment":         "log 403 404 403 303 303 403 404 404 404 303",
    "POST /repairs/{code}/loaner":             "log 403 404 303 303 303 403 404 404 404 303",
    "POST /repairs/{code}/loaner/return":      "log 403 404 303 303 303 403 404 404 404 303",
    # a repair's parts: its centre asks for them and gives them back
    "POST /repairs/{code}/parts":              "log 403 404 403 303 303 403 404 404 404 303",
    "POST /repairs/{code}/parts/{part_row}/release": "log 403 404 403 303 303 403 404 404 404 303",
    # webhooks: as in the API; a platform admin sees all but must name the owner (API only)
    "GET /webhooks":                           "log 404 404 200 404 404 200 200 404 200 200",
    "POST /webhooks":                          "log 404 404 201 404 404 201 201 404 201 422",
    "GET /webhooks/{endpoint_id}":             "log 404 404 200 404 404 404 404 404 404 200",
    "POST /webhooks/{endpoint_id}/switch":     "log 404 404 303 404 404 404 404 404 404 303",
    # editing a centre or shop: platform admins; a model: its brand's admins
    "GET /network/{kind}/{place_id}":          "log 404 404 404 404 404 404 404 404 404 200",
    "POST /network/{kind}/{place_id}":         "log 404 404 404 404 404 404 404 404 404 303",
    "GET /brand/models/{model_id}":            "log 404 404 404 404 404 200 404 404 404 200",
    "GET /brand/models/{model_id}/releases":   "log 404 404 404 404 404 200 404 404 404 200",
    # a release of world A's model: its brand's admins and platform admins
    "POST /brand/releases":                    "log 404 404 404 404 404 303 404 404 404 303",
    "POST /brand/models/{model_id}":           "log 404 404 404 404 404 303 404 404 404 303",
    # support commitments and the exit statement of world A's brand: its admins, the platform
    "POST /brand/commitments":                 "log 404 404 404 404 404 303 404 404 404 303",
    "POST /brand/exit":                        "log 404 404 404 404 404 303 404 404 404 303",
    "POST /brand/exit/remove":                 "log 404 404 404 404 404 303 404 404 404 303",
    # the commitment dashboard of world A's brand and model: its admins, the platform
    "GET /brand/care":                         "log 404 404 404 404 404 200 404 404 404 200",
    # defect alerts, as in the API: the brand's admins decide, platform admins read
    "GET /brand/alerts":                       "log 404 404 404 404 404 200 404 404 404 200",
    "GET /brand/alerts/{alert}":               "log 404 404 404 404 404 200 404 404 404 200",
    "GET /brand/alerts/{alert}/chart.svg":     "log 404 404 404 404 404 200 404 404 404 200",
    "POST /brand/alerts/{alert}/decision":     "log 404 404 404 404 404 303 404 404 404 403",
    "GET /brand/care/models/{model_id}":       "log 404 404 404 404 404 200 404 404 404 200",
    "GET /brand/care/models/{model_id}/charts/{name}.svg":
                                               "log 404 404 404 404 404 200 404 404 404 200",
    # the community: as in the API; the brand's figures page: its admins, the platform
    "GET /community":                          "200 200 200 200 200 200 200 200 200 200 200",
    "GET /community/ask":                      "log 200 200 404 404 404 404 404 404 404 404",
    "POST /community/ask":                     "log 303 303 404 404 404 404 404 404 404 404",
    "GET /community/questions/{question_id}":  "200 200 200 200 200 200 200 200 200 200 200",
    "POST /community/questions/{question_id}/answer": "log 303 303 403 303 303 303 403 403 403 303",
    "POST /community/answers/{answer_id}/vote": "log 303 303 403 403 403 403 403 403 403 403",
    "POST /community/questions/{question_id}/accept": "log 303 403 403 403 403 303 403 403 403 303",
    "POST /community/questions/{question_id}/report": "log 303 303 403 403 403 403 403 403 403 403",
    "POST /community/questions/{question_id}/moderate":
                                               "log 404 404 404 404 404 303 404 404 404 303",
    "GET /brand/community":                    "log 404 404 404 404 404 200 404 404 404 200",
    "POST /brand/community/reports/{report_id}/resolve":
                                               "log 404 404 404 404 404 303 404 404 404 303",
    "GET /brand/community/charts/{figure}.svg": "log 404 404 404 404 404 200 404 404 404 200",
    # satisfaction reports: world A's brand (its admins, the platform), each place's own staff
    "GET /brand/satisfaction":                 "log 404 404 404 404 404 200 404 404 404 200",
    "GET /brand/satisfaction/charts/{chart}.svg":
                                               "log 404 404 404 404 404 200 404 404 404 200",
    "GET /centre/satisfaction":                "log 404 404 404 404 200 404 404 404 404 404",
    "GET /centre/satisfaction/charts/{chart}.svg":
                                               "log 404 404 404 404 200 404 404 404 404 404",
    "GET /shop/satisfaction":                  "log 404 404 200 404 404 404 200 404 404 404",
    "GET /shop/satisfaction/charts/{chart}.svg":
                                               "log 404 404 200 404 404 404 200 404 404 404",
    "GET /admin/satisfaction":                 "log 404 404 404 404 404 404 404 404 404 200",
    "GET /admin/satisfaction/charts/{chart}.svg":
                                               "log 404 404 404 404 404 404 404 404 404 200",
    # insights: world A's brand (its admins, the platform), world A's centre (its manager)
    "GET /brand/insights":                     "log 404 404 404 404 404 200 404 404 404 200",
    "GET /brand/insights/charts/{insight}.svg":
                                               "log 404 404 404 404 404 200 404 404 404 200",
    "GET /brand/insights.pdf":                 "log 404 404 404 404 404 200 404 404 404 200",
    "GET /centre/insights":                    "log 404 404 404 404 200 404 404 404 404 404",
    "GET /centre/insights.pdf":                "log 404 404 404 404 200 404 404 404 404 404",
    "GET /centre/insights/charts/{insight}.svg":
                                               "log 404 404 404 404 200 404 404 404 404 404",
    # accounts and the network overview: platform admins only
    "GET /admin/accounts":                     "log 404 404 404 404 404 404 404 404 404 200",
    "GET /admin/accounts/new":                 "log 404 404 404 404 404 404 404 404 404 200",
    "POST /admin/accounts/new":                "log 404 404 404 404 404 404 404 404 404 303",
    "GET /admin/accounts/{account_id}":        "log 404 404 404 404 404 404 404 404 404 200",
    "POST /admin/accounts/{account_id}/{action}": "log 404 404 404 404 404 404 404 404 404 303",
    "GET /admin/network":                      "log 404 404 404 404 404 404 404 404 404 200",
    "GET /admin/places":                       "log 404 404 404 404 404 404 404 404 404 200",
    # the knowledge base of world A's brand: its admins and the platform; world A's article is
    # a draft: not found by anyone else, also on the public page
    "GET /brand/knowledge":                    "log 404 404 404 404 404 200 404 404 404 200",
    "GET /brand/knowledge/new":                "log 404 404 404 404 404 200 404 404 404 200",
    "POST /brand/knowledge/new":               "log 404 404 404 404 404 303 404 404 404 303",
    "GET /brand/knowledge/{article_id}":       "log 404 404 404 404 404 200 404 404 404 200",
    "POST /brand/knowledge/{article_id}":      "log 404 404 404 404 404 303 404 404 404 303",
    "POST /brand/knowledge/{article_id}/{move}": "log 404 404 404 404 404 303 404 404 404 303",
    # a repair's public note as a draft: the repair's brand's admins (B's do not see it)
    "POST /brand/knowledge/from-repair":       "log 404 404 404 404 404 303 404 404 404 303",
    "GET /help/articles/{article_id}":         "404 404 404 404 404 404 200 404 404 404 200",
    "POST /help/articles/{article_id}/feedback": "404 404 404 404 404 404 303 404 404 404 303",
    # self-help for anyone; "This solved it" of world A's model by anyone online, at the counter
    # by a shop's clerk; "I still need a repair" goes on to booking (owners; others are told)
    "GET /help":                               "200 200 200 200 200 200 200 200 200 200 200",
    "GET /help/suggest":                       "200 200 200 200 200 200 200 200 200 200 200",
    "POST /help/solved":                       "303 303 303 303 303 303 303 303 303 303 303",
    "POST /help/continue":                     "log 303 303 303 303 303 303 303 303 303 303",
    # the self-help deflection page and its chart: the brand's admins, the platform
    "GET /brand/selfhelp":                     "log 404 404 404 404 404 200 404 404 404 200",
    "GET /brand/selfhelp/chart.svg":           "log 404 404 404 404 404 200 404 404 404 200",
}
# fmt: on
PAGE_TARGETS = {
    "POST /repairs/{code}/parts": "diagnosing",
    "POST /repairs/{code}/parts/{part_row}/release": "parted",
    "POST /repairs/{code}/move": "received",
    "POST /repairs/{code}/cancel": "booked",
    "POST /repairs/{code}/note": "received",
    "POST /repairs/{code}/contact": "received",
    "POST /repairs/{code}/warranty": "diagnosing",
    "POST /repairs/{code}/quote": "diagnosing",
    "POST /repairs/{code}/quote/decision": "quoted",
    "POST /repairs/{code}/photos": "received",
    "POST /repairs/{code}/passcode": "locked",
    "POST /repairs/{code}/handback": "ready",
    "POST /repairs/{code}/assignment": "received",
    "POST /repairs/{code}/loaner": "received",
    "POST /repairs/{code}/loaner/return": "loaned",
    "POST /repairs/{code}/quote/withdraw": "quoted",
    "GET /repairs/{code}/survey": "surveyed",
}
# Files sent with a page's form (multipart), as a phone's browser sends them.
PAGE_FILES: dict[str, Callable[[], dict[str, Any]]] = {
    "POST /repairs/{code}/photos": lambda: {"photos": ("p.jpg", photo_bytes(), "image/jpeg")},
    "POST /brand/logo": lambda: {"logo": ("logo.png", photo_bytes(fmt="PNG"), "image/png")},
}
# Query values of page actions that name world A's brand (else a platform admin's default).
PAGE_QUERIES = {
    "GET /brand/alerts": {"brand_id": "{brand_id}"},
    "GET /selfhelp/suggestions": {"model_id": "{model_id}", "problem": "spots on the display"},
    "POST /brand/parts": {"brand_id": "{brand_id}"},
    "POST /brand/parts/{part_id}/production-end": {"brand_id": "{brand_id}"},
    "GET /brand/stock": {"brand_id": "{brand_id}"},
    "POST /brand/stock/transfers": {"brand_id": "{brand_id}"},
    "POST /brand/tacs": {"brand_id": "{brand_id}"},
    "POST /brand/tacs/{tac}/{decision}": {"brand_id": "{brand_id}"},
    "POST /brand/releases": {"brand_id": "{brand_id}"},
    "POST /brand/commitments": {"brand_id": "{brand_id}"},
    "POST /brand/exit": {"brand_id": "{brand_id}"},
    "POST /brand/exit/remove": {"brand_id": "{brand_id}"},
    "GET /brand/care": {"brand_id": "{brand_id}"},
    "GET /brand/community": {"brand_id": "{brand_id}"},
    "GET /brand/community/charts/{figure}.svg": {"brand_id": "{brand_id}"},
    "GET /brand/knowledge": {"brand_id": "{brand_id}"},
    "GET /brand/knowledge/new": {"brand_id": "{brand_id}"},
    "POST /brand/knowledge/new": {"brand_id": "{brand_id}"},
    "GET /brand/selfhelp": {"brand_id": "{brand_id}"},
    "GET /brand/selfhelp/chart.svg": {"brand_id": "{brand_id}"},
    "GET /help/suggest": {"model": "{model_id}", "problem": "spots on the display"},
    "GET /brand/satisfaction": {"brand_id": "{brand_id}"},
    "GET /brand/satisfaction/charts/{chart}.svg": {"brand_id": "{brand_id}"},
    "GET /brand/insights": {"brand_id": "{brand_id}"},
    "GET /brand/insights/charts/{insight}.svg": {"brand_id": "{brand_id}"},
    "GET /brand/insights.pdf": {"brand_id": "{brand_id}"},
}
PAGE_FORMS: dict[str, Callable[[Worlds], dict[str, Any]]] = {
    "POST /brand/alerts/{alert}/decision": lambda w: {
        "status": "acknowledged",
        "reason": "The supplier is told.",
    },
    "POST /community/ask": lambda w: {
        "model_id": str(w.a.model.id),
        "fault_category": "battery",
        "title": "Battery drains overnight",
        "body": "Empty every morning since the update.",
    },
    "POST /community/questions/{question_id}/answer": lambda w: {"body": "Try a new cable."},
    "POST /community/questions/{question_id}/accept": lambda w: {
        "answer_id": str(w.community_answer_id)
    },
    "POST /community/questions/{question_id}/report": lambda w: {"reason": "spam"},
    "POST /community/questions/{question_id}/moderate": lambda w: {"action": "lock"},
    "POST /track": lambda w: {"code": w.a.repair.code, "imei_last4": w.a.repair.phone.imei[-4:]},
    "POST /brand/tacs": lambda w: {
        "model_id": str(w.a.model.id),
        "tacs": f"{99_000_000 + n():08d}",
    },
    "POST /login": lambda w: {"email": w.login_account().email, "password": PASSWORD},
    "POST /lang": lambda w: {"lang": "it", "next": "/track"},
    "POST /repairs/{code}/cancel": lambda w: {"confirm": "true"},
    "POST /profile": lambda w: {"name": "Anna Neri", "language": "en"},
    "POST /brand/models": lambda w: {"name": f"M{n()}", "tacs": f"{35_000_000 + n():08d}"},
    "POST /brand/warranty": lambda w: {"country": "IT", "maker_months": "24", "legal_months": "24"},
    "POST /brand/sla": lambda w: {
        "country": "IT",
        "channel": "shop",
        "target_days": "8",
        "at_risk_days": "5",
        "loaner_days": "3",
    },
    "POST /brand/look": lambda w: {"display_name": "Care", "colour": "#1d4ed8"},
    "POST /brand/parts/{part_id}/production-end": lambda w: {"production_ends_on": "2027-06-30"},
    "POST /brand/parts": lambda w: {
        "number": f"P-{n()}",
        "kind": "battery",
        "name_en": "Battery",
        "currency": "EUR",
        "cost": "10,00",
        "price": "25,00",
        "lead_days": "4",
        "models": str(w.a.model.id),
    },
    "POST /centre/stock/reorder-points": lambda w: {
        "part_id": str(w.stocked_shelf_part_id()),
        "reorder_point": "3",
    },
    "POST /brand/stock/transfers": lambda w: {
        "part_id": str(w.a.part.id),
        "from_place": f"warehouse:{w.stocked_warehouse_id()}",
        "to_place": f"centre:{w.a.centre.id}",
        "quantity": "1",
    },
    "POST /brand/centres": lambda w: {"name": f"C{n()}", "city": "Napoli", "country": "IT"},
    "POST /brand/shops": lambda w: {"name": f"S{n()}", "city": "Portici", "country": "IT"},
    "POST /repairs/{code}/move": lambda w: {"to_status": "cancelled"},
    "POST /repairs/{code}/note": lambda w: {"text": "Nota interna"},
    "POST /repairs/{code}/warranty": lambda w: {
        "decision": "covered",
        "reason": "Difetto di fabbrica del display.",
    },
    "POST /repairs/{code}/quote": lambda w: {
        "amount": "50,00",
        "currency": "EUR",
        "description": "Batteria nuova",
    },
    "POST /repairs/{code}/quote/decision": lambda w: {"answer": "approve", "told_by": "phone"},
    "POST /repairs/{code}/quote/withdraw": lambda w: {"reason": "Il prezzo del pezzo è salito."},
    "POST /repairs/{code}/contact": lambda w: {"channel": "phone", "who": "owner"},
    "POST /repairs/{code}/handback": lambda w: {"outcome": "repaired"},
    "POST /repairs/{code}/assignment": lambda w: {"technician": str(w.a.people["tech"].id)},
    "POST /repairs/{code}/loaner": lambda w: {"label": "PRESTITO-01"},
    "POST /repairs/{code}/parts": lambda w: {"part": str(w.a.part.id), "quantity": "1"},
    "POST /webhooks": lambda w: {"url": "https://erp.example.test/hook"},
    "POST /webhooks/{endpoint_id}/switch": lambda w: {"active": "off"},
    "POST /network/{kind}/{place_id}": lambda w: {"name": f"C{n()}", "address": "Via Roma 3"},
    "POST /brand/models/{model_id}": lambda w: {"name": f"M{n()}"},
    "POST /brand/releases": lambda w: {
        "model_id": str(w.a.model.id),
        "version": f"V{n()}",
        "release_date": "2026-02-10",
        "security_patch_date": "2026-02-01",
        "kind": "security",
        "notes_en": "February security patch.",
    },
    "POST /brand/commitments": lambda w: {
        "model_id": str(w.a.model.id),
        "country": "IT",
        "repair": "in_use",
    },
    "POST /brand/exit": lambda w: {
        "exit_date": "2021-05-09",
        "statement_en": "Until the day customers no longer use the product.",
    },
    "POST /brand/knowledge/new": lambda w: {
        "title": "Battery",
        "body": "Charge it.",
        "language": "en",
    },
    "POST /brand/knowledge/{article_id}": lambda w: {
        "title": "Spots",
        "body": "Restart.",
        "language": "en",
    },
    "POST /brand/knowledge/from-repair": lambda w: {
        "code": w.a.repair.code,
        "event_id": str(w.public_note_id()),
    },
    "POST /help/solved": lambda w: {"model": str(w.a.model.id), "problem": "spots"},
    "POST /help/continue": lambda w: {"problem": "spots"},
    "POST /admin/accounts/new": lambda w: {
        "name": "Nuova Cassiera",
        "email": f"s{n()}@example.test",
        "role": "shop_staff",
        "place": f"shop:{w.a.shop.id}",
        "invite": "true",
    },
}


def _page_routes() -> set[str]:
    """Return "METHOD path" of every page the app serves (all but the API and static files)."""
    app = create_app(Settings(env="test", database_url="sqlite://", secret_key="x"))
    found = set()
    for route in iter_route_contexts(app.routes):
        path, methods = getattr(route, "path", None), getattr(route, "methods", None)
        # /docs/oauth2-redirect is the API documentation's helper, not a page of ours
        if path and not path.startswith(("/api/", "/static", "/healthz", "/docs/")):
            found |= {f"{m} {path}" for m in methods or () if m != "HEAD"}
    app.state.engine.dispose()
    return found


def test_every_page_is_in_the_matrix():
    routes = _page_routes()
    assert not routes - set(PAGES), f"add these to the page matrix: {sorted(routes - set(PAGES))}"
    assert not set(PAGES) - routes, f"no such pages: {sorted(set(PAGES) - routes)}"
    assert set(PAGE_FORMS) | set(PAGE_TARGETS) <= set(PAGES)


def test_pages_and_api_let_the_same_people_see_and_act_on_a_repair():
    # Seeing is the same; acting differs only in the status that says it went well.
    pairs = {
        "GET /repairs/{code}": "GET /repairs/{code}",
        "POST /repairs/{code}/move": "POST /repairs/{code}/transitions",
        "POST /repairs/{code}/note": "POST /repairs/{code}/notes",
        "POST /repairs/{code}/warranty": "POST /repairs/{code}/warranty-decision",
        "POST /repairs/{code}/quote": "POST /repairs/{code}/quote",
        "POST /repairs/{code}/quote/decision": "POST /repairs/{code}/quote/decision",
        "POST /repairs/{code}/quote/withdraw": "POST /repairs/{code}/quote/withdraw",
        "POST /repairs/{code}/contact": "POST /repairs/{code}/contacts",
        "POST /repairs/{code}/assignment": "POST /repairs/{code}/assignment",
        "POST /repairs/{code}/loaner": "POST /repairs/{code}/loaners",
        "POST /repairs/{code}/loaner/return": "POST /repairs/{code}/loaners/return",
        "GET /webhooks/{endpoint_id}": "GET /webhooks/{endpoint_id}/deliveries",
        "POST /webhooks/{endpoint_id}/switch": "POST /webhooks/{endpoint_id}/disable",
    }
    for page, api in pairs.items():
        by_page, by_api = _page_row(page), expected(api)
        for role in ROLES.values():
            if role == "anonymous":
                continue
            page_ok, api_ok = by_page[role] in ("200", "303"), by_api[role] < 300
            assert page_ok == api_ok, (page, role, by_page[role], by_api[role])
            if not page_ok:
                assert by_page[role] == str(by_api[role]), (page, role)


def _page_row(page: str) -> dict[str, str]:
    codes = PAGES[page].split()
    assert len(codes) == len(ROLES), page
    return dict(zip(ROLES.values(), codes, strict=True))


@pytest.mark.parametrize("page", list(PAGES))
def test_role_against_page(page, client, session, now):  # type: ignore[no-untyped-def]
    method, path = page.split(" ")
    worlds = Worlds(session, now)
    wrong = []
    for role, status in _page_row(page).items():
        values = worlds.values(PAGE_TARGETS.get(page, "repair"))
        form = PAGE_FORMS[page](worlds) if page in PAGE_FORMS else {}
        session.commit()
        worlds.browse_as(client, role)
        if method == "POST":
            form["csrf"] = csrf(client)
        r = client.request(
            method,
            path.format(**values),
            params={k: v.format(**values) for k, v in PAGE_QUERIES.get(page, {}).items()},
            data=form or None,
            files=PAGE_FILES[page]() if page in PAGE_FILES else None,
            follow_redirects=False,
        )
        where = r.headers.get("location", "")
        got = "log" if r.status_code == 303 and where.startswith("/login") else str(r.status_code)
        if got != status:
            wrong.append(f"{role}: expected {status}, got {got} {where}: {texts(r.text)[:160]}")
    assert not wrong, f"{page}\n" + "\n".join(wrong)
