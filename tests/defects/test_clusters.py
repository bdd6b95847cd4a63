"""Similar complaints in three languages: a new cluster is found, the usual chatter is not."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from aftersales.defects import clusters
from aftersales.defects.clusters import complaint_clusters
from aftersales.defects.lexicon import ideas
from tests.defects import signals_data as sd
from tests.factories import make_brand, make_centre, make_model

TODAY = date(2026, 3, 10)  # a Tuesday; the four complete weeks before start on 2026-02-09
RECENT = date(2026, 2, 16)
CHATTER = {
    "display": (
        "Screen cracked after a fall",
        "Schermo rotto dopo una caduta",
        "Màn hình bị vỡ sau khi rơi",
    ),
    "camera": (
        "Camera photos are blurry",
        "La fotocamera fa foto sfocate",
        "Camera chụp ảnh bị mờ",
    ),
    "audio": (
        "Speaker crackles during calls",
        "L'altoparlante gracchia durante le chiamate",
        "Loa bị rè khi gọi điện",
    ),
    "connectivity": (
        "Wi-Fi keeps dropping",
        "Il wifi si disconnette sempre",
        "Wifi hay bị mất kết nối",
    ),
    "battery": ("Battery drains quickly", "La batteria si scarica velocemente", "Pin tụt nhanh"),
}
DRAIN = (
    "Dopo l'aggiornamento la batteria si scarica in poche ore",
    "Sau khi cập nhật pin tụt rất nhanh",
    "Battery drains fast since the update",
    "La batteria si scarica velocissima dall'ultimo aggiornamento",
    "Pin hao nhanh từ khi cập nhật phần mềm, máy nóng",
    "After the latest update the battery drains in a few hours",
    "Batteria scarica a metà giornata dopo l'aggiornamento",
    "Cập nhật xong thì pin tụt nhanh quá",
    "Since updating, the battery drain is terrible",
)
QUESTIONS = (
    ("Batteria dopo aggiornamento", "Da quando ho aggiornato la batteria si scarica subito.", "it"),
    ("Pin tụt sau cập nhật", "Cập nhật phần mềm xong pin tụt nhanh, có ai bị không?", "vi"),
    ("Battery drain after update", "My battery drains in hours since the update.", "en"),
)


def _world(session: Session, rise: bool, seed: int = 3) -> tuple[int, int, list[int], list[int]]:
    """Half a year of everyday complaints; with `rise`, a battery drain after an update."""
    rng = random.Random(seed)
    brand = make_brand(session)
    hit, other = make_model(session, brand), make_model(session, brand)
    centre = make_centre(session, [brand])
    phones = sd.phones(session, hit, 30) + sd.phones(session, other, 30)
    day = RECENT - timedelta(weeks=22)
    while day <= TODAY:
        for _ in range(3):  # three everyday complaints a week, now and before
            fault = rng.choice(["display", "camera", "audio", "connectivity"])
            sd.repair(session, centre, rng.choice(phones), day, fault, rng.choice(CHATTER[fault]))
        if rng.random() < 0.3:
            text = rng.choice(CHATTER["battery"])
            sd.repair(session, centre, rng.choice(phones), day, "battery", text)
        day += timedelta(days=rng.randint(6, 8))
    repair_ids: list[int] = []
    question_ids: list[int] = []
    if rise:
        for i, text in enumerate(DRAIN):
            row = sd.repair(
                session, centre, phones[i], RECENT + timedelta(days=2 * i), "battery", text
            )
            session.flush()
            repair_ids.append(row.id)
        for i, (title, body, language) in enumerate(QUESTIONS):
            q = sd.question(
                session, hit, RECENT + timedelta(days=3 + 4 * i), "battery", title, body, language
            )
            session.flush()
            question_ids.append(q.id)
        hidden = sd.question(session, hit, RECENT, "battery", *QUESTIONS[0])
        hidden.hidden = True  # a moderated question is nobody's evidence
    session.flush()
    return brand.id, hit.id, repair_ids, question_ids


def test_the_ideas_carry_a_complaint_across_the_three_languages() -> None:
    assert set(ideas("La batteria si scarica dopo l'aggiornamento")) == {
        "#battery",
        "#drain",
        "#update",
    }
    assert set(ideas("Sau khi cập nhật pin tụt nhanh")) == {
        "#battery",
        "#drain",
        "#update",
        "#fast",
    }
    assert set(ideas("Battery drains fast since the update")) == {
        "#battery",
        "#drain",
        "#update",
        "#fast",
    }
    assert ideas("Khởi động lại liên tục") == ["#restart"]


def test_a_cluster_of_similar_complaints_in_three_languages_is_found(session: Session) -> None:
    brand_id, model_id, repair_ids, question_ids = _world(session, rise=True)
    found = complaint_clusters(session, brand_id, TODAY)
    assert len(found) == 1, [(f.key, f.words, f.observed, f.expected) for f in found]
    cluster = found[0]
    assert cluster.kind == "cluster"
    assert {"battery", "drain", "update"} <= set(cluster.words)
    assert cluster.model_id == model_id
    assert cluster.fault_category == "battery"
    assert cluster.key == f"cluster:{model_id}:battery+drain+update"
    assert set(repair_ids) <= set(cluster.repair_ids)  # Italian, Vietnamese and English alike
    assert set(question_ids) == set(cluster.question_ids)
    assert cluster.observed >= len(repair_ids) + len(question_ids)
    assert cluster.ratio >= 2.0 and cluster.low > 1.0
    assert cluster.p_value is not None and cluster.p_value <= 0.05
    assert date(2026, 2, 9) <= cluster.started_on <= RECENT
    recent = [w for w in cluster.weeks if w.start >= date(2026, 2, 9)]
    assert sum(w.observed for w in recent) == cluster.observed
    # The next run, any day of the week, names the episode the same way: one alert, not two.
    assert complaint_clusters(session, brand_id, TODAY + timedelta(days=4)) == found


def test_everyday_chatter_raises_nothing(session: Session) -> None:
    brand_id, _model_id, _r, _q = _world(session, rise=False)
    assert complaint_clusters(session, brand_id, TODAY) == []
    assert complaint_clusters(session, make_brand(session).id, TODAY) == []


FROZEN = (
    "The screen freezes and the touch stops working",
    "Lo schermo si blocca e il touch non risponde",
    "Màn hình bị đơ, cảm ứng không nhạy",
)
SWOLLEN = (
    ("Swollen battery", "The battery is swelling and the back cover lifts."),
    ("Batteria gonfia", "La batteria si è gonfiata e la scocca si alza."),
)


def test_a_large_brands_steady_repairs_and_questions_raise_no_cluster(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Repairs past the recent cap are thinned as the background's: a steady topic is no rise."""
    monkeypatch.setattr(clusters, "MAX_RECENT", 40)  # a large brand, in miniature
    monkeypatch.setattr(clusters, "MAX_BACKGROUND", 400)
    rng = random.Random(5)
    brand = make_brand(session)
    model = make_model(session, brand)
    centre = make_centre(session, [brand])
    phones = sd.phones(session, model, 40)
    day = RECENT - timedelta(weeks=23)
    while day < TODAY:  # every day, the same two complaints, each in one kind only
        for _ in range(2):
            sd.repair(session, centre, rng.choice(phones), day, "display", rng.choice(FROZEN))
        for _ in range(rng.choice((2, 3))):
            title, body = rng.choice(SWOLLEN)
            sd.question(session, model, day, "battery", title, body, "en")
        day += timedelta(days=1)
    session.flush()
    # 56 recent repairs pass the cap of 40: read newest first, only repairs were compared
    # with a background of both kinds, and the frozen screens rose twofold.
    assert complaint_clusters(session, brand.id, TODAY) == []


def test_each_kind_is_thinned_by_one_fraction_in_both_periods() -> None:
    kept = clusters.shares({"repair": 8000, "question": 500}, {"repair": 40000, "question": 900})
    # Questions fit both caps whole; repairs take the recent room the questions leave.
    assert kept == {"repair": clusters.BUCKETS * 1500 // 8000, "question": clusters.BUCKETS}
    assert clusters.shares({"repair": 3, "question": 0}, {"repair": 0, "question": 0}) == {
        "repair": clusters.BUCKETS,
        "question": clusters.BUCKETS,
    }
