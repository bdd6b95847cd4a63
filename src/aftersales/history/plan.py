"""Checking imported histories as wholes: order, start, end, and the repair each one makes.

The allowed-moves table is for live work; a source may skip steps. An imported history is
checked by what the figures need (decision 242): its times never go back, a finished status
(closed, cancelled) comes last, it ends finished (or ready, with `close_ready`), and a
closing names an outcome. A repeat of the status it is in adds nothing and is merged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from aftersales.catalog.service import check_country
from aftersales.history.catalogue import Catalogue, placeholder_imei
from aftersales.history.lines import Line, shown
from aftersales.history.mapping import OPTIONAL, Mapping
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import Msg
from aftersales.kernel.imei import imei_problem, normalize_imei
from aftersales.repairs.models import CHANNELS, FAULT_CATEGORIES
from aftersales.repairs.states import READY_STATES, Outcome, Status

FINISHED = frozenset({Status.closed, Status.cancelled})
PER_REPAIR = OPTIONAL  # every optional column is a fact of the whole repair
LIMITS = {"problem": 5000, "contact_name": 120, "contact_email": 254, "contact_phone": 32}
Errors = list[tuple[int, str]]
DEFAULT = -1  # the line of a value taken from the mapping's [defaults]
Value = Callable[[str], tuple[str, int]]  # a field's value and its line (DEFAULT: a default)
Fail = Callable[[int, str], None]


@dataclass
class Step:
    """One status the repair entered, when, and the line that said so (None: added)."""

    status: Status
    at: datetime
    line: int | None
    code: str


@dataclass
class Planned:
    """A repair to write: what it is, where, its phone and its steps."""

    external_id: str
    steps: list[Step]
    brand_id: int
    model_id: int | None  # None: a model to create, named model_name
    model_name: str
    centre_id: int
    shop_id: int | None
    channel: str
    fault_category: str
    problem: str
    outcome: str | None
    imei: str
    phone_id: int | None  # None: a phone to create
    contact: dict[str, str] = field(default_factory=dict)


def group(lines: list[Line]) -> dict[str, list[Line]]:
    """Return the lines of each repair, in file order, repairs in order of first line."""
    out: dict[str, list[Line]] = {}
    for line in lines:
        out.setdefault(line.external_id, []).append(line)
    return out


def fields_of(lines: list[Line], errors: Errors) -> dict[str, tuple[str, int]]:
    """Return each per-repair field's value and first line; a line saying otherwise is wrong."""
    seen: dict[str, tuple[str, int]] = {}
    for line in lines:
        for name in PER_REPAIR:
            value = line.cells.get(name)
            if not value:
                continue
            if name not in seen:
                seen[name] = (value, line.number)
            elif seen[name][0] != value and name != "outcome":
                errors.append((line.number, Msg(
                    "%(field)s '%(value)s' differs from '%(first)s' on line %(line)s of the same "
                    "repair.", field=name, value=shown(value), first=shown(seen[name][0]),
                    line=seen[name][1])))  # fmt: skip
    return seen


def steps_of(lines: list[Line], mapping: Mapping, errors: Errors) -> tuple[list[Step], int]:
    """Return the repair's steps (repeats merged, ignored codes left out) and repeats merged."""
    steps: list[Step] = []
    last_at: tuple[datetime, int] | None = None
    merged = 0
    for line in lines:
        if last_at is not None and line.at < last_at[0]:
            errors.append((line.number, Msg(
                "the time %(at)s is before that of line %(line)s of the same repair: a history "
                "goes forward.", at=line.at.isoformat(), line=last_at[1])))  # fmt: skip
            continue
        last_at = (line.at, line.number)
        if line.status is None:
            continue
        if steps and steps[-1].status in FINISHED:
            errors.append((line.number, Msg(
                "the repair was %(status)s on line %(line)s: a finished repair has no later "
                "status.", status=steps[-1].status.value, line=steps[-1].line)))  # fmt: skip
            continue
        if steps and steps[-1].status == line.status:
            merged += 1
            continue
        steps.append(Step(line.status, line.at, line.number, line.code))
    if not steps:
        if lines and not any(e[0] in {ln.number for ln in lines} for e in errors):
            errors.append((lines[0].number, Msg(
                "no line of repair '%(id)s' maps to a status (all ignored).",
                id=shown(lines[0].external_id))))  # fmt: skip
        return steps, merged
    end = steps[-1]
    if end.status not in FINISHED:
        if mapping.close_ready and end.status in READY_STATES:
            steps.append(Step(Status.closed, end.at, None, ""))
        else:
            errors.append((end.line or lines[-1].number, Msg(
                "repair '%(id)s' ends %(status)s: only finished repairs (closed or cancelled) "
                "are imported; with close_ready = true a history ending ready is closed.",
                id=shown(lines[0].external_id), status=end.status.value)))  # fmt: skip
    return steps, merged


