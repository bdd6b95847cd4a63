"""Import sales records (IMEI, model, purchase date, shop, country) from CSV."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.catalog.models import ModelTac, PhoneModel, Shop, TacStatus
from aftersales.catalog.service import check_country
from aftersales.devices.access import require_may_import
from aftersales.devices.models import Phone
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.imei import imei_problem, normalize_imei

REQUIRED = ("imei", "model", "purchase_date", "shop", "country")


@dataclass
class ImportReport:
    """What an import did: rows imported and rows refused with their reasons."""

    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def read_rows(lines: Iterable[str]) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Parse CSV text; return the header and (line number, row) pairs.

    A file the CSV reader cannot parse, or whose header is wrong, is refused whole before
    anything is written, with the line to look at.
    """
    reader = csv.DictReader(lines)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        _check_header(header)
        reader.fieldnames = header
        rows = [
            (reader.line_num, {k: (v or "").strip() for k, v in r.items() if k}) for r in reader
        ]
    except csv.Error as exc:
        line = reader.reader.line_num  # DictReader's own count is set only after a good row
        raise ValidationFailed(
            _unreadable(line, exc), {"file": Msg("Unreadable at line %(line)s.", line=line)}
        ) from None
    return header, rows


def _check_header(header: list[str]) -> None:
    """Refuse a header that lacks a required column or names one twice."""
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise ValidationFailed(
            Msg(
                "The CSV header lacks: %(missing)s (needs %(needed)s).",
                missing=", ".join(missing),
                needed=", ".join(REQUIRED),
            ),
            {"file": Msg("Missing columns: %(columns)s", columns=", ".join(missing))},
        )
    # Two columns of one name: which one holds the value would be a guess.
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        raise ValidationFailed(
            Msg(
                "The CSV header names %(columns)s more than once; keep one column of each "
                "name. Nothing was imported.",
                columns=", ".join(twice),
            ),
            {"file": Msg("Duplicated columns: %(columns)s", columns=", ".join(twice))},
        )


def _unreadable(line: int, exc: csv.Error) -> Msg:
    """Say in words why the CSV reader stopped, and where."""
    if "field larger than field limit" in str(exc):
        return Msg(
            "line %(line)s: a field is longer than %(limit)s characters "
            "(is a quotation mark left open?). Nothing was imported.",
            line=line,
            limit=f"{csv.field_size_limit():,}",
        )
    return Msg(
        "line %(line)s: this is not readable CSV (%(reason)s). Nothing was imported.",
        line=line,
        reason=str(exc),
    )


