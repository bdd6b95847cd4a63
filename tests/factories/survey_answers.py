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
        **{
            a: 5
            for a in ("explanation", "solution", "knowledge", "soft_skills", "turnaround", "cost")
        },
        "turnaround_days": 3,
        "contacts": 0,
    }
    answer = SurveyAnswer(**(values | kw))
    session.add(answer)
    session.flush()
    return answer


def make_answers(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert many answers at once (bulk: the tests' larger sets)."""
    base = {
        "source": "import",
        "channel": "shop",
        "country": "IT",
        "overall": 5,
        "explanation": None,
        "solution": None,
        "knowledge": None,
        "soft_skills": None,
        "turnaround": None,
        "cost": None,
        "turnaround_days": None,
        "contacts": None,
        "centre_id": None,
        "shop_id": None,
        "model_id": None,
        "comment": None,
        "language": None,
    }
    full = []
    for r in rows:
        day = r.get("answered_on", date(2026, 2, 10))
        full.append(
            base
            | {"answered_on": day, "answered_at": datetime.combine(day, time(12), tzinfo=UTC)}
            | r
        )
    session.execute(SurveyAnswer.__table__.insert(), full)
    session.flush()


class SurveyWorld:
    """Two brands, brand A's two centres and shops and two models, and brand B; answers in
    February and March 2026 with comments; staff of every role; the rollups counted."""

    def __init__(self, session: Session, now: datetime) -> None:
        from aftersales.surveys.rollup import refresh
        from tests.factories import make_account, make_brand, make_centre, make_model, make_shop

        self.a, self.b = make_brand(session, name="Alfa"), make_brand(session, name="Beta")
        self.c1 = make_centre(session, [self.a], name="Napoli Centro")
        self.c2 = make_centre(session, [self.a], name="Roma Est")
        self.cb = make_centre(session, [self.b], name="Hà Nội 1", country="VN", city="Hà Nội")
        self.s1, self.s2 = make_shop(session, name="Portici"), make_shop(session, name="Ercolano")
        self.m1, self.m2 = (
            make_model(session, self.a, name="A1"),
            make_model(session, self.a, name="A2"),
        )
        self.mb = make_model(session, self.b, name="B1")
        rows: list[dict[str, Any]] = []
        for i in range(120):  # centre 1, shop 1: 100 of 120 top-2
            rows.append(
                {
                    "brand_id": self.a.id,
                    "centre_id": self.c1.id,
                    "shop_id": self.s1.id,
                    "model_id": self.m1.id if i % 2 else self.m2.id,
                    "answered_on": date(2026, 2 + i % 2, 1 + i % 27),
                    "overall": 5 if i < 100 else 2,
                    "turnaround": 5 if i < 100 else 1,
                    "cost": 4,
                    "turnaround_days": 2 if i < 100 else 12,
                    "contacts": i % 4,
                    "comment": f"Commento {i}" if i % 10 == 0 else None,
                    "language": "it",
                }
            )
        for i in range(60):  # centre 2, shop 2: 30 of 60
            rows.append(
                {
                    "brand_id": self.a.id,
                    "centre_id": self.c2.id,
                    "shop_id": self.s2.id,
                    "model_id": self.m2.id,
                    "answered_on": date(2026, 3, 2),
                    "overall": 4 if i % 2 else 3,
                    "channel": "online",
                    "comment": "<b>Lento</b> =1+1" if i == 0 else None,
                }
            )
        for i in range(50):
            rows.append(
                {
                    "brand_id": self.b.id,
                    "centre_id": self.cb.id,
                    "model_id": self.mb.id,
                    "country": "VN",
                    "answered_on": date(2026, 3, 3),
                    "overall": 5,
                    "comment": "Beta secret" if i == 0 else None,
                }
            )
        make_answers(session, rows)
        self.brand_admin = make_account(session, "brand_admin", brand_id=self.a.id, password=None)
        self.brand_b = make_account(session, "brand_admin", brand_id=self.b.id, password=None)
        self.manager = make_account(session, "centre_manager", centre_id=self.c1.id, password=None)
        self.shop_staff = make_account(session, "shop_staff", shop_id=self.s2.id, password=None)
        self.technician = make_account(session, "technician", centre_id=self.c1.id, password=None)
        self.admin = make_account(session, "platform_admin", password=None)
        refresh(session, now)
        session.commit()
        self.session, self.now = session, now

    def sign_in(self, client: Any, account: Any) -> None:
        """Sign the client in as the account: a session cookie and a token (no password)."""
        from aftersales.accounts.service import create_api_token, start_session
        from aftersales.config import Settings

        client.cookies.clear()
        cookie = Settings.model_fields["session_cookie"].default
        client.cookies.set(cookie, start_session(self.session, account, self.now, 1))
        token = create_api_token(self.session, account, "reports", self.now)[1]
        client.headers["Authorization"] = f"Bearer {token}"
        self.session.commit()
