"""The invitation job: once per closed repair, in the owner's language, one reminder at most."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.notifications.links import Links
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.render import render
from aftersales.repairs.service import transition
from aftersales.repairs.states import Status
from aftersales.surveys.invites import Timing, invite_closed, remind
from aftersales.surveys.models import SurveyInvitation
from aftersales.surveys.tokens import survey_token
from tests.factories import make_account
from tests.repairs import QuickWorld
from tests.software.test_versions import count_queries
from tests.surveys import T0, closed_repair

LINKS = Links("https://as.example", "key")
HOUR = timedelta(hours=1)


def survey_messages(session: Session) -> list[OutboxMessage]:
    session.expire_all()
    kinds = ("survey_invitation", "survey_reminder")
    return list(
        session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind.in_(kinds)).order_by(OutboxMessage.id)
        )
    )


def test_each_closed_repair_is_invited_once_after_the_delay(session: Session) -> None:
    w = QuickWorld(session)
    w.owner.language = "vi"
    repair = closed_repair(session, w)
    assert invite_closed(session, T0 + HOUR / 2) == 0  # closed too lately: the news goes first
    assert invite_closed(session, T0 + HOUR) == 1
    assert invite_closed(session, T0 + 2 * HOUR) == 0  # the job may run again: nobody twice
    [invitation] = session.scalars(select(SurveyInvitation)).all()
    assert (invitation.repair_id, invitation.channel, invitation.language) == (
        repair.id,
        "email",
        "vi",
    )
    assert invitation.expires_at == T0 + HOUR + timedelta(days=30)
    [message] = survey_messages(session)
    assert (message.recipient, message.language) == (w.owner.email, "vi")
    words = render(message.kind, message.language, message.context, LINKS)
    assert words.subject == "Hãy cho chúng tôi biết mọi việc thế nào"
    token = survey_token("key", invitation.id, repair.code)
    assert f"https://as.example/survey/{token}" in words.text
    sms = render(message.kind, "it", message.context, LINKS, channel="sms").sms
    assert sms.startswith(f"{repair.code}: ci dica com'è andata la riparazione.")


def test_cancelled_unreachable_and_old_repairs_get_none(session: Session) -> None:
    w = QuickWorld(session)
    cancelled = w.repair(T0)
    transition(session, w.shop_staff, cancelled, Status.cancelled, T0)
    quiet = make_account(session, "owner", password=None)
    quiet.notify_email = False  # no e-mail, no SMS: nobody to ask
    closed_repair(session, w, owner_id=quiet.id)
    sms_only = make_account(session, "owner", password=None, phone_number="+39 333 1")
    sms_only.notify_email, sms_only.notify_sms = False, True
    texted = closed_repair(session, w, owner_id=sms_only.id)
    assert invite_closed(session, T0 + HOUR) == 1
    [invitation] = session.scalars(select(SurveyInvitation)).all()
    assert (invitation.repair_id, invitation.channel) == (texted.id, "sms")
    # Repairs closed before the window (an upgrade, a stopped worker) are left alone.
    closed_repair(session, w)
    assert invite_closed(session, T0 + timedelta(days=15)) == 0


def test_one_reminder_at_most_and_none_after_an_answer_or_near_expiry(session: Session) -> None:
    w = QuickWorld(session)
    first, answered, late = (closed_repair(session, w) for _ in range(3))
    timing = Timing(remind_after=timedelta(days=7), valid=timedelta(days=30))
    assert invite_closed(session, T0 + HOUR, timing) == 3
    by_repair = {i.repair_id: i for i in session.scalars(select(SurveyInvitation))}
    by_repair[answered.id].answered_at = T0 + timedelta(days=1)
    by_repair[late.id].expires_at = T0 + timedelta(days=8)  # the link ends too soon after
    assert remind(session, T0 + timedelta(days=6), timing) == 0  # not yet
    assert remind(session, T0 + timedelta(days=7, hours=1), timing) == 1
    assert remind(session, T0 + timedelta(days=9), timing) == 0  # once at most
    assert remind(session, T0 + timedelta(days=20), timing) == 0
    reminders = [m for m in survey_messages(session) if m.kind == "survey_reminder"]
    assert [m.context["invitation_id"] for m in reminders] == [by_repair[first.id].id]
    assert by_repair[first.id].reminded_at == T0 + timedelta(days=7, hours=1)
    words = render("survey_reminder", "en", reminders[0].context, LINKS)
    assert "This is the only reminder." in words.text


def test_the_closing_news_promises_the_survey(session: Session) -> None:
    w = QuickWorld(session)
    repair = closed_repair(session, w)
    session.expire_all()
    closing = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.about_id == repair.id, OutboxMessage.account_id == w.owner.id)
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert closing is not None and closing.context["status"] == "closed"
    text = render(closing.kind, "it", closing.context, LINKS).text
    assert "A breve riceverà un breve questionario: ci dica com'è andata." in text


def test_the_job_reads_in_a_few_statements_however_many_it_invites(session: Session) -> None:
    w = QuickWorld(session)
    for _ in range(4):
        closed_repair(session, w)
    session.expire_all()  # nothing loaded beforehand
    with count_queries(session) as seen:
        assert invite_closed(session, T0 + HOUR) == 4
    # one read of the repairs with their owners, models, brands and centres (and the models'
    # TACs, which a model always loads); the writes follow
    reads = [q[:70] for q in seen if q.lstrip().startswith("SELECT")]
    assert len(reads) <= 3, reads  # four repairs, no read per repair
    session.expire_all()
    with count_queries(session) as seen:
        assert remind(session, T0 + timedelta(days=8)) == 4
    reads = [q[:70] for q in seen if q.lstrip().startswith("SELECT")]
    assert len(reads) <= 3, reads  # four repairs, no read per repair
