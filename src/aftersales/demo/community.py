"""The demo's community: threads in Italian, English and Vietnamese about the demo's models.

Xiaomi's and Samsung's engineers answer (the centres' technicians and the brands' admins),
OPPO's once and late, Vsmart (which left the market) and vivo never; some answers are
accepted, one question and one answer are reported and hidden, one report still waits, a
solved thread is locked, and a few questions have no answer yet. Its own random stream (a
copy of the generator's state) draws the extra owners, votes and views.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.accounts.service import create_account
from aftersales.catalog.models import PhoneModel
from aftersales.community import moderation, service
from aftersales.community.models import CommunityAnswer, CommunityQuestion
from aftersales.demo.data import DOMAIN
from aftersales.kernel.actors import SYSTEM, Role


class Post(NamedTuple):
    """An answer: who writes it (an owner key, brand:<slug> or tech:<centre>), after how many
    hours, and its words."""

    who: str
    hours: float
    body: str


class Thread(NamedTuple):
    """A question with its answers; `accepted` is the index of the accepted answer."""

    lang: str
    model: str
    fault: str
    asker: str
    days_ago: int
    title: str
    body: str
    answers: tuple[Post, ...] = ()
    accepted: int | None = None
    then: str = ""  # "lock", "hide", "hide_answer:<i>", "report", "report_answer:<i>"


# The owners of the demo (keys of data.OWNERS) and a few more who only write here.
OWNERS = {"it": "owner", "vn": "owner.vn", "it2": "owner.milano", "vn2": "owner.hcm"}
EXTRA = (
    ("f1", "IT", "Luca Romano"),
    ("f2", "VN", "Phạm Quốc Bảo"),
    ("f3", "IT", "Sara Greco"),
    ("f4", "GB", "Oliver Hughes"),
    ("f5", "VN", "Lê Thị Mai"),
)

THREADS = (
    Thread(
        "it",
        "Mi 8",
        "display",
        "it",
        40,
        "Righe verdi sul display dopo una caduta",
        "Dopo una caduta sul pavimento compaiono **due righe verdi** verticali. Il touch "
        "funziona ancora. Si può riparare o va cambiato il display?",
        (
            Post("it2", 3, "Anche a me è successo: era il display, non il cavo."),
            Post(
                "tech:naples",
                5,
                "Se le righe restano anche nella schermata di avvio, è il "
                "pannello: va sostituito il display. Con la garanzia del produttore non è "
                "coperto il danno da caduta, ma il preventivo lo facciamo noi al centro.",
            ),
        ),
        accepted=1,
    ),
    Thread(
        "en",
        "Redmi Note 8",
        "battery",
        "f4",
        25,
        "Battery drains overnight since the update",
        "Since the last update the battery goes from 80% to 20% overnight with the screen "
        "off. Anything I can check before booking a repair?",
        (
            Post(
                "brand:xiaomi",
                2,
                "Please check *Settings → Battery → App usage*. If one app "
                "stays awake, restrict its background activity. If the drain stays above 5% an "
                "hour with everything closed, book a battery check: it is covered for 24 "
                "months.",
            ),
            Post("f1", 30, "Same here, it was the mail app syncing every minute."),
        ),
        accepted=0,
    ),
    Thread(
        "vi",
        "Redmi Note 8",
        "charging",
        "vn",
        18,
        "Sạc không vào khi cắm cáp",
        "Máy chỉ sạc khi cắm cáp nghiêng một góc. Đã thử cáp khác nhưng vẫn vậy.",
        (
            Post(
                "tech:hanoi",
                4,
                "Thường là do bụi trong cổng USB-C. Hãy mang máy đến trung "
                "tâm để vệ sinh cổng sạc; nếu cổng bị lỏng, chúng tôi sẽ thay.",
            ),
            Post("f2", 6, "Gọi cho tôi số 0912 345 678, tôi sửa rẻ hơn."),
        ),
        then="hide_answer:1",
    ),
    Thread(
        "it",
        "Galaxy A51",
        "camera",
        "it2",
        60,
        "Fotocamera posteriore sfocata",
        "Le foto sono sempre sfocate, anche con la messa a fuoco manuale.",
        (
            Post(
                "tech:milan",
                6,
                "Prova a pulire il vetrino della fotocamera e a cancellare la "
                "cache dell'app Fotocamera. Se resta sfocata, il modulo va sostituito.",
            ),
            Post("f3", 20, "Da me bastava togliere la pellicola della cover."),
        ),
        accepted=0,
        then="lock",
    ),
    Thread(
        "en",
        "Galaxy S20",
        "audio",
        "f4",
        9,
        "The other person can't hear me on speaker",
        "On calls with the loudspeaker on, the other person hears nothing. Normal calls work.",
        (
            Post("f1", 5, "Just buy a new phone, these never get fixed."),
            Post("f3", 26, "Check that nothing covers the top microphone hole."),
        ),
        then="report_answer:0",
    ),
    Thread(
        "vi",
        "Joy 3",
        "battery",
        "vn2",
        30,
        "Pin Joy 3 phồng lên, có nguy hiểm không?",
        "Mặt lưng bị đẩy lên, máy vẫn dùng được. Có nên tiếp tục sạc không?",
        (Post("f5", 8, "Đừng sạc nữa! Pin phồng có thể cháy. Mang ra trung tâm ngay."),),
    ),
    Thread(
        "vi",
        "Live 4",
        "software",
        "vn",
        12,
        "Live 4 không nhận bản cập nhật",
        "Vào phần cập nhật luôn báo lỗi kết nối, dù mạng vẫn dùng bình thường.",
    ),
    Thread(
        "vi",
        "Active 3",
        "display",
        "f2",
        7,
        "Màn hình cảm ứng bị loạn",
        "Màn hình tự bấm lung tung, nhất là khi đang sạc.",
        (Post("vn2", 10, "Thử dùng củ sạc chính hãng, củ sạc kém hay gây loạn cảm ứng."),),
    ),
    Thread(
        "it",
        "Reno 4",
        "connectivity",
        "f3",
        21,
        "Il Wi-Fi si disconnette ogni pochi minuti",
        "Con il router di casa il telefono si disconnette di continuo; gli altri no.",
        (
            Post("f1", 3, "Prova a disattivare il Wi-Fi intelligente nelle impostazioni."),
            Post(
                "tech:milan",
                75,
                "Ripristina le impostazioni di rete (*Impostazioni → "
                "Sistema → Ripristina*). Se non basta, portalo in centro: controlliamo "
                "l'antenna.",
            ),
        ),
    ),
    Thread(
        "en",
        "A5 2020",
        "charging",
        "f4",
        3,
        "Fast charging stopped working",
        "It charges, but slowly, with the original charger and cable.",
    ),
    Thread(
        "vi",
        "Y20",
        "audio",
        "f5",
        15,
        "Loa ngoài bị rè",
        "Khi nghe nhạc to, loa ngoài bị rè.",
        (Post("vn", 5, "Lỗ loa có thể bị bụi: dùng bàn chải mềm làm sạch nhẹ."),),
        accepted=0,
    ),
    Thread(
        "en",
        "V20",
        "display",
        "f1",
        2,
        "Screen flickers at low brightness",
        "Below 20% brightness the screen flickers, especially in dark mode.",
    ),
    Thread(
        "it",
        "Mi 9",
        "other",
        "f1",
        5,
        "Vendo Mi 9 usato come nuovo, scrivetemi",
        "Prezzo trattabile, contattatemi in privato.",
        then="hide",
    ),
)


def _people(session: Session, rng: random.Random, now: datetime) -> dict[str, Account]:
    """Return the demo's owners, the extra ones (made here) and the engineers, by key."""
    emails = {k: f"{m}@{DOMAIN}" for k, m in OWNERS.items()}
    emails |= {f"brand:{b}": f"brand.{b}@{DOMAIN}" for b in ("xiaomi", "samsung", "oppo")}
    emails |= {f"tech:{c}": f"tech1.{c}@{DOMAIN}" for c in ("naples", "milan", "hanoi")}
    found = session.scalars(select(Account).where(Account.email.in_(emails.values())))
    by_email = {a.email: a for a in found}
    people = {k: by_email[e] for k, e in emails.items()}
    for key, country, name in EXTRA:
        lang = {"IT": "it", "VN": "vi"}.get(country, "en")
        account = create_account(
            session,
            SYSTEM,
            name=name,
            role=Role.owner,
            language=lang,
            country=country,
            email=f"forum.{key}{rng.randrange(100, 999)}@example.org",
        )
        account.created_at = now - timedelta(days=400)
        people[key] = account
    return people


