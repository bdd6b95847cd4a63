"""Load the demo: catalogue, staff, thousands of phones and eighteen months of repairs.

Each repair is planned first, as steps on a working-time axis; then the steps of all
repairs are played through the real services in time order, so that every expected date
is computed from the repairs closed by then, as it would have been live.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.accounts.service import create_account, hash_password
from aftersales.catalog import service as catalog
from aftersales.catalog.logo import set_logo
from aftersales.catalog.look import set_look
from aftersales.catalog.models import Brand, ServiceCentre, Shop
from aftersales.demo import data as d
from aftersales.demo import stock
from aftersales.demo.care import load_care
from aftersales.demo.community import load_community
from aftersales.demo.counter import note_checklist
from aftersales.demo.data import DEMO_PASSWORD, DOMAIN, FaultSpec, ShopSpec
from aftersales.demo.defects import load_defects, raise_alerts
from aftersales.demo.knowledge import load_knowledge
from aftersales.demo.logos import demo_logo
from aftersales.demo.signals import load_signals
from aftersales.demo.software import load_software
from aftersales.demo.support import load_support
from aftersales.demo.surveys import load_surveys
from aftersales.demo.types import DAY, DemoPhone, DemoSummary, Job, Service, Step, WorkClock
from aftersales.demo.work import plan_work
from aftersales.devices.models import Phone
from aftersales.insights.rollup import refresh as roll_up_insights
from aftersales.kernel.actors import SYSTEM
from aftersales.kernel.imei import make_imei
from aftersales.notifications.outbox import MUTED
from aftersales.repairs.backlog import count_backlogs
from aftersales.repairs.contacts import record_contact
from aftersales.repairs.intake import Intake, OwnerDetails, open_repair
from aftersales.repairs.jobs import sla_sweep
from aftersales.repairs.models import RepairOrder
from aftersales.repairs.quotes import decide_quote, make_quote
from aftersales.repairs.service import add_note, decide_warranty, transition
from aftersales.repairs.timing import refresh_open_repairs
from aftersales.sla import service as sla
from aftersales.warranty import service as warranty
from aftersales.warranty.service import coverage_from_terms

__all__ = ["DEMO_PASSWORD", "DemoSummary", "demo_loaded", "demo_logins", "load_demo"]

N_PHONES, N_REPAIRS, N_CANCELLED = 3000, 450, 26
SHOP_ONLY = ("in_transit_to_centre", "in_transit_to_shop", "ready_for_pickup")
OUTCOME = {"refund": "refunded", "replace": "replaced", "quote_no": "returned_unrepaired"}
Wait = tuple[float, float]  # working days, low and high
Centre = ServiceCentre | None


def demo_loaded(session: Session) -> bool:
    """Tell whether demo (or any) catalogue data is already there."""
    return session.scalar(select(Brand.id).limit(1)) is not None


def demo_logins(session: Session) -> list[tuple[str, str, str]]:
    """Return (role, e-mail, password) of every demo login in the database."""
    stmt = select(Account).where(Account.email.like(f"%@{DOMAIN}")).order_by(Account.id)
    return [(_describe(session, a), a.email or "", DEMO_PASSWORD) for a in session.scalars(stmt)]


def _describe(session: Session, account: Account) -> str:
    """Say who a login is: role, and organisation or language."""
    org = (
        (account.brand_id and session.get(Brand, account.brand_id))
        or (account.centre_id and session.get(ServiceCentre, account.centre_id))
        or (account.shop_id and session.get(Shop, account.shop_id))
    )
    where = org.name if org else {"it": "Italian", "vi": "Vietnamese"}.get(account.language)
    where = where if org or account.role == Role.owner else None
    role = account.role.replace("_", " ").capitalize()
    return f"{role}, {where}" if where else role


def load_demo(session: Session, *, seed: int = 2026, now: datetime) -> DemoSummary:
    """Load the whole demo into an empty database; the caller commits."""
    return _Loader(session, random.Random(seed), now.astimezone(UTC)).run()


def _move(session: Session, actor: Account, repair: RepairOrder, now: datetime, **kw: Any) -> None:
    """Call transition() in the (session, actor, repair, now) shape of the other services."""
    transition(session, actor, repair, kw.pop("target"), now, **kw)


def _to(status: str, **kw: Any) -> Service:
    """Return the move to `status` as a step's service call."""
    return partial(_move, target=status, **kw)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