class Resolver:
    """Turn a repair's fields (or the mapping's defaults) into catalogue rows, or errors."""

    def __init__(self, mapping: Mapping, known: Catalogue, phones: dict[str, tuple[int, int]],
                 source: str) -> None:  # fmt: skip
        self.mapping, self.known, self.phones, self.source = mapping, known, phones, source
        self.models_matched: set[int] = set()
        self.phones_created: set[str] = set()
        self.phones_matched: set[int] = set()
        self.placeholders = 0
        self.said: set[str] = set()
        self.repeated = 0  # repairs refused again for a default's mistake already said

    def plan(self, external_id: str, lines: list[Line], steps: list[Step],
             errors: Errors) -> Planned | None:  # fmt: skip
        """Return the repair to write, or None after adding its problems to `errors`."""
        given = fields_of(lines, errors)
        first = lines[0].number

        def value(name: str) -> tuple[str, int]:
            found = given.get(name)
            return found if found else (self.mapping.defaults.get(name, ""), DEFAULT)

        def fail(line: int, message: str) -> None:
            if line != DEFAULT:
                errors.append((line, message))
            elif message not in self.said:  # a default's mistake: once, at its first repair
                self.said.add(message)
                errors.append((first, message))
            else:
                self.repeated += 1

        count, repeated = len(errors), self.repeated
        imei, imei_line = value("imei")
        phone: tuple[int, int] | None = None
        if imei:
            problem = imei_problem(imei)
            if problem:
                fail(
                    imei_line,
                    Msg("IMEI '%(imei)s': %(problem)s", imei=shown(imei), problem=problem),
                )
            else:
                imei = normalize_imei(imei)
                phone = self.phones.get(imei)
        else:
            imei = placeholder_imei(self.source, external_id)
            phone = self.phones.get(imei)
        brand_id, model_id, model_name = self._model(value, phone, fail)
        centre_id = self._centre(value, brand_id, fail)
        shop_id, channel = self._shop_and_channel(value, fail)
        fault, fault_line = value("fault_category")
        fault = fault or "other"
        if fault not in FAULT_CATEGORIES:
            fail(fault_line, Msg("fault category '%(value)s' is not one of: %(choices)s.",
                 value=shown(fault), choices=", ".join(FAULT_CATEGORIES)))  # fmt: skip
        outcome = self._outcome(lines, steps, fail)
        # No problem text stays empty: the staff page says where the repair came from in the
        # reader's language, and nothing reads as an owner's words (decision 295).
        problem_text = value("problem")[0]
        names: tuple[str, ...] = ("contact_name", "contact_email", "contact_phone")
        contact = {k: given[k][0] for k in names if k in given}
        for name, limit in LIMITS.items():
            text = problem_text if name == "problem" else contact.get(name, "")
            if len(text) > limit:
                fail(value(name)[1], Msg("%(field)s is longer than %(max)s characters.",
                                         field=name, max=limit))  # fmt: skip
        if (
            len(errors) > count
            or self.repeated > repeated
            or brand_id is None
            or centre_id is None
            or not steps
        ):
            return None
        if phone is not None:
            self.phones_matched.add(phone[0])
        else:
            self.phones_created.add(imei)
            self.placeholders += not given.get("imei")
        return Planned(external_id, steps, brand_id, model_id, model_name, centre_id, shop_id,
                       channel, fault, problem_text, outcome, imei,
                       phone[0] if phone else None, contact)  # fmt: skip

    def _model(
        self, value: Value, phone: tuple[int, int] | None, fail: Fail
    ) -> tuple[int | None, int | None, str]:
        """Return brand id, model id (None: to create) and name, from the phone or the fields."""
        brand, brand_line = value("brand")
        model, model_line = value("model")
        known = self.known
        if phone is not None:
            own = phone[1]
            its = known.model_brand[own]
            if brand and known.brands.get(brand.strip().lower()) != its:
                fail(brand_line, Msg("the phone of this IMEI is of brand '%(its)s', not "
                                     "'%(brand)s'.", its=known.brand_names[its],
                                     brand=shown(brand)))  # fmt: skip
            if model and known.models.get((known.model_brand[own], model.lower())) != own:
                fail(model_line, Msg("the phone of this IMEI is another model, not '%(model)s'.",
                                     model=shown(model)))  # fmt: skip
            self.models_matched.add(own)
            return its, own, model
        brand_id = known.brands.get(brand.strip().lower()) if brand else None
        if not brand:
            fail(brand_line, Msg("no brand: map a brand column or give [defaults] brand."))
            return None, None, model
        if brand_id is None:
            fail(brand_line, Msg("brand '%(brand)s' is not in the catalogue (slug or name), or "
                                 "names several brands.", brand=shown(brand)))  # fmt: skip
            return None, None, model
        if not model:
            fail(model_line, Msg("no model: map a model column or give [defaults] model."))
            return brand_id, None, model
        model_id = known.models.get((brand_id, model.strip().lower()))
        if model_id is not None:
            self.models_matched.add(model_id)
        elif self.mapping.create_models and len(model.strip()) <= 100:
            known.new_models.add((brand_id, model.strip()))
        else:
            fail(model_line, Msg("model '%(model)s' is not a model of brand '%(brand)s' (set "
                                 "create_models = true to create it).", model=shown(model),
                                 brand=shown(brand)))  # fmt: skip
        return brand_id, model_id, model.strip()

    def _centre(self, value: Value, brand_id: int | None, fail: Fail) -> int | None:
        """Return the centre named, or the first of the country that repairs the brand."""
        centre, centre_line = value("centre")
        country, country_line = value("country")
        if country:
            try:
                country = check_country(country)
            except ValidationFailed:
                fail(country_line, Msg("country '%(value)s' is not a 2-letter ISO code we know, "
                                       "e.g. IT.", value=shown(country)))  # fmt: skip
                return None
        if brand_id is None:
            return None
        if centre:
            centre_id = self.known.centres.get(centre.strip().lower())
            if centre_id is None:
                fail(centre_line, Msg("centre '%(centre)s' is not a service centre here (name or "
                                      "id), or names several.", centre=shown(centre)))  # fmt: skip
                return None
            row = self.known.centre_rows[centre_id]
            if brand_id not in {b.id for b in row.brands}:
                fail(centre_line, Msg("centre '%(centre)s' does not repair this brand.",
                                      centre=shown(centre)))  # fmt: skip
                return None
            if country and row.country != country:
                fail(country_line, Msg("centre '%(centre)s' is in %(its)s, not %(country)s.",
                     centre=shown(centre), its=row.country, country=country))  # fmt: skip
                return None
            return centre_id
        if not country:
            fail(centre_line, Msg("no centre: map a centre or country column, or give "
                                  "[defaults] centre or country."))  # fmt: skip
            return None
        found = self.known.centre_in(country, brand_id)
        if found is None:
            fail(country_line, Msg("no service centre in %(country)s repairs this brand.",
                                   country=country))  # fmt: skip
        return found

    def _shop_and_channel(self, value: Value, fail: Fail) -> tuple[int | None, str]:
        """Return the shop (if any) and the channel: shop with a shop, else walk_in."""
        shop, shop_line = value("shop")
        channel, channel_line = value("channel")
        shop_id = None
        if shop:
            shop_id = self.known.shops.get(shop.strip().lower())
            if shop_id is None:
                fail(shop_line, Msg("shop '%(shop)s' is not a shop here (name or id), or names "
                                    "several.", shop=shown(shop)))  # fmt: skip
        channel = channel or ("shop" if shop else "walk_in")
        if channel not in CHANNELS:
            fail(channel_line, Msg("channel '%(value)s' is not one of: %(choices)s.",
                                   value=shown(channel), choices=", ".join(CHANNELS)))  # fmt: skip
        elif channel == "shop" and not shop:
            fail(channel_line, Msg("channel shop needs a shop: map a shop column or give "
                                   "[defaults] shop."))  # fmt: skip
        return shop_id, channel

    def _outcome(self, lines: list[Line], steps: list[Step], fail: Fail) -> str | None:
        """Return a closed repair's outcome: its closing line's, any line's, else the default."""
        if not steps or steps[-1].status != Status.closed:
            return None
        closing = steps[-1].line
        said = [ln for ln in lines if ln.cells.get("outcome")]
        chosen = next((ln for ln in said if ln.number == closing), said[-1] if said else None)
        outcome = chosen.cells["outcome"] if chosen else self.mapping.defaults.get("outcome", "")
        where = chosen.number if chosen else (closing or lines[-1].number)
        if outcome not in {o.value for o in Outcome}:
            fail(where, Msg("outcome '%(value)s' is not one of: %(choices)s (a closed repair "
                            "needs one; [defaults] outcome gives it).", value=shown(outcome),
                            choices=", ".join(o.value for o in Outcome)))  # fmt: skip
            return None
        return outcome


def by_status(plans: list[Planned]) -> dict[str, int]:
    """Return how many steps of the planned repairs enter each status."""
    return dict(sorted(Counter(s.status.value for p in plans for s in p.steps).items()))