def load_community(session: Session, rng: random.Random, now: datetime) -> None:
    """Write the demo's threads, with their votes, views, reports and moderation."""
    people = _people(session, rng, now)
    models = dict(session.execute(select(PhoneModel.name, PhoneModel.id)).tuples().all())
    moderator = {
        "Mi 9": "brand:xiaomi",
        "Galaxy A51": "brand:samsung",
        "Redmi Note 8": "brand:xiaomi",
        "Galaxy S20": "brand:samsung",
    }
    owners = [people[k] for k in (*OWNERS, *(e[0] for e in EXTRA))]
    for t in THREADS:
        start = 1 if t.lang == "vi" else 7  # a working morning in UTC, in Hanoi or Rome
        asked = (now - timedelta(days=t.days_ago)).replace(hour=start + rng.randrange(6), minute=0)
        question = service.ask(
            session,
            people[t.asker],
            model_id=models[t.model],
            fault_category=t.fault,
            title=t.title,
            body=t.body,
            language=t.lang,
            now=asked,
            country=people[t.asker].country,
        )
        written = [
            service.answer(
                session, people[p.who], question, p.body, asked + timedelta(hours=p.hours)
            )
            for p in t.answers
        ]
        for answer in written:
            for voter in rng.sample(owners, rng.randrange(0, 4)):
                if voter.id != answer.author_id:
                    service.vote(session, voter, answer, asked + timedelta(days=1))
        if t.accepted is not None:
            when = asked + timedelta(hours=t.answers[t.accepted].hours + 12)
            service.accept(session, people[t.asker], question, written[t.accepted].id, when)
        _then(session, t, question, written, people, moderator.get(t.model), now)
        question.views = rng.randrange(10, 400)
    session.flush()