class _Loader:
    """The generator's state while it builds the demo."""

    def __init__(self, session: Session, rng: random.Random, now: datetime) -> None:
        self.s, self.rng, self.now = session, rng, now
        self.start = now - timedelta(days=3 * 365 + 30)  # when the network joined
        self.brands: dict[str, Brand] = {}
        self.model_ids: dict[str, int] = {}
        self.centres: dict[str, ServiceCentre] = {}
        self.shops: dict[str, Shop] = {}
        self.techs: dict[int, list[Account]] = {}  # by centre id
        self.clerks: dict[int, list[Account]] = {}  # by shop id
        self.phones: list[DemoPhone] = []
        self.by_country: dict[str, list[DemoPhone]] = {}
        self.jobs: list[Job] = []
        self.logins: list[tuple[str, str, str]] = []
        self.taken: set[str] = set()  # tracking codes, IMEIs and e-mail addresses
        # argon2 is slow on purpose: one hash of the shared demo password serves every login.
        # Deliberately past the password policy (accounts.passwords): the demo's shared, printed
        # password is for trying the product on one's own machine, and `aftersales demo`
        # refuses to run in production.
        self.hash = hash_password(DEMO_PASSWORD)
        origin = (now - timedelta(days=4 * 365)).date()
        self.clocks = {
            "IT": WorkClock("IT", "1111100", "Europe/Rome", origin),
            "VN": WorkClock("VN", "1111110", "Asia/Ho_Chi_Minh", origin),
        }

    def run(self) -> DemoSummary:
        """Build everything, play the repairs and return the summary."""
        # Replayed history is not news: no message is queued for it, and the SLA states it
        # leaves are stored quietly, so a worker started on the demo only tells what is new.
        self.s.info[MUTED] = True
        try:
            return self._run()
        finally:
            self.s.info.pop(MUTED, None)

    def _run(self) -> DemoSummary:
        self._catalogue()
        self._staff()
        owners = {k: self._account(f"{m}@{DOMAIN}", Role.owner, c, n) for k, m, c, n in d.OWNERS}
        self._make_phones()
        for repair in d.OWNER_REPAIRS:
            self._owner_repair(owners[repair.owner], repair)
        stuck = self._stuck(owners[d.STUCK.owner], d.STUCK)
        self._generic_repairs()
        plan_work(2026, self.jobs, self.techs, stuck)  # takes and loaners
        self.s.add_all([p.row for p in self.phones])  # in bulk: thousands of rows
        self.s.flush()
        self._play()
        # Dates of repairs that sat still are stale by `now`: move them, with their events.
        refresh_open_repairs(self.s, self.now)
        sla_sweep(self.s, self.now, escalate_after=2)
        count_backlogs(self.s, self.now)  # as the worker does every few minutes
        # Its own random stream (a copy of the state): the repairs above stay as they were.
        software_rng = random.Random()
        software_rng.setstate(self.rng.getstate())
        load_software(self.s, software_rng, self.now, self.model_ids, self.phones)
        load_support(self.s, self.now, self.brands, self.model_ids)  # draws nothing
        load_knowledge(self.s, self.now, self.brands, self.model_ids)  # draws nothing
        load_care(self.s, self.now, self.parts)  # draws nothing: the forecast of it all
        defects_rng = random.Random()  # its own copy: the data below stay as they were
        defects_rng.setstate(self.rng.getstate())
        load_defects(self.s, defects_rng, self.now, DOMAIN)  # after the forecast it reads
        community_rng = random.Random()  # a copy again: the demo's other data stay the same
        community_rng.setstate(self.rng.getstate())
        load_community(self.s, community_rng, self.now)
        survey_rng = random.Random()  # its own copy again: nothing above moves
        survey_rng.setstate(self.rng.getstate())
        load_surveys(self.s, survey_rng, self.now, self.brands)
        load_signals(self.s, random.Random(2026), self.now)  # a stream of its own: nothing moves
        raise_alerts(self.s, self.now)  # every detector, once all the data above are in
        # Counted now, as the worker would within minutes: the dashboards open with figures.
        roll_up_insights(self.s, self.now, whole=True)
        imei = stuck.phone.row.imei
        # Tracking codes come from the service (`secrets`), never from the seed: demo codes
        # must be as unguessable as real ones.
        code = stuck.repair.code if stuck.repair else ""
        return DemoSummary(self.logins, len(self.phones), len(self.jobs), code, imei[-4:])

    # -- catalogue and people -------------------------------------------------------------

    def _catalogue(self) -> None:
        s = self.s
        for slug, name in d.BRANDS:
            self.brands[slug] = catalog.create_brand(s, SYSTEM, slug, name)
            self.brands[slug].created_at = self.start
            if slug in d.BRAND_LOOKS:
                name, colour = d.BRAND_LOOKS[slug]
                set_look(s, SYSTEM, self.brands[slug], name, colour)
                set_logo(s, SYSTEM, self.brands[slug], demo_logo(name, colour))
        for m in d.MODELS:
            brand_id, tacs = self.brands[m.brand].id, list(m.tacs)
            dates = (m.release, m.end_of_sale)
            model = catalog.create_model(s, SYSTEM, brand_id, m.name, tacs, *dates)
            self.model_ids[m.name] = model.id
        for c in d.CENTRES:
            lat, lon = d.CITY_COORDINATES[c.city]
            centre = catalog.create_centre(
                s,
                SYSTEM,
                name=c.name,
                city=c.city,
                country=c.country,
                brand_ids=[self.brands[b].id for b in c.brands],
                working_week=c.week,
                address=d.ADDRESSES[f"centre:{c.key}"],
                latitude=lat,
                longitude=lon,
            )
            self.centres[c.key] = centre
        specs = [(m.brand, m.name) for m in d.MODELS]
        self.parts = stock.make_parts(s, self.brands, self.model_ids, specs, self.start)
        stock.stock_shelves(s, self.rng, list(self.centres.values()), self.parts, self.brands,
                            self.start)  # fmt: skip
        for sh in d.SHOPS:
            lat, lon = d.CITY_COORDINATES[sh.city]
            self.shops[sh.key] = catalog.create_shop(
                s,
                SYSTEM,
                name=sh.name,
                city=sh.city,
                country=sh.country,
                address=d.ADDRESSES[f"shop:{sh.key}"],
                email=f"desk.{sh.key}@{DOMAIN}",
                latitude=lat,
                longitude=lon,
            )
        for (brand, country), (maker, legal) in d.WARRANTY.items():
            warranty.set_policy(s, SYSTEM, self.brands[brand].id, country, maker, legal)
        for brand, country, channel, target, risk, loaner in d.SLA:
            terms: dict[str, Any] = {"target_days": target, "at_risk_days": risk}
            terms.update(brand_id=self.brands[brand].id, country=country, channel=channel)
            terms["loaner_days"] = loaner
            sla.set_policy(s, SYSTEM, **terms)

    def _person(self, country: str) -> str:
        rng, male = self.rng, self.rng.random() < 0.5
        if country == "IT":
            first = rng.choice(d.IT_MALE if male else d.IT_FEMALE)
            return f"{first} {rng.choice(d.IT_SURNAMES)}"
        return f"{rng.choice(d.VN_FAMILY)} {rng.choice(d.VN_MALE if male else d.VN_FEMALE)}"

    def _account(self, email: str, role: Role, country: str, name: str = "", **org: Any) -> Account:
        """Create an account through the service, with the shared demo password hash."""
        name, lang = name or self._person(country), d.LANGUAGE[country]
        home = country if role == Role.owner else None
        account = create_account(
            self.s, SYSTEM, name=name, role=role, email=email, language=lang, country=home, **org
        )
        account.password_hash, account.created_at = self.hash, self.start
        if email.endswith(DOMAIN):
            self.logins.append((_describe(self.s, account), email, DEMO_PASSWORD))
        return account

    def _staff(self) -> None:
        self._account(f"admin@{DOMAIN}", Role.platform_admin, "IT", "Demo Admin")
        for slug, _name in d.BRANDS:
            country, brand_id = "VN" if slug == "vsmart" else "IT", self.brands[slug].id
            self._account(f"brand.{slug}@{DOMAIN}", Role.brand_admin, country, brand_id=brand_id)
        for c in d.CENTRES:
            cid, key = self.centres[c.key].id, c.key
            self._account(f"manager.{key}@{DOMAIN}", Role.centre_manager, c.country, centre_id=cid)
            self.techs[cid] = [
                self._account(f"tech{i}.{key}@{DOMAIN}", Role.technician, c.country, centre_id=cid)
                for i in (1, 2)
            ]
        for sh in d.SHOPS:
            sid, mails = self.shops[sh.key].id, ("shop", "shop2")[: sh.staff]
            self.clerks[sid] = [
                self._account(f"{m}.{sh.key}@{DOMAIN}", Role.shop_staff, sh.country, shop_id=sid)
                for m in mails
            ]

    def _email(self, name: str) -> str:
        # Accents dropped for the address; Vietnamese đ has no decomposition of its own.
        base = name.replace("đ", "d").replace("Đ", "D").lower().replace(" ", ".")
        base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
        domain, n = self.rng.choice(("example.com", "example.net", "example.org")), 1
        while (email := f"{base}{n if n > 1 else ''}@{domain}") in self.taken:
            n += 1
        self.taken.add(email)
        return email

    # -- phones ---------------------------------------------------------------------------

    def _make_phones(self) -> None:
        rng, today = self.rng, self.now.date()
        first = today - timedelta(days=3 * 365)
        # Bought over the last three years, while the model was on sale.
        window = {
            m.name: (max(first, m.release), min(today, m.end_of_sale or today)) for m in d.MODELS
        }
        while len(self.phones) < N_PHONES - len(d.OWNER_REPAIRS) - 1:  # the owners' come later
            country = _weighted(rng, d.COUNTRY_SHARE)
            brand = _weighted(rng, d.BRAND_SHARE[country])
            models = [
                m for m in d.MODELS if m.brand == brand and window[m.name][0] < window[m.name][1]
            ]
            if not models:
                continue
            model = rng.choices(models, [m.weight for m in models])[0]
            low, high = window[model.name]
            shops = [sh for sh in d.SHOPS if sh.country == country]
            shop = rng.choices(shops, [sh.weight for sh in shops])[0]
            self._phone(model.name, shop, low + timedelta(days=rng.randrange((high - low).days)))

    def _phone(
        self, model: str, shop: ShopSpec, bought: date, owner: int | None = None
    ) -> DemoPhone:
        spec = next(m for m in d.MODELS if m.name == model)
        imei = ""
        while not imei or imei in self.taken:
            imei = make_imei(self.rng.choice(spec.tacs), self.rng.randrange(1_000_000))
        self.taken.add(imei)
        row = Phone(imei=imei, model_id=self.model_ids[model], owner_id=owner, country=shop.country)
        row.purchase_date, row.shop_id = bought, self.shops[shop.key].id
        row.created_at = datetime.combine(bought, time(12), UTC)
        maker, legal = d.WARRANTY[(spec.brand, shop.country)]
        end = coverage_from_terms(bought, maker, legal, bought).end_date
        self.phones.append(DemoPhone(row, spec.brand, shop, bought, end))
        self.by_country.setdefault(shop.country, []).append(self.phones[-1])
        return self.phones[-1]

    # -- the demo owners' repairs, among them the stuck Mi 8 -------------------------------

    def _owner_job(self, owner: Account, r: d.OwnerRepair) -> Job:
        """A demo owner's phone, bought days ago (or at the model's end of sale), in a job."""
        spec = next(m for m in d.MODELS if m.name == r.model)
        day = min(self.now.date() - timedelta(days=r.bought), spec.end_of_sale or date.max)
        phone = self._phone(r.model, next(s for s in d.SHOPS if s.key == r.shop), day, owner.id)
        phone.used = True
        fault = next(f for f in d.FAULTS if f.category == r.fault)
        shop = self.shops[r.shop] if r.channel == "shop" else None
        return self._job(phone, r.channel, fault, self.centres.get(r.centre), shop)

    def _owner_repair(self, owner: Account, r: d.OwnerRepair) -> None:
        job = self._owner_job(owner, r)
        start = self.clocks[job.centre.country].index(self.now - timedelta(days=r.started))
        self._plan(job, r.kind, start if r.kind == "closed" else None, r.how or None)

    def _stuck(self, owner: Account, r: d.OwnerRepair) -> Job:
        """The story: a Mi 8 display, 26 working days in, waiting for a part nobody can date."""
        rng, centre = self.rng, self.centres[r.centre]
        job = self._owner_job(owner, r)
        today = self.clocks[centre.country].index(self.now) // DAY
        job.w0 = (today - 26) * DAY + 75  # 10:15, 26 working days ago
        (tech, tech2), clerks = self.techs[centre.id], self.clerks[self.shops[r.shop].id]
        intake = Intake(job.phone.row.imei, r.fault, d.STUCK_PROBLEM, centre_id=centre.id)
        covered = partial(decide_warranty, decision="covered", reason=job.text(2))
        display = partial(stock.ask_display, part_id=self.parts[("Mi 8", "display")].id)
        plan: list[tuple[int, Account, str | None, Service]] = [
            (0, clerks[0], "received", partial(self._open, job=job, intake=intake)),
            (300, clerks[0], "in_transit_to_centre", _to("in_transit_to_centre")),
            (2 * DAY + 60, tech, "at_centre", _to("at_centre")),
            (3 * DAY + 30, tech, "diagnosing", _to("diagnosing")),
            (3 * DAY + 120, tech, None, covered),
            (3 * DAY + 150, tech, "awaiting_parts", display),  # none on the shelf: ordered
            (10 * DAY + 90, tech, None, partial(stock.supplier_moves, days=12, why=d.SLIPS[0])),
            (18 * DAY + 90, tech, None, partial(stock.supplier_moves, days=14, why=d.SLIPS[1])),
            (6 * DAY + 200, tech2, None, partial(add_note, text=d.INTERNAL["it"][0], public=False)),
            (14 * DAY + 100, tech, None, partial(add_note, text=d.STUCK_NOTE, public=True)),
        ]
        for day in (8, 13, 19, 24):  # the owner asked four times
            note, channel = rng.choice(d.CONTACT_NOTES["it"]), rng.choice(("phone", "email"))
            call = partial(record_contact, channel=channel, who="owner", note=note)
            plan.append((day * DAY + rng.randrange(60, 480), rng.choice(clerks), None, call))
        for day in range(16, 26):  # and the shop called the centre every day
            call = partial(record_contact, channel="phone", who="shop", note=d.SHOP_CALL)
            plan.append((day * DAY + rng.randrange(0, 120), clerks[0], None, call))
        job.steps = sorted((Step(*p) for p in plan), key=lambda s: s.w)
        self.jobs.append(job)
        return job

    def _open(self, session: Session, actor: Account, _: None, now: datetime, **kw: Any) -> None:
        """Open the repair at the counter (or online) through the intake service."""
        job: Job = kw["job"]
        job.repair = open_repair(session, actor, kw["intake"], now)
        note_checklist(session, actor, job.repair, now)
        if job.owner is not None:  # the owner's account was created at the counter just now
            created = session.get(Account, job.repair.owner_id)
            if created is not None:
                created.created_at = now

    # -- planning -------------------------------------------------------------------------

    def _centre_for(self, shop: ShopSpec, brand: str) -> ServiceCentre:
        """Return the first of the shop's centres that serves the brand."""
        return next(c for k in shop.centres if self.brands[brand] in (c := self.centres[k]).brands)

    @staticmethod
    def _covered(phone: DemoPhone, on: date) -> bool:
        return phone.cover_end is not None and on < phone.cover_end

    def _job(
        self, phone: DemoPhone, channel: str, fault: FaultSpec, centre: Centre, shop: Shop | None
    ) -> Job:
        """Make a job; the owner's details are drawn when the phone has no known owner yet."""
        rng, country = self.rng, phone.shop.country
        lang, owner = d.LANGUAGE[country], None
        if phone.row.owner_id is None:
            owner = OwnerDetails(name=self._person(country), language=lang)
            if country == "VN" and rng.random() < 0.6:  # many Vietnamese owners leave a number
                owner.phone_number = f"+84 9{rng.randrange(10**8):08d}"
            else:
                owner.email = self._email(owner.name)
        centre = centre or self._centre_for(phone.shop, phone.brand)
        return Job(phone, centre, shop, channel, fault, lang, owner)

    def _generic_repairs(self) -> None:
        open_now = [f"open:{t}" for t, (n, _lo, _hi) in d.OPEN_NOW.items() for _ in range(n)]
        n_closed = N_REPAIRS - len(self.jobs) - len(open_now) - N_CANCELLED
        for kind in open_now + ["cancelled"] * N_CANCELLED + ["closed"] * n_closed:
            for _ in range(30):  # a draw that does not fit is drawn again
                if self._try(kind):
                    break

    def _try(self, kind: str) -> bool:
        """Draw one repair of this kind; False when the draw does not fit."""
        rng, country = self.rng, _weighted(self.rng, d.COUNTRY_SHARE)
        clock, target = self.clocks[country], kind.removeprefix("open:")
        channel = _weighted(rng, {"shop": 58, "walk_in": 34, "online": 8})
        if target == "registered":  # only online bookings wait for the phone to arrive
            channel = "online"
        elif target in SHOP_ONLY or (target, channel) == ("at_centre", "walk_in"):
            channel = "shop"
        elif (target, channel) in (("received", "online"), ("ready", "shop")):
            channel = "walk_in"
        # A quote waits for approval when the warranty does not pay: damage makes sure.
        faults = [f for f in d.FAULTS if f.damage or target != "awaiting_approval"]
        faults = [f for f in faults if f.parts or target not in ("awaiting_parts", "repairing")]
        fault = rng.choices(faults, [f.weight for f in faults])[0]
        if kind.startswith("open:"):  # open repairs started within the last weeks
            w0, first, last = None, self.now.date() - timedelta(days=100), self.now.date()
        else:  # the others over the last 18 months, more of them lately
            low, high = clock.index(self.now - timedelta(days=548)), clock.index(self.now) - 6 * DAY
            w0 = low + int((high - low) * rng.random() ** 0.8)
            first = clock.at(w0).date() - timedelta(days=5)
            last = first + timedelta(days=30)
        centres = [c for c in self.centres.values() if c.country == country]
        centre = rng.choice(centres) if channel == "walk_in" else None

        def fits(p: DemoPhone) -> bool:
            """Bought before, served by the centre, and no warranty end in the middle."""
            served = centre is None or self.brands[p.brand] in centre.brands
            stable = self._covered(p, first) == self._covered(p, last)
            return not p.used and p.bought < first and served and stable

        # Drawing until one fits is much faster than filtering thousands of phones each time.
        phone = next((p for p in rng.choices(self.by_country[country], k=300) if fits(p)), None)
        if phone is None:
            return False
        shop = None
        if channel == "shop":  # mostly the shop that sold it
            same = rng.random() < 0.7
            spec = phone.shop if same else rng.choice([s for s in d.SHOPS if s.country == country])
            shop, centre = self.shops[spec.key], self._centre_for(spec, phone.brand)
        job = self._job(phone, channel, fault, centre, shop)
        if not self._plan(job, kind, w0):
            return False
        phone.used = True
        if channel == "online" and job.owner:  # owners booking online registered the phone
            email, name = job.owner.email or self._email(job.owner.name), job.owner.name
            owner = self._account(email, Role.owner, country, name)
            owner.created_at = datetime.combine(first, time(19), UTC)
            phone.row.owner_id, job.owner = owner.id, None
        return True

    def _plan(self, job: Job, kind: str, w0: int | None, flavour: str | None = None) -> bool:
        """Plan the job's steps and place them in time; False when they do not fit before now."""
        rng, clock = self.rng, self.clocks[job.centre.country]
        now_w, target = clock.index(self.now), kind.removeprefix("open:")
        on = clock.at(w0).date() if w0 is not None else self.now.date()
        # Damage the owner caused is never covered, whatever the dates say.
        covered = self._covered(job.phone, on) and not job.fault.damage
        for _ in range(40):
            steps = self._life(job, covered, kind == "cancelled", flavour)
            if w0 is not None:
                job.w0, end = w0, w0 + steps[-1].w
                if end >= now_w - 30:
                    return False
            else:  # an open repair: cut its life at the target status, just before now
                idx = next((i for i, s in enumerate(steps) if s.to == target), None)
                if idx is None:
                    continue
                residual = max(5, round(rng.uniform(*d.OPEN_NOW[target][1:]) * DAY))
                end = idx + 1  # a decision or a note may already have followed the last move
                limit = steps[idx].w + residual
                while end < len(steps) and steps[end].to is None and steps[end].w < limit:
                    end += 1
                steps = steps[:end]
                if limit > 32 * DAY:
                    continue
                job.w0, end = now_w - limit, now_w - 1
            job.steps = self._contacts(job, steps, end - job.w0)
            self.jobs.append(job)
            return True
        return False

    def _contacts(self, job: Job, steps: list[Step], end: int) -> list[Step]:
        """Add the times someone had to ask: rare at first, frequent once a repair is late."""
        rng = self.rng
        start = next((s.w for s in steps if s.to in ("received", "at_centre")), end)
        end = next((s.w for s in steps if s.to in ("ready", "ready_for_pickup")), end)
        at_risk = 7 if job.centre.country == "IT" else 5
        people = self.clerks[job.shop.id] if job.shop else self.techs[job.centre.id]
        ways = {"phone": 45, "in_person": 20, "email": 15, "chat": 10, "sms": 10}
        for day in range(max(0, (end - start) // DAY)):
            if rng.random() > (0.04 if day < at_risk else 0.3):
                continue
            w = start + day * DAY + rng.randrange(DAY)
            who = "shop" if job.shop and rng.random() < 0.35 else "owner"
            channel = "phone" if who == "shop" else _weighted(rng, ways)
            note = rng.choice(d.CONTACT_NOTES[job.lang])
            if w < end:
                call = partial(record_contact, channel=channel, who=who, note=note)
                steps.append(Step(w, rng.choice(people), None, call))
        return sorted(steps, key=lambda s: s.w)

    def _flavour(self, job: Job, covered: bool) -> str:
        """Choose how the repair goes once diagnosed."""
        r = self.rng.random()
        if not covered:
            return "quote_no" if r < 0.22 else "quote"
        if job.fault.category == "software":
            return "software"
        if r < 0.06 and job.shop is not None:  # a shop refunds a phone that keeps failing
            return "refund"
        return "replace" if r < 0.13 else "parts" if r < 0.13 + 0.87 * job.fault.parts else "fix"

    def _life(self, job: Job, covered: bool, cancel: bool, flavour: str | None) -> list[Step]:
        """Plan a repair's whole life, in working minutes from its start."""
        rng, lang, fault, shop = self.rng, job.lang, job.fault, job.shop
        steps: list[Step] = []
        t = 0
        tech = rng.choice(self.techs[job.centre.id])  # one technician follows it through
        online = job.channel == "online"

        def add(to: str | None, who: Account | None, wait: Wait, call: Service, **kw: Any) -> None:
            nonlocal t  # the step comes after a wait of so many working days
            t += max(1, round(rng.uniform(*wait) * DAY)) if wait[1] else 0
            steps.append(Step(t, who, to, partial(call, **kw)))
            t += 1

        def move(to: str, who: Account | None, wait: Wait, note: str | None = None) -> None:
            add(to, who, wait, _to(to, note=note))

        def clerk() -> Account:
            return rng.choice(self.clerks[shop.id]) if shop else tech

        condition = rng.choice(d.CONDITIONS[lang]) if rng.random() < 0.5 else ""
        imei, problem, cid = job.phone.row.imei, job.text(rng.randrange(2)), job.centre.id
        intake = Intake(imei, fault.category, problem, condition, owner=job.owner, centre_id=cid)
        opener = None if online else clerk()
        opened = "registered" if online else "received"
        add(opened, opener, (0, 0), self._open, job=job, intake=intake)
        if cancel:
            move("cancelled", opener, (0.1, 2.5 if online else 0.6), d.NOTES["cancelled"][lang])
            return steps
        if online:
            move("at_centre", tech, (0.5, 4))  # the owner ships the phone or brings it in
        elif shop:
            move("in_transit_to_centre", clerk(), (0.05, 0.6))
            move("at_centre", tech, (1, 3))
        move("diagnosing", tech, (0.2, 2))  # the queue before the bench
        kind = flavour or self._flavour(job, covered)
        end = job.phone.cover_end
        reason = d.NOTES["expired"][lang].format(date=end.strftime("%d/%m/%Y") if end else "-")
        if covered or fault.damage:
            reason = job.text(2)
        if covered and kind in ("replace", "refund"):  # not the usual fix: say what is covered
            reason = d.NOTES["covered"][lang]
        decision = "covered" if covered else "not_covered"
        add(None, tech, (0.05, 0.6), decide_warranty, decision=decision, reason=reason)
        parts = kind in ("parts", "replace", "quote_parts")
        if kind.startswith("quote"):
            lo, hi = fault.price[lang]
            unit = 100 if lang == "it" else 10_000  # prices like 89.90 EUR and 1,250,000 VND
            price = rng.randint(lo // unit, hi // unit) * unit - (10 if lang == "it" else 0)
            parts = parts or (kind == "quote" and rng.random() < fault.parts)
            nxt = "awaiting_parts" if parts else "repairing"
            quote = {"amount_minor": price, "description": job.text(3), "next_status": nxt}
            quote["currency"] = d.CURRENCY[job.centre.country]
            add("awaiting_approval", tech, (0.02, 0.3), make_quote, **quote)
            # The owner thinks it over (the SLA clock waits), then answers online if they
            # have an account, or on the phone to the technician.
            online_owner = online or job.phone.row.owner_id is not None
            approve, by = kind != "quote_no", None if online_owner and rng.random() < 0.7 else tech
            told = {"told_by": "phone"} if by is tech else {}
            add(nxt if approve else "testing", by, (0.1, 4), decide_quote, approve=approve, **told)
        elif parts:
            ordered = d.NOTES[kind if kind == "replace" else "parts"][lang]
            move("awaiting_parts", tech, (0.02, 0.3), ordered)
        elif kind == "fix":
            move("repairing", tech, (0.02, 0.8))
        if parts:
            r = rng.random()  # mostly days, sometimes weeks
            top = 6 if kind == "replace" else 8 if r < 0.7 else 15 if r < 0.92 else 30
            days = rng.uniform(2, top)
            if rng.random() < 0.4:
                internal = rng.choice(d.INTERNAL[lang])
                add(None, tech, (0.5, 1.5), add_note, text=internal, public=False)
            if days > 8:  # a long wait earns the owner a word
                late = d.NOTES["parts_late"][lang]
                add(None, tech, (days / 3, days / 2), add_note, text=late, public=True)
            note = None if kind == "replace" else d.NOTES["parts_in"][lang]
            move("repairing", tech, (days / 3, days / 2), note)
        if kind not in ("refund", "quote_no"):  # repaired (or reinstalled), then tested
            move("testing", tech, (0.2, 1.5))
        note = d.NOTES[kind if kind in OUTCOME else "back" if shop else "ready"][lang]
        outcome = {"outcome": OUTCOME.get(kind, "repaired")}
        if shop:
            move("in_transit_to_shop", tech, (0.05, 1), note)
            move("ready_for_pickup", clerk(), (1, 3), d.NOTES["pickup"][lang])
            add("closed", clerk(), (0.1, 5), _to("closed", **outcome))  # when the owner comes by
        else:
            move("ready", tech, (0.05, 1), note)
            add("closed", tech, (0.1, 4), _to("closed", **outcome))
        return steps

    # -- playing --------------------------------------------------------------------------

    def _play(self) -> None:
        """Run every step of every repair through the services, in time order."""
        moments = sorted(
            (self.clocks[job.centre.country].at(job.w0 + step.w), i, k)
            for i, job in enumerate(self.jobs)
            for k, step in enumerate(job.steps)
        )
        # Each service flushes what it writes; autoflush before their reads would only
        # repeat that work (it costs a third of the load time) and changes no result.
        with self.s.no_autoflush:
            for at, i, k in moments:
                job, step = self.jobs[i], self.jobs[i].steps[k]
                owner_id = job.repair.owner_id if job.repair else job.phone.row.owner_id
                actor = step.actor or self.s.get(Account, owner_id)
                step.call(self.s, actor, job.repair, at)