def _shown(value: str, limit: int = 60) -> str:
    """Return a cell's text short enough to quote in a message."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def import_sales(
    session: Session,
    actor: Acting,
    rows: list[tuple[int, dict[str, str]]],
    progress: Callable[[int], None] | None = None,
    today: date | None = None,
) -> ImportReport:
    """Check every row whole, then add the good ones; a bad row is never half-written."""
    require_may_import(actor)
    report = ImportReport()
    models = _model_index(session)
    # Only confirmed TACs name a model: a claim waiting for a platform admin does not.
    confirmed = ModelTac.status == TacStatus.confirmed
    tacs = dict(
        session.execute(select(ModelTac.tac, ModelTac.model_id).where(confirmed)).tuples().all()
    )
    shops = _shop_index(session)
    seen: set[str] = set()
    batch: list[tuple[int, Phone]] = []
    for line, row in rows:
        try:
            batch.append((line, _check_row(row, models, tacs, shops, seen, today)))
        except ValidationFailed as exc:
            report.errors.append((line, exc.detail))
        if progress:
            progress(1)
    existing = _existing_imeis(session, [p.imei for _, p in batch])
    for line, phone in batch:
        if phone.imei in existing:
            report.errors.append(
                (line, Msg("IMEI %(imei)s is already registered.", imei=phone.imei))
            )
            continue
        session.add(phone)
        report.imported += 1
    session.flush()
    report.errors.sort()
    return report


def _model_index(session: Session) -> dict[str, int | None]:
    """Map model names (plain and brand-qualified) to ids; None marks a name two models share."""
    index: dict[str, int | None] = {}
    for model in session.scalars(select(PhoneModel)):
        for key in (model.name.lower(), f"{model.brand.name} {model.name}".lower()):
            index[key] = model.id if index.get(key, model.id) == model.id else None
    return index


def _shop_index(session: Session) -> dict[str, int | None]:
    """Map shop names and ids to ids; None marks a name two shops share (use the id)."""
    index: dict[str, int | None] = {}
    all_shops = list(session.scalars(select(Shop)))
    for shop in all_shops:
        key = shop.name.lower()
        index[key] = shop.id if index.get(key, shop.id) == shop.id else None
    index.update({str(shop.id): shop.id for shop in all_shops})
    return index


def _existing_imeis(session: Session, imeis: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(imeis), 500):
        chunk = imeis[i : i + 500]
        found.update(session.scalars(select(Phone.imei).where(Phone.imei.in_(chunk))))
    return found


def _check_row(
    row: dict[str, str],
    models: dict[str, int | None],
    tacs: dict[str, int],
    shops: dict[str, int | None],
    seen: set[str],
    today: date | None,
) -> Phone:
    if any("\x00" in value for value in row.values()):
        raise ValidationFailed(N_("the row contains a NUL character."))
    for column in ("serial", "software_version"):  # both are VARCHAR(40) in the phone table
        if len(row.get(column, "")) > 40:
            raise ValidationFailed(Msg("%(column)s is longer than 40 characters.", column=column))
    imei = normalize_imei(row.get("imei", ""))
    problem = imei_problem(imei)
    if problem:
        raise ValidationFailed(
            Msg("imei '%(imei)s': %(problem)s", imei=_shown(row.get("imei", "")), problem=problem)
        )
    if imei in seen:
        raise ValidationFailed(Msg("IMEI %(imei)s appears twice in this file.", imei=imei))
    name = row.get("model", "")
    if name.lower() in models and models[name.lower()] is None:
        raise ValidationFailed(
            Msg(
                "model '%(model)s' names models of several brands: add the brand.",
                model=_shown(name),
            )
        )
    model_id = models.get(name.lower())
    if model_id is None:
        raise ValidationFailed(
            Msg("model '%(model)s' is not in the catalogue.", model=_shown(name))
        )
    if imei[:8] in tacs and tacs[imei[:8]] != model_id:
        raise ValidationFailed(Msg("IMEI %(imei)s has the TAC of another model.", imei=imei))
    try:
        purchase = date.fromisoformat(row.get("purchase_date", ""))
    except ValueError:
        raise ValidationFailed(
            Msg(
                "purchase_date '%(value)s' is not a date like 2025-03-31.",
                value=_shown(row.get("purchase_date", "")),
            )
        ) from None
    if today and purchase > today:
        raise ValidationFailed(
            Msg("purchase_date %(day)s is in the future.", day=purchase.isoformat())
        )
    shop = row.get("shop", "")
    if shop.lower() in shops and shops[shop.lower()] is None:
        raise ValidationFailed(
            Msg("shop '%(shop)s' names several shops: use the shop's id.", shop=_shown(shop))
        )
    shop_id = shops.get(shop.lower())
    if shop_id is None:
        raise ValidationFailed(Msg("shop '%(shop)s' is unknown (name or id).", shop=_shown(shop)))
    try:
        country = check_country(row.get("country", ""))
    except ValidationFailed as exc:
        raise ValidationFailed(
            Msg("country: %(problem)s", problem=next(iter(exc.errors.values())))
        ) from None
    seen.add(imei)
    return Phone(
        imei=imei,
        model_id=model_id,
        purchase_date=purchase,
        shop_id=shop_id,
        country=country,
        serial=row.get("serial") or None,
        software_version=row.get("software_version") or None,
    )
