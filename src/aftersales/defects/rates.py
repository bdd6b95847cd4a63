"""The age-adjusted rate detector: a brand's models x faults read from SQL, scanned, found.

Phones count from their sale (else their registration), repairs from their opening; a
cancelled repair is no repair. Weeks are Monday to Sunday (UTC) and only complete ones are
read, so every run in a week finds the same (the job is idempotent). Phones older than
`scan.MAX_AGE_WEEKS` and their repairs are left out on both sides. The life that thins
each model's sales is care's nightly fit (`CareInUse`), else care's stated default.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from sqlalchemy import Date, func, literal, select
from sqlalchemy.orm import Session

from aftersales.care.lifetime import DEFAULT_MEDIAN_MONTHS, DEFAULT_SHAPE
from aftersales.care.models import CareInUse
from aftersales.care.sql import day_number
from aftersales.catalog.models import PhoneModel
from aftersales.defects import scan
from aftersales.defects.findings import Finding, Week
from aftersales.devices.models import Phone
from aftersales.devices.stand_in import real_phone
from aftersales.repairs.models import FAULT_CATEGORIES, RepairOrder
from aftersales.repairs.states import Status

MAX_REPAIR_IDS = 200
SHOWN_WEEKS = 26  # the weeks a finding's chart draws (more when the rise began earlier)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


def weeks_of(session: Session, brand_id: int, today: date) -> int:
    """Return the complete weeks to read: up to `scan.WEEKS`, none before the brand's first
    repair (weeks before it count phones with no chance of a repair on the platform)."""
    since = session.scalar(
        select(func.min(RepairOrder.created_at)).where(RepairOrder.brand_id == brand_id)
    )
    if since is None:
        return 0
    first = scan.monday(since.date()) + timedelta(weeks=1)  # its first complete week
    return max(0, min(scan.WEEKS, (scan.monday(today) - first).days // 7))


def read(session: Session, brand_id: int, today: date, weeks: int) -> scan.Series:
    """Return the brand's series: `weeks` complete weeks ending the Sunday before `today`."""
    first = scan.first_week(today, weeks)
    end = first + timedelta(weeks=weeks)
    models = tuple(session.scalars(
        select(PhoneModel.id).where(PhoneModel.brand_id == brand_id).order_by(PhoneModel.id)
    ))  # fmt: skip
    faults = FAULT_CATEGORIES
    if not models:
        return scan.Series((), faults, np.zeros((0, weeks, scan.BANDS)),
                           np.zeros((0, len(faults), weeks, scan.BANDS)))  # fmt: skip
    index = {m: i for i, m in enumerate(models)}
    origin = first - timedelta(weeks=scan.MAX_AGE_WEEKS)
    zero = day_number(literal(origin, Date))
    start = func.coalesce(Phone.purchase_date, func.date(Phone.created_at))
    start_day = day_number(start) - zero
    sale_week = (start_day // 7).label("sale_week")  # not negative: integer division floors
    sales = np.zeros((len(models), scan.MAX_AGE_WEEKS + weeks))
    rows = session.execute(
        select(Phone.model_id, sale_week, func.count())
        .join(PhoneModel, PhoneModel.id == Phone.model_id)
        .where(PhoneModel.brand_id == brand_id, start < literal(end, Date),
               start >= literal(origin, Date), real_phone())  # a stand-in was never sold
        .group_by(Phone.model_id, sale_week)
    )  # fmt: skip
    for model_id, w, n in rows:
        sales[index[model_id], int(w)] += n
    lives = {m: (med, shape) for m, med, shape in session.execute(
        select(CareInUse.model_id, CareInUse.median_months, CareInUse.shape)
        .where(CareInUse.model_id.in_(models))
    )}  # fmt: skip
    exposure = np.stack([
        scan.exposure(sales[i], scan.survival(*lives.get(m, (DEFAULT_MEDIAN_MONTHS,
                                                             DEFAULT_SHAPE))), weeks)
        for i, m in enumerate(models)
    ])  # fmt: skip
    repairs = np.zeros((len(models), len(faults), weeks, scan.BANDS))
    fault_index = {f: i for i, f in enumerate(faults)}
    opened = day_number(RepairOrder.created_at)
    r_week = ((opened - day_number(literal(first, Date))) // 7).label("r_week")
    age_days = opened - day_number(start)
    age = (age_days // 7).label("age")
    rows = session.execute(
        select(RepairOrder.model_id, RepairOrder.fault_category, r_week, age, func.count())
        .join(Phone, Phone.id == RepairOrder.phone_id)
        .where(RepairOrder.brand_id == brand_id, RepairOrder.created_at >= _at(first),
               RepairOrder.created_at < _at(end), RepairOrder.status != Status.cancelled,
               age_days >= 0, real_phone())  # as the sales: no stand-in's repair either
        .group_by(RepairOrder.model_id, RepairOrder.fault_category, r_week, age)
    )  # fmt: skip
    for model_id, fault, w, a, n in rows:
        if model_id not in index or fault not in fault_index or a is None:
            continue
        if not 0 <= int(a) <= scan.MAX_AGE_WEEKS:
            continue
        band = int(scan.band_of(np.array([int(a)]))[0])
        repairs[index[model_id], fault_index[fault], int(w), band] += n
    return scan.Series(models, faults, exposure, repairs)


def _repair_ids(
    session: Session, brand_id: int, model_id: int, fault: str, since: date, end: date
) -> tuple[int, ...]:
    """Return the repairs behind a rise, newest first, at most MAX_REPAIR_IDS."""
    stmt = (
        select(RepairOrder.id)
        .where(RepairOrder.brand_id == brand_id, RepairOrder.model_id == model_id,
               RepairOrder.fault_category == fault, RepairOrder.created_at >= _at(since),
               RepairOrder.created_at < _at(end), RepairOrder.status != Status.cancelled)
        .order_by(RepairOrder.created_at.desc(), RepairOrder.id.desc())
        .limit(MAX_REPAIR_IDS)
    )  # fmt: skip
    return tuple(session.scalars(stmt))


def rate_rises(session: Session, brand_id: int, today: date) -> list[Finding]:
    """Return the brand's models x faults whose age-adjusted repair rate rose lately."""
    length = weeks_of(session, brand_id, today)
    if length < scan.MIN_WEEKS:
        return []
    series = read(session, brand_id, today, length)
    first = scan.first_week(today, series.weeks)
    end = first + timedelta(weeks=series.weeks)
    found = []
    for flag in scan.scan(series):
        model_id, fault = series.models[flag.model], series.faults[flag.fault]
        counts = series.repairs[flag.model, flag.fault].sum(axis=1)
        shown = min(flag.start - 4, series.weeks - SHOWN_WEEKS)
        weeks = tuple(
            Week(
                first + timedelta(weeks=w), int(counts[w]), round(float(flag.expected_weeks[w]), 3)
            )
            for w in range(max(shown, 0), series.weeks)
        )
        started = first + timedelta(weeks=flag.start)
        found.append(Finding(
            kind="rate", key=f"rate:{model_id}:{fault}", brand_id=brand_id, model_id=model_id,
            fault_category=fault, software_version=None, started_on=started,
            observed=flag.observed, expected=round(flag.expected, 3),
            ratio=round(flag.ratio, 3), low=round(flag.low, 3), high=round(flag.high, 3),
            method=scan.METHOD, p_value=flag.p_value,
            repair_ids=_repair_ids(session, brand_id, model_id, fault, started, end),
            weeks=weeks,
        ))  # fmt: skip
    return found
