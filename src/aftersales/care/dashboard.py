"""The commitment dashboard's figures per model: what was sold and served, the software, the
promises in force per country, and the flags where a promise is at risk or broken.

A page of models costs the same few statements whatever its size (decision 196): the phones
and the share on the latest release from software's index, repairs served, the security
updates, the commitments in force and the parts waits, each for the whole page at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from aftersales.care import counts, outlook, queries, waits
from aftersales.care.outlook import InUse
from aftersales.care.quarters import by_quarter
from aftersales.care.queries import SecurityUpdate, WaitDetail
from aftersales.care.runway import PartCare, labelled, short_parts
from aftersales.care.waits import LateWait
from aftersales.catalog import queries as catalogue
from aftersales.catalog.models import Brand, PhoneModel
from aftersales.software.queries import ModelShare, shares, version_counts
from aftersales.software.versions import releases_of
from aftersales.support.commitments import Support, countries_on_file, supports


@dataclass(frozen=True)
class CountryCare:
    """A model's promises in one country and the flags they raise there."""

    country: str
    support: Support
    security_overdue: bool  # updates are promised and the last security update is too old
    late_repairs: int  # repairs whose part waited longer than the delivery time (the window)
    short_runway: tuple[int, ...] = ()  # parts (ids) whose runway ends before the parts promise


@dataclass(frozen=True)
class ModelCare:
    """Everything the dashboard says of one model on a day."""

    model: PhoneModel
    on: date
    phones_sold: int  # registered phones
    repairs_served: int  # closed repairs
    software: ModelShare  # the latest release and the share of phones on it
    security: SecurityUpdate | None  # the release that brought the newest patch level
    countries: tuple[CountryCare, ...]
    # The forecast's (care.outlook), read once for the page in `_figures` (decision 200):
    # None and no parts while the nightly job has not computed the model yet.
    in_use: InUse | None = None
    parts: tuple[PartCare, ...] = ()
    counted_on: date | None = None  # the day the nightly job counted the figures; None: live

    @property
    def forecast(self) -> bool:
        """Say whether the nightly job has computed this model (else the page says so)."""
        return self.in_use is not None

    @property
    def days_since_release(self) -> int | None:
        """Return the days since the latest release (None: none on file)."""
        latest = self.software.latest
        return (self.on - latest.release_date).days if latest else None

    @property
    def days_since_security(self) -> int | None:
        """Return the days since the last security update (None: none on file)."""
        return (self.on - self.security.release_date).days if self.security else None

    @property
    def security_overdue(self) -> bool:
        """Say whether the security updates are late in any country where they are promised."""
        return any(c.security_overdue for c in self.countries)

    @property
    def late_repairs(self) -> int:
        """Return how many repairs waited for parts longer than their country's delivery time."""
        return sum(c.late_repairs for c in self.countries)

    @property
    def short_runway(self) -> int:
        """Return how many parts run out before the parts promise of any country."""
        return len({p for c in self.countries for p in c.short_runway})

    @property
    def short_parts(self) -> list[PartCare]:
        """Return the parts whose runway is shorter than a country's parts promise."""
        short = {p for c in self.countries for p in c.short_runway}
        return [p for p in self.parts if p.outlook.part_id in short]


@dataclass(frozen=True)
class BrandCare:
    """A page of a brand's models with their figures."""

    brand: Brand
    models: list[ModelCare]
    total: int  # the brand's models
    offset: int
    since: datetime  # parts waits are measured from then (care.waits)


def security_overdue(support: Support, model: PhoneModel, last: date | None, on: date) -> bool:
    """Say whether a security update is overdue: promised, and none for longer than the cadence.

    With no security update on file the silence counts from the model's release.
    """
    if not support.updates_promised(on):
        return False
    since = last or model.release_date
    return since is not None and (on - since).days > support.cadence_days


def countries(session: Session, brand_id: int, model_ids: Sequence[int]) -> list[str]:
    """Return the countries the brand serves or has promised any of these models in."""
    served = catalogue.countries_served(session, brand_id)
    return sorted(served | countries_on_file(session, model_ids))


def figures(session: Session, models: Sequence[PhoneModel], now: datetime) -> list[ModelCare]:
    """Return the figures of these models (of one brand) on the day of `now`."""
    return _figures(session, models, now)[0]


