"""Use cases of exits: a brand states that it leaves the phone market, in its own words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.audit.service import Action, record, snapshot
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.text import MEDIUM, check_texts
from aftersales.support.access import brand_for
from aftersales.support.models import BrandExit

EXIT_FIELDS = ("exit_date", "statement_en", "statement_it", "statement_vi")
LANGUAGES = ("en", "it", "vi")


@dataclass
class ExitFields:
    """The day a brand leaves (or left) the market and its statement in the languages it wrote."""

    exit_date: date | None
    statement_en: str | None = None
    statement_it: str | None = None
    statement_vi: str | None = None


def _checked(fields: ExitFields) -> dict[str, object]:
    errors: dict[str, str] = {}
    if fields.exit_date is None:
        errors["exit_date"] = N_(
            "Enter the day the brand leaves or left the market, e.g. 2021-05-09."
        )
    texts = {f"statement_{lang}": (getattr(fields, f"statement_{lang}") or "").strip()
             for lang in LANGUAGES}  # fmt: skip
    if not any(texts.values()):
        errors["statement_en"] = N_("Write the brand's statement in at least one language.")
    check_texts(errors, MEDIUM, **texts)
    if errors:
        raise ValidationFailed(N_("The exit statement cannot be saved."), errors)
    return {"exit_date": fields.exit_date, **{k: v or None for k, v in texts.items()}}


def set_exit(
    session: Session, actor: Acting, brand_id: int, fields: ExitFields, *, now: datetime
) -> BrandExit:
    """State (or correct) the brand's exit from the market; the old and new words are audited."""
    brand = brand_for(session, actor, brand_id)
    values = _checked(fields)
    row = exit_of(session, brand.id)
    old = snapshot(row, EXIT_FIELDS) if row else None
    if row is None:
        row = BrandExit(brand_id=brand.id)
        session.add(row)
    for key, value in values.items():
        setattr(row, key, value)
    row.updated_at, row.updated_by = now, actor.id
    session.flush()
    record(session, actor, Action.updated if old else Action.created, "brand_exit", row.id, now,
           old=old, new=snapshot(row, EXIT_FIELDS), brand_id=brand.id)  # fmt: skip
    return row


def remove_exit(session: Session, actor: Acting, brand_id: int, *, now: datetime) -> None:
    """Withdraw the brand's exit statement (stated by mistake); audited. None: nothing to do."""
    brand = brand_for(session, actor, brand_id)
    row = exit_of(session, brand.id)
    if row is None:
        return
    record(session, actor, Action.deleted, "brand_exit", row.id, now,
           old=snapshot(row, EXIT_FIELDS), brand_id=brand.id)  # fmt: skip
    session.delete(row)
    session.flush()


def exit_of(session: Session, brand_id: int) -> BrandExit | None:
    """Return the brand's exit statement, if it made one."""
    return session.scalar(select(BrandExit).where(BrandExit.brand_id == brand_id))


def exits_of(session: Session, brand_ids: Iterable[int]) -> dict[int, BrandExit]:
    """Return the exit statements of these brands, by brand: one query."""
    ids = sorted(set(brand_ids))
    if not ids:
        return {}
    rows = session.scalars(select(BrandExit).where(BrandExit.brand_id.in_(ids)))
    return {r.brand_id: r for r in rows}


def statement_in(row: BrandExit, lang: str) -> tuple[str, str]:
    """Return the statement in a language, else English, else another on file; and its language."""
    for code in (lang, *LANGUAGES):
        text = getattr(row, f"statement_{code}", None)
        if text:
            return text, code
    return "", lang
