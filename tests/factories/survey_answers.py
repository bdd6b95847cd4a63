"""A survey answer for the reports' tests: make_answer(session, **overrides) flushes one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from aftersales.surveys.models import SurveyAnswer


def make_answer(session: Session, **kw: Any) -> SurveyAnswer:
    """Make an imported answer (no repair): brand_id is required, every rating 5 unless given."""
    day: date = kw.pop("answered_on", date(2026, 2, 10))
    values: dict[str, Any] = {
        "source": "import",
        "channel": "shop",
        "country": "IT",
        "answered_at": datetime.combine(day, time(12), tzinfo=UTC),
        "answered_on": day,
        "overall": 5,
        **{a: 5 for a in ("explanation", "solution", "knowledge", "soft_skills", "turnaround",
                          "cost")},
        "turnaround_days": 3,
        "contacts": 0,
    }  # fmt: skip
    answer = SurveyAnswer(**(values | kw))
    session.add(answer)
    session.flush()
    return answer


def make_answers(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert many answers at once (bulk: the tests' larger sets)."""
    base = {
        "source": "import", "channel": "shop", "country": "IT", "overall": 5,
        "explanation": None, "solution": None, "knowledge": None, "soft_skills": None,
        "turnaround": None, "cost": None, "turnaround_days": None, "contacts": None,
        "centre_id": None, "shop_id": None, "model_id": None, "comment": None, "language": None,
    }  # fmt: skip
    full = []
    for r in rows:
        day = r.get("answered_on", date(2026, 2, 10))
        full.append(base | {"answered_on": day,
                            "answered_at": datetime.combine(day, time(12), tzinfo=UTC)} | r)  # fmt: skip
    session.execute(SurveyAnswer.__table__.insert(), full)
    session.flush()
