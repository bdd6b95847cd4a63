"""Import repair histories from another system: `aftersales import history FILE.csv`.

Each CSV line is one dated status or activity of one repair (its id in that system); the
mapping file (aftersales.history.mapping) says which column holds what and what each code
means. Every line and every history is checked first and every problem reported with its
line; only a file with none is written, whole, in the caller's one transaction (as the
survey import, decision 209). A repair already imported from the source (its source and id)
is skipped and reported as such, with its lines (decision 244).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record
from aftersales.catalog.models import PhoneModel, ServiceCentre
from aftersales.history.access import require_may_import
from aftersales.history.catalogue import CHUNK, Catalogue, phones_by_imei, placeholder_imei
from aftersales.history.lines import Line, Row, check_line, shown
from aftersales.history.mapping import SOURCE_MAX, Mapping
from aftersales.history.plan import Planned, Resolver, by_status, group, steps_of
from aftersales.history.write import (
    add_events,
    first_seen,
    fresh_codes,
    make_repair,
    phones_for,
    stamp_written,
)
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import Conflict, ValidationFailed
from aftersales.kernel.i18n import N_, Msg
from aftersales.kernel.imei import imei_problem, normalize_imei
from aftersales.repairs.models import RepairOrder

Progress = Callable[[int], None]
WRITE_CHUNK = 200
ALREADY = N_(
    "Another import wrote some of these repairs meanwhile; nothing was imported. Run it "
    "again: the repairs already imported are skipped."
)


@dataclass
class HistoryReport:
    """What an import did (or would do, in a dry run), or the problems that stopped it."""

    source: str
    dry_run: bool
    lines: int = 0
    lines_ignored: int = 0
    repeats_merged: int = 0
    repairs_new: int = 0
    repairs_already_imported: int = 0
    lines_already_imported: int = 0
    events: int = 0
    phones_created: int = 0
    phones_matched: int = 0
    phones_without_imei: int = 0
    models_created: int = 0
    models_matched: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def written(self) -> bool:
        """Tell whether the import wrote its repairs."""
        return not self.dry_run and not self.errors


def check_source(source: str) -> str:
    """Return the source's name, or refuse an empty or overlong one."""
    name = source.strip()
    if not 0 < len(name) <= SOURCE_MAX:
        raise ValidationFailed(
            Msg("The source's name needs 1 to %(max)s characters.", max=SOURCE_MAX),
            {"source": Msg("1 to %(max)s characters.", max=SOURCE_MAX)},
        )
    return name


def source_of(mapping: Mapping, given: str | None) -> str:
    """Return the source's name: the one given, else the mapping's."""
    if given:
        return check_source(given)
    if mapping.source:
        return mapping.source
    raise ValidationFailed(
        N_('Name the source: --source NAME, or name = "…" in the mapping\'s [source].'),
        {"source": N_("Required.")},
    )


def _already(session: Session, source: str, ids: list[str]) -> set[str]:
    """Return which of these repair ids the source has imported before."""
    found: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found.update(
            session.scalars(
                select(RepairOrder.external_id).where(
                    RepairOrder.import_source == source, RepairOrder.external_id.in_(chunk)
                )
            )
        )
    return found


def import_history(
    session: Session,
    actor: Acting,
    rows: list[Row],
    mapping: Mapping,
    source: str,
    now: datetime,
    *,
    dry_run: bool = False,
    checked: Progress | None = None,
    planned: Progress | None = None,
    written: Progress | None = None,
) -> HistoryReport:
    """Check every line and history; if none is wrong (and not a dry run), write them all."""
    require_may_import(actor)
    report = HistoryReport(source=source, dry_run=dry_run, lines=len(rows))
    good: list[Line] = []
    broken: set[str] = set()  # repairs with a wrong line: their wholes are not judged too
    for number, row in rows:
        line, problems = check_line(number, row, mapping, now)
        report.errors.extend((number, p) for p in problems)
        if problems:
            broken.add(row.get(mapping.columns["external_id"], ""))
        if line is not None:
            good.append(line)
            report.lines_ignored += line.status is None
        if checked:
            checked(1)
    histories = {k: v for k, v in group(good).items() if k not in broken}
    old = _already(session, source, list(histories))
    plans = _plan(session, mapping, source, histories, old, report)
    report.errors.sort(key=lambda e: e[0])
    if report.errors or dry_run:
        return report
    if planned:
        planned(len(plans))
    try:
        _write(session, actor, plans, mapping, source, now, report, written)
    except IntegrityError as exc:  # another import of the source won the race
        if "uq_repair_order_import" in str(exc.orig) or "external_id" in str(exc.orig):
            raise Conflict(ALREADY) from None
        raise
    return report


