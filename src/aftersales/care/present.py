"""Turn the dashboard's figures into the API's shapes (the CSV reads the same, care.csv)."""

from __future__ import annotations

from aftersales.care.dashboard import BrandCare, ModelCare, Series
from aftersales.care.queries import WaitDetail
from aftersales.care.runway import PartCare
from aftersales.care.schemas import (
    BrandCareRead,
    CountryCareRead,
    InUsePoint,
    InUseRead,
    LatePartRead,
    ModelCareDetail,
    ModelCareRead,
    PartOutlookRead,
    QuarterCount,
    ReleaseFact,
    VersionCount,
)
from aftersales.care.waits import LateWait
from aftersales.support.present import support_read


def part_read(p: PartCare, lang: str) -> PartOutlookRead:
    """Shape one part's outlook, its name in the answer's language."""
    o = p.outlook
    return PartOutlookRead(part_id=o.part_id, number=p.number, name=p.name_in(lang),
                           expected=o.expected, upper80=o.upper80, upper95=o.upper95,
                           available=o.available, on_order=o.on_order,
                           runway_months=o.runway_months, last_batch=o.last_batch,
                           last_batch_reason=o.last_batch_reason,
                           horizon_end=o.horizon_end)  # fmt: skip


def model_read(c: ModelCare, lang: str = "en") -> ModelCareRead:
    """Shape one model's figures (part names in `lang`)."""
    u = c.in_use
    latest, security, share = c.software.latest, c.security, c.software
    return ModelCareRead(
        model_id=c.model.id,
        model=c.model.name,
        release_date=c.model.release_date,
        end_of_sale_date=c.model.end_of_sale_date,
        on=c.on,
        counted_on=c.counted_on,
        phones_sold=c.phones_sold,
        repairs_served=c.repairs_served,
        latest_release=ReleaseFact(version=latest.version, release_date=latest.release_date,
                                   security_patch_date=latest.security_patch_date)
        if latest else None,
        days_since_release=c.days_since_release,
        last_security_update=ReleaseFact(version=security.version,
                                         release_date=security.release_date,
                                         security_patch_date=security.patch_date)
        if security else None,
        days_since_security_update=c.days_since_security,
        phones_known_version=share.known,
        phones_on_latest=share.on_latest,
        share_on_latest=share.share,
        security_overdue=c.security_overdue,
        late_part_repairs=c.late_repairs,
        short_runway_parts=c.short_runway,
        in_use=InUseRead(expected=u.expected, low=u.low, high=u.high, method=u.method,
                         computed_on=u.computed_on) if u else None,
        parts=[part_read(p, lang) for p in c.parts],
        countries=[
            CountryCareRead(country=k.country, support=support_read(k.support, c.on, []),
                            updates_promised=k.support.updates_promised(c.on),
                            security_overdue=k.security_overdue, late_part_repairs=k.late_repairs,
                            short_runway_parts=len(k.short_runway))
            for k in c.countries
        ],
    )  # fmt: skip


def brand_read(b: BrandCare, lang: str = "en") -> BrandCareRead:
    """Shape a page of a brand's models."""
    on = b.models[0].on if b.models else b.since.date()
    models = [model_read(m, lang) for m in b.models]
    return BrandCareRead(brand_id=b.brand.id, on=on, parts_waits_since=b.since,
                         total_models=b.total, models=models)  # fmt: skip


def detail_read(c: ModelCare, s: Series, lang: str = "en") -> ModelCareDetail:
    """Shape a model's figures with its quarters and versions."""
    latest = c.software.latest.version if c.software.latest else None
    return ModelCareDetail(
        figures=model_read(c, lang),
        phones_by_quarter=[QuarterCount(quarter_start=q, count=n) for q, n in s.phones],
        phones_without_purchase_date=s.undated,
        repairs_by_quarter=[QuarterCount(quarter_start=q, count=n) for q, n in s.repairs],
        versions=[VersionCount(version=v, phones=n, latest=v is not None and v == latest,
                               on_file=v in s.listed) for v, n in s.versions],
        in_use_by_month=[InUsePoint(day=d, expected=e, low=lo, high=hi)
                         for d, e, lo, hi in s.in_use],
    )  # fmt: skip


def late_read(w: LateWait, d: WaitDetail) -> LatePartRead:
    """Shape one part that waited too long."""
    return LatePartRead(repair_code=d.code, country=w.wait.country, part_number=d.part_number,
                        requested_at=d.requested_at, ended_at=d.ended_at,
                        still_waiting=w.still_waiting, working_days=w.workdays,
                        limit_working_days=w.limit)  # fmt: skip
