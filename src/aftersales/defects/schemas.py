"""The alerts' JSON: what the API gives and takes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from aftersales.defects.queries import Listed


class WeekRead(BaseModel):
    """One week of an alert's series."""

    start: date = Field(description="the week's Monday")
    observed: int = Field(description="repairs (or complaints) seen that week")
    expected: float = Field(description="what the background rate predicts for that week")


class AlertRead(BaseModel):
    """An emerging defect: what rose, by how much, since when, on what evidence, and its state."""

    id: int
    brand_id: int
    kind: Literal["rate", "release", "cluster"]
    model_id: int | None
    model: str | None
    fault_category: str | None
    software_version: str | None
    started_on: date = Field(description="Monday of the rise's first week")
    observed: int
    expected: float
    ratio: float = Field(description="observed / expected: the size of the rise")
    low: float = Field(description="95% interval of the ratio, lower end")
    high: float = Field(description="95% interval of the ratio, upper end")
    method: str = Field(description="how it was found (docs/api.md)")
    p_value: float | None = Field(description="adjusted for the many series watched")
    status: Literal["open", "acknowledged", "dismissed"]
    reason: str | None
    decided_at: datetime | None
    first_seen: date
    last_seen: date
    repair_ids: list[int] = Field(description="the repairs behind it, newest first, at most 200")
    question_ids: list[int]
    words: list[str]
    weeks: list[WeekRead]
    version: int = Field(description="send it back to decide, to catch a change meanwhile")


class Decision(BaseModel):
    """Why an alert is acknowledged or dismissed."""

    reason: str = Field(min_length=1, max_length=1000)
    version: int | None = None


def alert_read(row: Listed) -> AlertRead:
    """Return an alert as the API gives it."""
    a = row.alert
    return AlertRead(
        id=a.id, brand_id=a.brand_id, kind=a.kind, model_id=a.model_id, model=row.model,
        fault_category=a.fault_category, software_version=a.software_version,
        started_on=a.started_on, observed=a.observed, expected=a.expected, ratio=a.ratio,
        low=a.low, high=a.high, method=a.method, p_value=a.p_value,
        status=a.status, reason=a.reason, decided_at=a.decided_at,
        first_seen=a.first_seen, last_seen=a.last_seen, repair_ids=list(a.repair_ids or []),
        question_ids=list(a.question_ids or []), words=list(a.words or []),
        weeks=[WeekRead(**w) for w in a.weeks or []], version=a.version,
    )  # fmt: skip