def _plan(
    session: Session,
    mapping: Mapping,
    source: str,
    histories: dict[str, list[Line]],
    old: set[str],
    report: HistoryReport,
) -> list[Planned]:
    """Check each new history and return the repairs to write; count what they hold."""
    known = Catalogue.load(session)
    imeis = []
    for external_id, lines in histories.items():
        if external_id in old:
            continue
        imei = next((ln.cells["imei"] for ln in lines if ln.cells.get("imei")), "")
        if imei and imei_problem(imei) is None:
            imeis.append(normalize_imei(imei))
        elif not imei:
            imeis.append(placeholder_imei(source, external_id))
    resolver = Resolver(mapping, known, phones_by_imei(session, imeis), source)
    plans: list[Planned] = []
    for external_id, lines in histories.items():
        if external_id in old:
            report.repairs_already_imported += 1
            report.lines_already_imported += len(lines)
            continue
        steps, merged = steps_of(lines, mapping, report.errors)
        report.repeats_merged += merged
        plan = resolver.plan(external_id, lines, steps, report.errors)
        if plan is not None:
            plans.append(plan)
    report.repairs_new = len(plans)
    report.events = sum(len(p.steps) for p in plans)
    report.phones_created = len(resolver.phones_created)
    report.phones_matched = len(resolver.phones_matched)
    report.phones_without_imei = resolver.placeholders
    report.models_created = len(known.new_models)
    report.models_matched = len(resolver.models_matched)
    report.by_status = by_status(plans)
    return plans


def _write(
    session: Session,
    actor: Acting,
    plans: list[Planned],
    mapping: Mapping,
    source: str,
    now: datetime,
    report: HistoryReport,
    written: Progress | None,
) -> None:
    """Write the planned repairs in chunks (one transaction: the caller's), then the audit row."""
    new_models: dict[tuple[int, str], int] = {}
    for brand_id, name in sorted({(p.brand_id, p.model_name) for p in plans if p.model_id is None}):
        model = PhoneModel(brand_id=brand_id, name=name)
        session.add(model)
        session.flush()
        record(session, actor, Action.created, "phone_model", model.id, now,
               new={"name": name, "import": source}, brand_id=brand_id)  # fmt: skip
        new_models[(brand_id, name)] = model.id
    centres = {c.id: c for c in session.scalars(select(ServiceCentre))}
    taken: set[str] = set()
    ids: list[int] = []
    seen = first_seen(plans)
    for start in range(0, len(plans), WRITE_CHUNK):
        chunk = plans[start : start + WRITE_CHUNK]
        models = {
            i: p.model_id or new_models[(p.brand_id, p.model_name)] for i, p in enumerate(chunk)
        }
        countries = {i: centres[p.centre_id].country for i, p in enumerate(chunk)}
        phones = phones_for(session, chunk, models, countries, seen)
        codes = fresh_codes(session, len(chunk), taken)
        with session.no_autoflush:  # one flush for the chunk, not one per repair's reads
            made = [
                make_repair(session, plan, models[i], centres[plan.centre_id], source, now,
                            codes[i], phones[plan.imei])
                for i, plan in enumerate(chunk)
            ]  # fmt: skip
        session.flush()  # the repairs' ids, which their events name
        for repair, plan in zip(made, chunk, strict=True):
            add_events(session, repair, plan, source)
        ids += [repair.id for repair in made]
        session.flush()
        if written:
            written(len(chunk))
    stamp_written(session, ids)  # last: the caller commits next
    summary: dict[str, Any] = {
        "source": source,
        "lines": report.lines,
        "repairs": report.repairs_new,
        "already_imported": report.repairs_already_imported,
        "events": report.events,
        "phones_created": report.phones_created,
        "models_created": report.models_created,
    }
    record(session, actor, Action.created, "history_import", shown(source), now, new=summary)


def counts(report: HistoryReport) -> list[tuple[str, int]]:
    """Return the report's figures with their labels, in the order the command prints them."""
    return [
        ("lines", report.lines),
        ("lines ignored (mapped to ignore)", report.lines_ignored),
        ("repeats merged", report.repeats_merged),
        ("repairs new", report.repairs_new),
        ("repairs already imported", report.repairs_already_imported),
        ("lines of repairs already imported", report.lines_already_imported),
        ("events", report.events),
        ("phones created", report.phones_created),
        ("phones matched", report.phones_matched),
        ("phones without IMEI (stand-in)", report.phones_without_imei),
        ("models created", report.models_created),
        ("models matched", report.models_matched),
        *((f"events to {status}", n) for status, n in report.by_status.items()),
    ]
