"""Shops and service centres as places: opening hours, duplicates by mistake, and edits."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record, snapshot
from aftersales.catalog.access import require_catalogue_admin
from aftersales.catalog.models import ServiceCentre, Shop, place_key
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, Problems, StaleVersion, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.text import SHORT, check_texts

# Monday first, as the working week is written ("1111100").
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
            N_("Saturday"), N_("Sunday"))  # fmt: skip
TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
Hours = dict[str, list[str]]
# What an edit may change, besides the opening hours; the audit log keeps the same.
CENTRE_EDITABLE = ("name", "address", "opening_hours")
SHOP_EDITABLE = ("name", "address", "email", "opening_hours")


def check_hours(raw: Mapping[str, Sequence[str] | None] | None) -> Hours | None:
    """Return opening hours as stored ({"0": ["09:00", "18:00"], …}), or raise per weekday.

    A day missing or given empty is closed; a day open needs both times, the closing after
    the opening. Field errors are named `hours_<day>` (0 is Monday).
    """
    if raw is None:
        return None
    errors: dict[str, str] = {}
    hours: Hours = {}
    for key, times in raw.items():
        if key not in {str(d) for d in range(7)}:
            errors["opening_hours"] = N_("Name the days 0 (Monday) to 6 (Sunday).")
            continue
        given = [(t or "").strip() for t in times or []]
        opens, closes = ([*given, "", ""])[:2] if len(given) <= 2 else ("x", "x")
        if not opens and not closes:
            continue
        if not (TIME_RE.match(opens) and TIME_RE.match(closes)):
            errors[f"hours_{key}"] = N_(
                "Give both times as hours and minutes, e.g. 09:00 and 18:30."
            )
        elif closes <= opens:
            errors[f"hours_{key}"] = N_("The closing time must come after the opening time.")
        else:
            hours[key] = [opens, closes]
    if errors:
        raise ValidationFailed(N_("Check the opening hours."), errors)
    return dict(sorted(hours.items()))


def hours_by_day(hours: Mapping[str, Sequence[str]] | None) -> list[tuple[str, str, str]]:
    """Return each weekday's name (untranslated) with its opening and closing times, or blanks."""
    hours = hours or {}
    return [
        (day, *(list(hours.get(str(i)) or ["", ""])[:2]))  # type: ignore[misc]
        for i, day in enumerate(WEEKDAYS)
    ]


class PossibleDuplicate(Conflict):
    """A place of the same name in the same city exists: made by mistake, unless confirmed."""


def check_duplicate(
    session: Session,
    model: type[ServiceCentre] | type[Shop],
    country: str,
    city: str,
    name: str,
    exclude_id: int | None = None,
) -> None:
    """Raise PossibleDuplicate when another place has this name in this city (case aside)."""
    stmt = select(model.id).where(model.dedupe_key == place_key(country, city, name))
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    if session.scalar(stmt.limit(1)) is None:
        return
    what = (
        N_("A service centre named '%(name)s' exists in %(city)s already. Add it anyway?")
        if model is ServiceCentre
        else N_("A shop named '%(name)s' exists in %(city)s already. Add it anyway?")
    )
    raise PossibleDuplicate(Msg(what, name=name.strip(), city=city.strip()))


def check_version(record_version: int, version: int | None) -> None:
    """Raise StaleVersion when the caller edited an older version of the place or model."""
    if version is not None and version != record_version:
        raise StaleVersion(
            N_("Someone else changed this record meanwhile. Reload it and try again.")
        )


def _changes(
    place: ServiceCentre | Shop, fields: Mapping[str, Any], editable: Sequence[str]
) -> dict[str, Any]:
    """Check the fields given (None: unchanged) and return what to write."""
    given = {k: v for k, v in fields.items() if k in editable and v is not None}
    problems = Problems()
    texts = {k: given[k] for k in ("name", "address") if k in given}
    check_texts(problems.errors, SHORT, **texts)
    if "name" in given:
        given["name"] = given["name"].strip()
        if not given["name"]:
            problems.errors["name"] = N_("A name is required.")
    if "address" in given:
        given["address"] = given["address"].strip()
    if "email" in given:
        email = given["email"].strip()
        if email and "@" not in email:
            problems.errors["email"] = N_("Give an address like desk@shop.it.")
        given["email"] = email or None
    if "opening_hours" in given:
        given["opening_hours"] = problems.check(lambda: check_hours(given["opening_hours"]))
    problems.raise_if_any(N_("The changes cannot be saved."))
    return given


def _update(
    session: Session,
    actor: Acting,
    place: ServiceCentre | Shop,
    entity: str,
    editable: Sequence[str],
    version: int | None,
    fields: Mapping[str, Any],
) -> None:
    require_catalogue_admin(actor)
    check_version(place.version, version)
    given = _changes(place, fields, editable)
    if "name" in given and given["name"] != place.name:
        check_duplicate(session, type(place), place.country, place.city, given["name"], place.id)
    old = snapshot(place, editable)
    for key, value in given.items():
        setattr(place, key, value)
    session.flush()
    record(session, actor, Action.updated, entity, place.id, old=old,
           new=snapshot(place, editable))  # fmt: skip


def update_centre(
    session: Session, actor: Acting, centre: ServiceCentre, version: int | None, **fields: Any
) -> ServiceCentre:
    """Change a centre's name, address or opening hours (platform admins); None: unchanged."""
    _update(session, actor, centre, "service_centre", CENTRE_EDITABLE, version, fields)
    return centre


def update_shop(
    session: Session, actor: Acting, shop: Shop, version: int | None, **fields: Any
) -> Shop:
    """Change a shop's name, address, news e-mail or opening hours (platform admins)."""
    _update(session, actor, shop, "shop", SHOP_EDITABLE, version, fields)
    return shop