def _figures(
    session: Session, models: Sequence[PhoneModel], now: datetime
) -> tuple[list[ModelCare], list[LateWait]]:
    """Return the models' figures and their parts waits over the delivery time."""
    if not models:
        return [], []
    on, ids = now.date(), [m.id for m in models]
    places = countries(session, models[0].brand_id, ids)
    found = supports(session, [(m, c) for m in models for c in places], on)
    # The slow counts are the nightly job's (decision 201); a model it has not counted yet
    # (added since) is counted live, the same functions the job counts with.
    stored = counts.stored(session, ids)
    live = [i for i in ids if i not in stored]
    limits = {key: s.delivery_days for key, s in found.items() if key[0] in live}
    over = sorted(counts.late_waits(session, stored) + waits.late_waits(session, limits, now),
                  key=waits.longest_first)  # fmt: skip
    late = waits.count_by(over)
    versions = [(m, v, n) for m, c in stored.items() for v, n in c.versions]
    share = {**shares(session, list(stored), versions), **shares(session, live)}
    served = {m: c.repairs_served for m, c in stored.items()}
    counted = {m: c.counted_on for m, c in stored.items()}
    served.update(queries.repairs_served(session, live) if live else {})
    security = queries.security_updates(session, ids)
    in_use, outlooks = outlook.in_use(session, ids), outlook.parts(session, ids)
    named = labelled(session, [o for m in models for o in outlooks.get(m.id, [])])
    parts: dict[int, list[PartCare]] = {}
    for p in named:
        parts.setdefault(p.outlook.model_id, []).append(p)
    out = []
    for m in models:
        last = security[m.id].release_date if m.id in security else None
        mine = parts.get(m.id, [])
        per_country = tuple(
            CountryCare(c, found[(m.id, c)], security_overdue(found[(m.id, c)], m, last, on),
                        late.get((m.id, c), 0), short_parts(mine, found[(m.id, c)].terms["parts"]))
            for c in places
        )  # fmt: skip
        out.append(ModelCare(m, on, share[m.id].phones, served[m.id], share[m.id],
                             security.get(m.id), per_country, in_use.get(m.id),
                             tuple(mine), counted.get(m.id)))  # fmt: skip
    return out, over


def brand_care(session: Session, brand: Brand, now: datetime, limit: int, offset: int) -> BrandCare:
    """Return a page of the brand's models, by name, with their figures."""
    models, total = queries.models_page(session, brand.id, limit, offset)
    return BrandCare(brand, figures(session, models, now), total, offset, waits.window_start(now))


def model_care(
    session: Session, model: PhoneModel, now: datetime
) -> tuple[ModelCare, list[LateWait]]:
    """Return one model's figures, and its parts waits over the delivery time, longest first."""
    cares, late = _figures(session, [model], now)
    return cares[0], late


def late_of(session: Session, model: PhoneModel, now: datetime) -> list[LateWait]:
    """Return a model's parts waits over the delivery time, longest first (no other figure)."""
    if counts.stored(session, [model.id]):
        return counts.late_waits(session, [model.id])
    places = countries(session, model.brand_id, [model.id])
    found = supports(session, [(model, c) for c in places], now.date())
    return waits.late_waits(session, {k: s.delivery_days for k, s in found.items()}, now)


def with_details(session: Session, late: Sequence[LateWait]) -> list[tuple[LateWait, WaitDetail]]:
    """Return a page of late parts with what their list says of each: one query."""
    found = queries.wait_details(session, [w.wait.id for w in late])
    return [(w, found[w.wait.id]) for w in late]


@dataclass(frozen=True)
class Series:
    """A model's figures over time and by version, for the charts."""

    phones: list[tuple[date, int]]  # phones sold per quarter (of the purchase day)
    undated: int  # phones whose purchase day is not known
    repairs: list[tuple[date, int]]  # repairs served per quarter (of the closing day)
    versions: list[tuple[str | None, int]]  # phones per version (None: not known), most first
    listed: frozenset[str]  # the model's versions that are releases on file
    in_use: list[tuple[date, int, int, int]]  # per month: day, expected, low, high (forecast)
    parts: list[PartCare]  # the forecast's parts with their runway (none: not yet forecast)


def series(session: Session, model: PhoneModel, on: date) -> Series:
    """Return a model's quarters of phones sold and repairs served, its versions in use, and
    the forecast's curve of phones in use and parts runway."""
    listed = frozenset(v for _, v in releases_of(session, [model.id]))
    curve = outlook.in_use_curve(session, model.id)
    parts = labelled(session, outlook.parts(session, [model.id]).get(model.id, []))
    stored = counts.stored(session, [model.id]).get(model.id)
    if stored is not None:  # the nightly job's (decision 201); quiet quarters up to today
        phones, repairs = by_quarter(stored.phones, on), by_quarter(stored.repairs, on)
        return Series(phones, stored.undated, repairs, stored.versions, listed, curve, parts)
    days = queries.phones_by_day(session, model.id)
    dated = [(d, n) for d, n in days if d is not None]
    undated = sum(n for d, n in days if d is None)
    repairs = by_quarter(queries.repairs_by_day(session, model.id), on)
    return Series(by_quarter(dated, on), undated, repairs, version_counts(session, model.id),
                  listed, curve, parts)  # fmt: skip
