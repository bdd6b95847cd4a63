"""Import sightings of versions (IMEI, version, seen date) from a CSV file read as a stream.

Lines are checked and written in batches: a bad line is reported with its number and what
to fix, and never stops the good ones; a line is written whole (its sighting and the phone's
current version) or not at all. The command commits each batch, so a file of millions of
lines never holds one long transaction, and importing it again records nothing twice.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel
from aftersales.devices.models import Phone
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import Msg
from aftersales.kernel.imei import imei_problem, normalize_imei
from aftersales.software.access import require_may_import_versions
from aftersales.software.models import Source
from aftersales.software.versions import (
    apply_sighting,
    normal_version,
    releases_of,
    seen_already,
    version_problem,
)

REQUIRED = ("imei", "version", "seen_date")
BATCH = 500
Row = tuple[int, dict[str, str]]  # (line number, cells by column)


@dataclass
class VersionsReport:
    """What an import did, line by line where it matters."""

    lines: int = 0
    recorded: int = 0  # new sightings
    current: int = 0  # sightings that changed their phone's current version
    repeated: int = 0  # sightings recorded already (the same file imported again)
    flagged: list[tuple[int, str]] = field(default_factory=list)  # recorded, not a release
    errors: list[tuple[int, str]] = field(default_factory=list)  # refused, with what to fix


def read_versions(lines: Iterable[str]) -> Iterator[Row]:
    """Yield (line number, row) of a CSV file as it is read; a wrong header stops it first.

    A line the CSV reader cannot parse stops the reading there, with its number: the lines
    before it have been imported.
    """
    reader = csv.DictReader(lines)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
        _check_header(header)
        reader.fieldnames = header
        for r in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in r.items() if k}
    except csv.Error as exc:
        line = reader.reader.line_num
        raise ValidationFailed(
            Msg(
                "line %(line)s: this is not readable CSV (%(reason)s). The lines before it "
                "were imported; correct it and import the file again.",
                line=line,
                reason=str(exc),
            )
        ) from None


def _check_header(header: list[str]) -> None:
    missing = [h for h in REQUIRED if h not in header]
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if missing:
        raise ValidationFailed(
            Msg(
                "The CSV header lacks: %(missing)s (needs %(needed)s). Nothing was imported.",
                missing=", ".join(missing),
                needed=", ".join(REQUIRED),
            )
        )
    if twice:
        raise ValidationFailed(
            Msg(
                "The CSV header names %(columns)s more than once; keep one column of each "
                "name. Nothing was imported.",
                columns=", ".join(twice),
            )
        )


def batches(rows: Iterable[Row], size: int | None = None) -> Iterator[list[Row]]:
    """Cut the rows into lists of `size` (BATCH), read lazily."""
    it, size = iter(rows), size or BATCH
    while batch := list(islice(it, size)):
        yield batch


@dataclass(frozen=True)
class _Line:
    line: int
    imei: str
    version: str
    seen_date: date


def _shown(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _check(line: int, row: dict[str, str], today: date) -> _Line:
    """Check one line alone, or raise what to fix."""
    if any("\x00" in value for value in row.values()):
        raise ValidationFailed(Msg("the line contains a NUL character; remove it."))
    raw_imei = row.get("imei", "")
    imei = normalize_imei(raw_imei)
    wrong_imei = imei_problem(imei)
    if wrong_imei:
        raise ValidationFailed(
            Msg("imei '%(imei)s': %(problem)s", imei=_shown(raw_imei), problem=wrong_imei)
        )
    version = normal_version(row.get("version", ""))
    wrong_version = version_problem(version)
    if wrong_version:
        raise ValidationFailed(
            Msg("version '%(value)s': %(problem)s", value=_shown(version), problem=wrong_version)
        )
    raw_day = row.get("seen_date", "")
    try:
        seen = date.fromisoformat(raw_day)
    except ValueError:
        raise ValidationFailed(
            Msg("seen_date '%(value)s' is not a date like 2025-03-31.", value=_shown(raw_day))
        ) from None
    if seen > today:
        raise ValidationFailed(Msg("seen_date %(day)s is in the future.", day=seen.isoformat()))
    return _Line(line, imei, version, seen)


def import_batch(
    session: Session,
    actor: Acting,
    rows: list[Row],
    report: VersionsReport,
    now: datetime,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Check and write one batch of lines; the caller commits it."""
    require_may_import_versions(actor)
    good: list[_Line] = []
    for line, row in rows:
        try:
            good.append(_check(line, row, now.date()))
        except ValidationFailed as exc:
            report.errors.append((line, exc.detail))
    phones = {
        p.imei: p
        for p in session.scalars(select(Phone).where(Phone.imei.in_({g.imei for g in good})))
    }
    known = []
    for g in good:
        if g.imei in phones:
            known.append(g)
        else:
            report.errors.append(
                (
                    g.line,
                    Msg(
                        "IMEI %(imei)s is not registered: correct it, or import the phone's "
                        "sale first (aftersales import phones).",
                        imei=g.imei,
                    ),
                )
            )
    try:
        with session.begin_nested():
            outcomes = _write(session, actor, known, phones, now)
    except IntegrityError:
        # Another writer recorded one of these meanwhile: write the lines one at a time.
        outcomes = []
        for g in known:
            try:
                with session.begin_nested():
                    phone = session.scalars(select(Phone).where(Phone.imei == g.imei)).one()
                    outcomes += _write(session, actor, [g], {g.imei: phone}, now)
            except IntegrityError as exc:
                report.errors.append(
                    (
                        g.line,
                        Msg(
                            "the database refused this line (%(reason)s); nothing of it was "
                            "written. Import the file again.",
                            reason=type(exc.orig).__name__,
                        ),
                    )
                )
    _tell(session, report, outcomes, phones)
    report.lines += len(rows)
    if progress:
        progress(len(rows))


def _write(
    session: Session, actor: Acting, lines: list[_Line], phones: dict[str, Phone], now: datetime
) -> list[tuple[_Line, bool, bool, bool]]:
    """Apply the lines in file order and flush; return (line, recorded, current, flagged)."""
    releases = releases_of(session, {p.model_id for p in phones.values()})
    seen = seen_already(session, {phones[g.imei].id for g in lines})
    done = []
    for g in lines:
        phone = phones[g.imei]
        out = apply_sighting(
            session, actor, phone, g.version, g.seen_date, Source.import_, now, releases, seen
        )
        done.append((g, out.recorded, out.current, out.flagged))
    session.flush()
    return done


def _tell(
    session: Session,
    report: VersionsReport,
    outcomes: list[tuple[_Line, bool, bool, bool]],
    phones: dict[str, Phone],
) -> None:
    """Add the batch's outcomes to the report, naming the model of each flagged version."""
    names = {
        m.id: f"{m.brand.name} {m.name}"
        for m in session.scalars(
            select(PhoneModel).where(PhoneModel.id.in_({p.model_id for p in phones.values()}))
        )
    }
    for g, recorded, current, flagged in outcomes:
        report.recorded += recorded
        report.repeated += not recorded
        report.current += current
        if flagged and recorded:
            report.flagged.append(
                (
                    g.line,
                    Msg(
                        "version '%(version)s' is not a release of %(model)s on file: recorded "
                        "and flagged. If it is one, add it on the brand page.",
                        version=g.version,
                        model=names.get(phones[g.imei].model_id, ""),
                    ),
                )
            )
