"""The weekly digest through the real worker and a real SMTP server (aiosmtpd): one mail per
brand admin and centre manager, in their language, with the week's figures and three PNG
charts inline (multipart/related, cited by Content-ID), queued once a week however often the
job runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email.message import Message

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.insights.digest import send_digests
from aftersales.insights.digest_figures import week_start, weeks_of
from aftersales.notifications.models import OutboxMessage
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.worker.loop import Worker
from tests.factories import make_account
from tests.factories.survey_answers import make_answer
from tests.repairs import QuickWorld
from tests.worker.conftest import Clock, Smtp

MONDAY = datetime(2026, 3, 16, 6, 30, tzinfo=UTC)  # last week: 9 to 15 March 2026


def _closed(w: QuickWorld, at: datetime, tat: int, sla: str, contacts: int = 0) -> RepairOrder:
    """Open a repair through intake, then mark it closed as the life cycle would have."""
    repair = w.repair(at - timedelta(days=tat + 2))
    repair.status, repair.closed_at, repair.outcome = "closed", at, "repaired"
    repair.tat_workdays, repair.sla_state = tat, sla
    for i in range(contacts):
        w.session.add(RepairEvent(repair_id=repair.id, type="contact", actor_role="owner",
                                  at=at - timedelta(hours=i + 1), data={}))  # fmt: skip
    w.session.flush()
    return repair


def _world(session: Session) -> QuickWorld:
    w = QuickWorld(session)
    w.manager.language, w.manager.email = "it", "manager.it@example.test"
    w.brand_admin.language, w.brand_admin.email = "en", "brand.en@example.test"
    last = datetime(2026, 3, 11, 15, tzinfo=UTC)
    _closed(w, last, 3, "met", contacts=2)
    _closed(w, last + timedelta(days=1), 5, "met")
    _closed(w, last + timedelta(days=2), 9, "breached")
    _closed(w, datetime(2026, 3, 4, 10, tzinfo=UTC), 4, "met", contacts=1)
    _closed(w, datetime(2026, 3, 5, 10, tzinfo=UTC), 6, "met", contacts=1)
    w.repair(datetime(2026, 3, 12, 9, tzinfo=UTC))  # still open: the backlog
    for overall in (5, 4, 2):
        make_answer(session, brand_id=w.brand.id, centre_id=w.centre.id,
                    answered_on=date(2026, 3, 12), overall=overall)  # fmt: skip
    return w


def test_the_weeks_figures_per_scope(session: Session):
    w = _world(session)
    last = week_start(MONDAY)
    assert last == date(2026, 3, 9)
    found = weeks_of(session, [("brand", w.brand.id), ("centre", w.centre.id)], last)
    for key in (("brand", w.brand.id), ("centre", w.centre.id)):
        weeks = found[key]
        assert [x.start for x in weeks][-2:] == [date(2026, 3, 2), date(2026, 3, 9)]
        week, before = weeks[-1], weeks[-2]
        assert (week.closed, sorted(week.tat)) == (3, [3, 5, 9])
        assert (week.sla_met, week.sla_counted) == (2, 3)
        assert (week.contacts, week.answers, week.top2) == (2, 3, 2)
        assert (before.closed, before.contacts) == (2, 2)
        # Open at the end of the week of 9 March: the open one (the others closed in it).
        assert week.backlog == 1
        # Open at the end of the week of 2 March: the three closed later (opened before).
        assert before.backlog == 3


def _parts(mail: Message, kind: str) -> list[Message]:
    return [p for p in mail.walk() if p.get_content_type() == kind]


def test_each_admin_and_manager_gets_one_mail_in_their_language_with_the_charts(
    session: Session, worker: Worker, smtp: Smtp, clock: Clock
):
    w = _world(session)
    quiet = make_account(session, "centre_manager", password=None, centre_id=w.centre.id)
    quiet.notify_email = False  # turned e-mail off in the profile: no digest
    session.commit()
    clock.now = MONDAY
    assert send_digests(session, MONDAY) == "2 weekly digests queued"
    # The job again (twice on Monday, or on Tuesday after a crash): nothing more.
    assert send_digests(session, MONDAY + timedelta(days=1)) == "0 weekly digests queued"
    session.commit()
    queued = session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "insights_weekly_digest")
    ).all()
    assert sorted(m.recipient for m in queued) == ["brand.en@example.test",
                                                   "manager.it@example.test"]  # fmt: skip
    smtp.start()
    while worker.deliver_once():
        pass
    mails = {m["To"]: m for m in smtp.inbox.mails}
    italian = mails["manager.it@example.test"]
    assert italian["Content-Language"] == "it"
    assert italian["Subject"].startswith("La tua settimana in cifre")
    [text] = _parts(italian, "text/plain")
    words = text.get_payload(decode=True).decode()
    assert "Riparazioni chiuse: 3" in words
    assert "mediana 5, 90° percentile 8,2 giorni lavorativi" in words
    assert "67%" in words  # SLA met: 2 of 3
    assert "/centre/insights" in words
    [related] = _parts(italian, "multipart/related")
    [html] = _parts(related, "text/html")
    body = html.get_payload(decode=True).decode()
    pictures = _parts(related, "image/png")
    assert len(pictures) == 3
    for picture in pictures:
        cid = picture["Content-ID"].strip("<>")
        assert f'src="cid:{cid}"' in body
        assert picture.get_payload(decode=True).startswith(b"\x89PNG\r\n\x1a\n")
        assert picture.get_content_disposition() == "inline"
    assert 'alt="Riparazioni chiuse per settimana"' in body
    english = mails["brand.en@example.test"]
    assert english["Subject"].startswith("Your week in figures")
    assert (
        f"/brand/insights?brand_id={w.brand.id}"
        in _parts(english, "text/plain")[0].get_payload(decode=True).decode()
    )


def test_a_scope_with_nothing_to_tell_sends_nothing(session: Session):
    QuickWorld(session)
    assert send_digests(session, MONDAY) == "0 weekly digests queued"


def test_the_worker_runs_the_digest_on_monday_morning(
    session: Session, worker: Worker, clock: Clock
):
    _world(session)
    session.commit()
    clock.now = MONDAY.replace(hour=5)
    assert "insights_digest" not in dict(worker.run_due_jobs())  # due at 06:00 UTC
    clock.now = MONDAY
    assert dict(worker.run_due_jobs())["insights_digest"] == "2 weekly digests queued"
    clock.now = MONDAY + timedelta(days=1)  # the next day's run: this week's are sent
    assert dict(worker.run_due_jobs())["insights_digest"] == "0 weekly digests queued"
