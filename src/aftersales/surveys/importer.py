"""Import survey answers from other sources (a market study, an older system) from CSV.

`aftersales import survey FILE.csv`: each line one answer (brand, country, channel, day, an
optional model, overall and attribute ratings as words in English, Italian or Vietnamese or
as 1-5, a comment, its language). Every line is checked first and every problem reported
with its line; only a file with none is written, whole, in one transaction (decision 209).
Imported answers have source "import", no repair, centre or shop, and no turnaround or
contacts (nobody knows them).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand, PhoneModel
from aftersales.catalog.service import check_country
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import Msg
from aftersales.surveys.access import require_may_import
from aftersales.surveys.models import ATTRIBUTES, SurveyAnswer
from aftersales.surveys.service import COMMENT_MAX
from aftersales.surveys.words import LANGUAGES, NotARating, channel_words, folded, read_rating

REQUIRED = ("brand", "country", "channel", "date", "overall")
COLUMNS = (*REQUIRED, "model", *ATTRIBUTES, "comment", "language")
CHUNK = 1000
# An imported answer's moment: noon UTC of its day (files give days, reports group by day).
NOON = time(12, 0, tzinfo=UTC)

Progress = Callable[[int], None]


@dataclass
class SurveyImport:
    """What an import did: answers written, or the problems that stopped it, by line."""

    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def read_answers(lines: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Parse CSV text into (line number, row); a wrong header or unreadable file is refused."""
    reader = csv.DictReader(lines)
    try:
        header = [folded(h).replace(" ", "_") for h in (reader.fieldnames or [])]
        _check_header(header)
        reader.fieldnames = header
        return [
            (reader.line_num, {k: (v or "").strip() for k, v in r.items() if k}) for r in reader
        ]
    except csv.Error as exc:
        line = reader.reader.line_num
        raise ValidationFailed(
            Msg("line %(line)s: this is not readable CSV (%(reason)s).", line=line, reason=str(exc))
        ) from None


def _check_header(header: list[str]) -> None:
    """Refuse a header lacking a required column, naming one twice, or naming an unknown one."""
    missing = [h for h in REQUIRED if h not in header]
    twice = sorted({h for h in header if h and header.count(h) > 1})
    unknown = [h for h in header if h and h not in COLUMNS]
    if missing:
        raise ValidationFailed(
            Msg("The CSV header lacks: %(missing)s (needs %(needed)s).",
                missing=", ".join(missing), needed=", ".join(REQUIRED))
        )  # fmt: skip
    if twice:
        raise ValidationFailed(
            Msg("The CSV header names %(columns)s more than once.", columns=", ".join(twice))
        )
    if unknown:  # a misspelt column would lose its ratings without a word
        raise ValidationFailed(
            Msg("The CSV header has unknown columns: %(columns)s (known: %(known)s).",
                columns=", ".join(unknown), known=", ".join(COLUMNS))
        )  # fmt: skip


@dataclass
class _Catalogue:
    """Brands by slug and name, models by brand and name (lower case)."""

    brands: dict[str, int | None]
    models: dict[tuple[int, str], int]

    @classmethod
    def load(cls, session: Session) -> _Catalogue:
        brands: dict[str, int | None] = {}
        for b in session.scalars(select(Brand)):
            brands[b.slug.lower()] = b.id
            key = b.name.lower()
            brands[key] = b.id if brands.get(key, b.id) == b.id else None
        models = {
            (brand_id, name.lower()): model_id
            for model_id, brand_id, name in session.execute(
                select(PhoneModel.id, PhoneModel.brand_id, PhoneModel.name)
            )
        }
        return cls(brands, models)


def _shown(value: str, limit: int = 60) -> str:
    """Return a cell's text short enough to quote in a message."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _check_row(
    row: dict[str, str], known: _Catalogue, today: date
) -> tuple[dict[str, Any], list[str]]:
    """Return the answer a row makes and the problems found in it (all of them)."""
    problems: list[str] = []
    out: dict[str, Any] = {"source": "import"}
    if any("\x00" in v for v in row.values()):
        return out, [Msg("the line contains a NUL character.")]
    brand = row.get("brand", "")
    out["brand_id"] = known.brands.get(brand.lower())
    if out["brand_id"] is None:
        said = (
            "brand '%(brand)s' names several brands: use its slug."
            if brand.lower() in known.brands
            else "brand '%(brand)s' is not in the catalogue (slug or name)."
        )
        problems.append(Msg(said, brand=_shown(brand)))
    try:
        out["country"] = check_country(row.get("country", ""))
    except ValidationFailed:
        problems.append(Msg("country '%(value)s' is not a 2-letter ISO code we know, e.g. IT.",
                            value=_shown(row.get("country", ""))))  # fmt: skip
    out["channel"] = channel_words().get(folded(row.get("channel", "")))
    if out["channel"] is None:
        problems.append(Msg("channel '%(value)s' is not shop, walk_in, online or other.",
                            value=_shown(row.get("channel", ""))))  # fmt: skip
    try:
        day = date.fromisoformat(row.get("date", ""))
        if day > today:
            problems.append(Msg("date %(day)s is in the future.", day=day.isoformat()))
        out["answered_on"], out["answered_at"] = day, datetime.combine(day, NOON)
    except ValueError:
        problems.append(Msg("date '%(value)s' is not a date like 2025-03-31.",
                            value=_shown(row.get("date", ""))))  # fmt: skip
    model = row.get("model", "")
    out["model_id"] = None
    if model and out["brand_id"] is not None:
        out["model_id"] = known.models.get((out["brand_id"], model.lower()))
        if out["model_id"] is None:
            problems.append(Msg("model '%(model)s' is not a model of brand '%(brand)s'.",
                                model=_shown(model), brand=_shown(brand)))  # fmt: skip
    for name in ("overall", *ATTRIBUTES):
        try:
            out[name] = read_rating(row.get(name, ""))
        except NotARating:
            problems.append(Msg("%(column)s '%(value)s' is not a rating (1-5 or a scale word).",
                                column=name, value=_shown(row.get(name, ""))))  # fmt: skip
            continue
        if name == "overall" and out[name] is None:
            problems.append(Msg("overall is empty: every answer needs its overall rating."))
    comment = row.get("comment", "")
    if len(comment) > COMMENT_MAX:
        problems.append(Msg("comment is longer than %(max)s characters.", max=COMMENT_MAX))
    out["comment"] = comment or None
    language = row.get("language", "").lower()
    if language and language not in LANGUAGES:
        problems.append(Msg("language '%(value)s' is not en, it or vi.", value=_shown(language)))
    out["language"] = language or None
    return out, problems


def import_answers(
    session: Session,
    actor: Acting,
    rows: list[tuple[int, dict[str, str]]],
    now: datetime,
    *,
    checked: Progress | None = None,
    written: Progress | None = None,
    dry_run: bool = False,
) -> SurveyImport:
    """Check every line; if none is wrong (and not a dry run), write them all, else nothing."""
    require_may_import(actor)
    report = SurveyImport()
    known = _Catalogue.load(session)
    answers: list[dict[str, Any]] = []
    for line, row in rows:
        answer, problems = _check_row(row, known, now.date())
        report.errors.extend((line, p) for p in problems)
        answers.append(answer | {"created_at": now})
        if checked:
            checked(1)
    if report.errors or dry_run:
        return report
    for start in range(0, len(answers), CHUNK):
        chunk = answers[start : start + CHUNK]
        session.execute(insert(SurveyAnswer), chunk)
        report.imported += len(chunk)
        if written:
            written(len(chunk))
    return report