def _then(
    session: Session,
    t: Thread,
    question: CommunityQuestion,
    written: list[CommunityAnswer],
    people: dict[str, Account],
    moderator: str | None,
    now: datetime,
) -> None:
    """Report, hide or lock as the thread's story says."""
    if not t.then:
        return
    action, _, index = t.then.partition(":")
    answer_id = written[int(index)].id if index else None
    reporter = people["it2" if t.lang == "it" else "vn" if t.lang == "vi" else "f1"]
    reason = {"hide": "spam", "hide_answer": "personal_data", "report_answer": "rude"}.get(
        action, "spam"
    )
    report = None
    if action != "lock":
        report = service.report(session, reporter, question, reason, now - timedelta(days=1),
                                answer_id)  # fmt: skip
    admin = people[moderator or "brand:xiaomi"]
    if action == "hide":
        moderation.moderate(session, admin, question, "hide", now, reason="Annuncio di vendita")
    elif action == "hide_answer":
        moderation.moderate(
            session,
            people["brand:xiaomi"],
            question,
            "hide",
            now,
            reason="Số điện thoại cá nhân",
            answer_id=answer_id,
        )
    elif action == "lock":
        moderation.moderate(session, admin, question, "lock", now)
    if report is not None and action.startswith("hide"):  # dealt with: hidden
        moderation.resolve(session, admin, report.id, now)
