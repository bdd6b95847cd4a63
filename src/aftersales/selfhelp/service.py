"""Use cases of self-help: the likely fixes for a problem, and how each attempt ended.

Deflection is solved / (solved + repair) over the attempts that ended: "This solved it" and
"I still need a repair" (online), "Solved at the counter" and the intake going on (counter).
An owner who reads and leaves ends nothing and is not counted (decision 225).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from aftersales.catalog.models import PhoneModel
from aftersales.kernel.actors import Acting
from aftersales.kernel.errors import ValidationFailed
from aftersales.kernel.i18n import N_
from aftersales.kernel.text import MEDIUM, check_texts
from aftersales.repairs.models import FAULT_CATEGORIES
from aftersales.selfhelp.models import CHANNELS, OUTCOMES, Attempt
from aftersales.selfhelp.search import Doc, Hit
from aftersales.selfhelp.sources import INDEXES
from aftersales.selfhelp.words import guess_language

SHOWN = 5  # fixes offered at once


@dataclass(frozen=True)
class Problem:
    """What the owner (or clerk) said: the phone's model, the fault chosen, the words."""

    model: PhoneModel
    fault_category: str | None
    text: str


def suggest(session: Session, problem: Problem, language: str, k: int = SHOWN) -> list[Hit]:
    """Return the likely fixes: the brand's documents nearest the words, the model's first."""
    index = INDEXES.for_brand(session, problem.model.brand_id)
    fault = problem.fault_category if problem.fault_category in FAULT_CATEGORIES else None
    said = guess_language(problem.text, language)
    return index.search(
        problem.text[:MEDIUM], model_id=problem.model.id, fault_category=fault, language=said, k=k
    )


def find_doc(session: Session, brand_id: int, kind: str, doc_id: int) -> Doc | None:
    """Return one of the brand's documents as the index holds it (None: not offered)."""
    index = INDEXES.for_brand(session, brand_id)
    return next((d for d in index.docs if d.kind == kind and d.id == doc_id), None)


def record_attempt(
    session: Session,
    actor: Acting | None,
    problem: Problem,
    *,
    outcome: str,
    channel: str,
    language: str,
    now: datetime,
    doc: Doc | None = None,
) -> Attempt:
    """Record how a self-help step ended (not audited: a reader's act, not a change)."""
    errors: dict[str, str] = {}
    check_texts(errors, MEDIUM, problem=problem.text)
    if errors:
        raise ValidationFailed(N_("The answer cannot be recorded."), errors)
    assert outcome in OUTCOMES and channel in CHANNELS
    fault = problem.fault_category if problem.fault_category in FAULT_CATEGORIES else None
    attempt = Attempt(
        brand_id=problem.model.brand_id,
        model_id=problem.model.id,
        fault_category=fault,
        language=guess_language(problem.text, language),
        channel=channel,
        text=problem.text.strip(),
        outcome=outcome,
        doc_kind=doc.kind if doc else None,
        doc_id=doc.id if doc else None,
        account_id=actor.id if actor else None,
        created_at=now,
    )
    session.add(attempt)
    session.flush()
    return attempt


@dataclass(frozen=True)
class Deflection:
    """Attempts of one group (a model, a fault, or all): how many were solved without a repair."""

    key: object
    solved: int
    repair: int

    @property
    def tried(self) -> int:
        """Return how many attempts ended."""
        return self.solved + self.repair

    @property
    def rate(self) -> float | None:
        """Return solved over tried (None when nobody tried)."""
        return self.solved / self.tried if self.tried else None


GROUPS = {
    "model": Attempt.model_id,
    "fault_category": Attempt.fault_category,
    "channel": Attempt.channel,
    "language": Attempt.language,
}


def deflection(
    session: Session, brand_id: int, since: datetime, until: datetime, by: str | None = None
) -> list[Deflection]:
    """Return the brand's deflection over a period, whole (by None) or per group: one query."""
    solved = func.sum(case((Attempt.outcome == "solved", 1), else_=0))
    column = GROUPS[by] if by else None
    keys = [column] if column is not None else []
    stmt = select(*keys, solved, func.count()).where(
        Attempt.brand_id == brand_id, Attempt.created_at >= since, Attempt.created_at < until
    )
    if column is not None:
        stmt = stmt.group_by(column).order_by(column)
    out = []
    for row in session.execute(stmt):
        key = row[0] if column is not None else None
        won, total = int(row[-2] or 0), int(row[-1] or 0)
        out.append(Deflection(key, won, total - won))
    return [d for d in out if d.tried] if column is not None else out
