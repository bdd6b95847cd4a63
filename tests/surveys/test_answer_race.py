"""Two submissions of one survey on two connections: both read it unanswered, one answer kept."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.db import make_engine
from aftersales.kernel.errors import Conflict
from aftersales.repairs.models import RepairOrder
from aftersales.surveys import service
from aftersales.surveys.invites import invite_closed
from aftersales.surveys.models import SurveyAnswer, SurveyInvitation
from tests.conftest import fresh_database
from tests.repairs import QuickWorld
from tests.surveys import T0, closed_repair


def test_the_second_of_two_racing_submissions_is_refused(tmp_path: Path) -> None:
    with fresh_database(tmp_path, "survey_race") as url:
        engine = make_engine(url)
        with Session(engine) as s:
            closed_repair(s, QuickWorld(s))
            invite_closed(s, T0 + timedelta(hours=1))
            s.commit()
        ratings = service.check_answer({"overall": "5"})
        with Session(engine) as first, Session(engine) as second:
            # Both tabs read the invitation waiting, before either answers.
            one = first.scalars(select(SurveyInvitation)).one()
            two = second.scalars(select(SurveyInvitation)).one()
            assert one.answered_at is None and two.answered_at is None
            repair_one = first.get(RepairOrder, one.repair_id)
            repair_two = second.get(RepairOrder, two.repair_id)
            assert repair_one is not None and repair_two is not None
            service.answer(first, one, repair_one, ratings, "it", T0 + timedelta(days=1))
            first.commit()
            with pytest.raises(Conflict):
                service.answer(second, two, repair_two, ratings, "it", T0 + timedelta(days=1))
            second.rollback()
        with Session(engine) as s:
            assert len(s.scalars(select(SurveyAnswer)).all()) == 1
        engine.dispose()
