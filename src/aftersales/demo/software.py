"""The demo's software: releases of every demo model and the versions demo phones reported.

Version names follow each maker's style but are made up, as are the days. Vsmart left the
phone market in 2021: its models' last releases are of 2021-2022; the others' go on to 2025.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aftersales.demo.types import DemoPhone
from aftersales.kernel.actors import SYSTEM
from aftersales.repairs.models import RepairOrder
from aftersales.software.models import SoftwareRelease, Source
from aftersales.software.releases import ReleaseFields, add_release
from aftersales.software.versions import Seen, apply_sighting, releases_of

# model: (version, release day, security patch level, kind, notes en, it, vi), oldest first.
R = tuple[str, date, date, str, str, str, str]
SEC = ("Security fixes of the month.", "Correzioni di sicurezza del mese.",
       "Các bản vá bảo mật của tháng.")  # fmt: skip
UP = ("A new version of Android, with the maker's new interface.",
      "Una nuova versione di Android, con la nuova interfaccia del produttore.",
      "Phiên bản Android mới, kèm giao diện mới của hãng.")  # fmt: skip
FIX = ("Fixes for the camera, Wi-Fi and battery life.",
       "Correzioni per fotocamera, Wi-Fi e durata della batteria.",
       "Sửa lỗi camera, Wi-Fi và thời lượng pin.")  # fmt: skip


def _r(version: str, day: date, patch: date, kind: str) -> R:
    notes = {"security": SEC, "os_upgrade": UP, "fix": FIX}[kind]
    return (version, day, patch, kind, *notes)


RELEASES: dict[str, tuple[R, ...]] = {
    "Mi 8": (
        _r("V12.0.2.0.QEAMIXM", date(2020, 9, 14), date(2020, 8, 1), "os_upgrade"),
        _r("V12.0.3.0.QEAMIXM", date(2021, 1, 20), date(2020, 12, 1), "security"),
        _r("V12.5.1.0.QEAMIXM", date(2021, 6, 28), date(2021, 5, 1), "fix"),
        _r("V12.5.2.0.QEAMIXM", date(2021, 11, 9), date(2021, 10, 1), "security"),
    ),
    "Mi 9": (
        _r("V12.5.1.0.RFAEUXM", date(2021, 5, 24), date(2021, 4, 1), "os_upgrade"),
        _r("V12.5.6.0.RFAEUXM", date(2022, 3, 15), date(2022, 2, 1), "security"),
        _r("V13.0.1.0.RFAEUXM", date(2023, 4, 11), date(2023, 3, 1), "os_upgrade"),
        _r("V13.0.4.0.RFAEUXM", date(2024, 9, 3), date(2024, 8, 1), "security"),
        _r("V13.0.5.0.RFAEUXM", date(2025, 6, 17), date(2025, 6, 1), "security"),
    ),
    "Redmi Note 8": (
        _r("V12.5.2.0.RCOEUXM", date(2021, 10, 5), date(2021, 9, 1), "os_upgrade"),
        _r("V12.5.4.0.RCOEUXM", date(2022, 6, 20), date(2022, 5, 1), "security"),
        _r("V12.5.6.0.RCOEUXM", date(2023, 8, 28), date(2023, 8, 1), "fix"),
        _r("V12.5.7.0.RCOEUXM", date(2025, 3, 4), date(2025, 2, 1), "security"),
    ),
    "Joy 3": (
        _r("VOS 3.0.1", date(2020, 10, 12), date(2020, 9, 1), "os_upgrade"),
        _r("VOS 3.0.2", date(2021, 4, 6), date(2021, 3, 1), "security"),
        _r("VOS 3.0.4", date(2022, 1, 18), date(2022, 1, 1), "security"),
    ),
    "Active 3": (
        _r("VOS 3.0.1", date(2020, 9, 28), date(2020, 9, 1), "os_upgrade"),
        _r("VOS 3.0.3", date(2021, 7, 2), date(2021, 6, 1), "security"),
    ),
    "Live 4": (
        _r("VOS 3.0.2", date(2020, 12, 1), date(2020, 11, 1), "fix"),
        _r("VOS 3.0.4", date(2021, 8, 23), date(2021, 8, 1), "security"),
        _r("VOS 3.0.5", date(2022, 2, 14), date(2022, 2, 1), "security"),
    ),
    "A5 2020": (
        _r("CPH1931_11_C.56", date(2022, 11, 7), date(2022, 10, 5), "security"),
        _r("CPH1931_11_C.62", date(2023, 9, 19), date(2023, 9, 5), "security"),
    ),
    "Reno 4": (
        _r("ColorOS 12.1 C.21", date(2022, 7, 4), date(2022, 6, 5), "os_upgrade"),
        _r("ColorOS 13 F.17", date(2023, 5, 22), date(2023, 5, 5), "os_upgrade"),
        _r("ColorOS 13 F.35", date(2025, 2, 10), date(2025, 1, 5), "security"),
    ),
    "Y20": (
        _r("PD2036F_EX_A_6.71.10", date(2022, 4, 12), date(2022, 3, 1), "security"),
        _r("PD2036F_EX_A_6.71.22", date(2023, 10, 3), date(2023, 9, 1), "fix"),
    ),
    "V20": (
        _r("PD2045F_EX_A_12.1.9", date(2022, 8, 30), date(2022, 8, 1), "os_upgrade"),
        _r("PD2045F_EX_A_13.1.4", date(2023, 11, 14), date(2023, 11, 1), "os_upgrade"),
        _r("PD2045F_EX_A_13.1.9", date(2025, 4, 8), date(2025, 3, 1), "security"),
    ),
    "Galaxy A51": (
        _r("A515FXXU8HWD1", date(2023, 5, 2), date(2023, 4, 1), "os_upgrade"),
        _r("A515FXXU9HXA2", date(2024, 2, 6), date(2024, 1, 1), "security"),
        _r("A515FXXSAHYC1", date(2025, 3, 18), date(2025, 3, 1), "security"),
    ),
    "Galaxy S20": (
        _r("G980FXXUKHWD3", date(2023, 5, 9), date(2023, 4, 1), "os_upgrade"),
        _r("G980FXXSLHXB1", date(2024, 3, 12), date(2024, 2, 1), "security"),
        _r("G980FXXSMHYB2", date(2025, 2, 25), date(2025, 2, 1), "security"),
    ),
}
# Security releases some days before the demo's day, wherever it is loaded: the commitment
# dashboard then shows makers keeping their cadence next to those whose updates stopped.
RECENT: dict[str, tuple[str, int]] = {
    "Mi 9": ("V13.0.6.0.RFAEUXM", 34),
    "Galaxy S20": ("G980FXXSNHZC1", 50),
}
# Of the demo phones: some never reported a version, a few run a build not on file.
UNKNOWN, UNLISTED = 0.15, 0.03
# The others report their version every few months while in use (the versions import of the
# makers' update servers), and stop when retired: a demo phone lasts about four years
# (Weibull, median 4 years, shape 2), and at least until its last repair. The forecast of
# phones still in use (care) reads these reports as signs of life.
REPORT_DAYS, LIFE_MEDIAN_DAYS, LIFE_SHAPE = 120, 4 * 365, 2.0


def _retired(rng: random.Random, bought: date, repaired: date | None) -> date:
    """Return the day a demo phone stops being used (it may lie ahead)."""
    scale = LIFE_MEDIAN_DAYS / math.log(2) ** (1 / LIFE_SHAPE)
    end = bought + timedelta(days=round(rng.weibullvariate(scale, LIFE_SHAPE)))
    return max(end, repaired or end)


def load_software(
    session: Session,
    rng: random.Random,
    now: datetime,
    model_ids: dict[str, int],
    phones: list[DemoPhone],
) -> None:
    """Add the releases, then the reports of each phone whose version is known."""
    today = now.date()
    by_model: dict[int, list[SoftwareRelease]] = {}
    for name, rows in RELEASES.items():
        for version, day, patch, kind, en, it, vi in rows:
            if day > today:  # a demo loaded "in the past" knows only what was out by then
                continue
            fields = ReleaseFields(version, day, patch, kind, en, it, vi)
            release = add_release(session, SYSTEM, model_ids[name], fields, now=now)
            by_model.setdefault(model_ids[name], []).append(release)
    for name, (version, days_ago) in RECENT.items():
        day = today - timedelta(days=days_ago)
        fields = ReleaseFields(version, day, day.replace(day=1), "security", *SEC)
        release = add_release(session, SYSTEM, model_ids[name], fields, now=now)
        by_model.setdefault(model_ids[name], []).append(release)
    known = releases_of(session, by_model)
    seen: Seen = set()  # one day's sighting of a version is recorded once
    repaired = _last_repairs(session)
    for phone in phones:
        out = by_model.get(phone.row.model_id, [])
        if not out or rng.random() < UNKNOWN:
            continue
        beta = " beta" if rng.random() < UNLISTED else ""
        until = min(_retired(rng, phone.bought, repaired.get(phone.row.id)), today)
        day = max(phone.bought, out[0].release_date)
        while (day := day + timedelta(days=round(rng.expovariate(1 / REPORT_DAYS)))) <= until:
            # Most run the latest out by then; the longer a maker is quiet, the more catch up.
            ready = [r for r in out if r.release_date <= day]
            pick = rng.choices(ready, [2**i for i in range(len(ready))])[0]
            apply_sighting(session, SYSTEM, phone.row, pick.version + beta, day,
                           Source.import_, now, known, seen)  # fmt: skip
    session.flush()


def _last_repairs(session: Session) -> dict[int, date]:
    """Return the day each phone's last repair opened: it was in use then."""
    stmt = select(RepairOrder.phone_id, func.max(RepairOrder.created_at)).group_by(
        RepairOrder.phone_id
    )
    return {phone_id: at.date() for phone_id, at in session.execute(stmt)}
