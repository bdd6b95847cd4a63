"""The weekly digest job: each Monday, one e-mail per brand admin and per centre manager.

Each gets last week's key figures of their scope (the brand's network, or their centre)
against the seven weeks before, in their own language, through the outbox. The key names the
account and the week, so a job that runs twice, or on a later day after a missed Monday,
queues each account's digest once (decision 264). Accounts that turned e-mail off in their
profile, or are no longer active, get none; a scope with nothing to tell (no repair and no
answer in the eight weeks) sends nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from aftersales.accounts.models import Account, Role
from aftersales.catalog.models import Brand, ServiceCentre
from aftersales.insights.digest_figures import Key, Week, percentile, week_start, weeks_of
from aftersales.insights.digest_words import KIND, Digest, WeekFigures
from aftersales.notifications.models import OutboxMessage
from aftersales.notifications.outbox import Draft, enqueue


def key_of(account_id: int, week: datetime | object) -> str:
    """Return the digest's idempotency key: one per account and week."""
    return f"insights-digest:a{account_id}:{week}"


def recipients(session: Session) -> list[Account]:
    """Return the active brand admins and centre managers who take e-mail, by id."""
    return list(
        session.scalars(
            select(Account)
            .where(
                Account.is_active,
                Account.notify_email,
                Account.email.is_not(None),
                or_(
                    and_(Account.role == Role.brand_admin, Account.brand_id.is_not(None)),
                    and_(Account.role == Role.centre_manager, Account.centre_id.is_not(None)),
                ),
            )
            .order_by(Account.id)
        )
    )


def scope_of(account: Account) -> Key:
    """Return whose figures an account reads: its brand's network or its centre."""
    if account.role == Role.brand_admin:
        return ("brand", int(account.brand_id or 0))
    return ("centre", int(account.centre_id or 0))


def _figures(week: Week) -> WeekFigures:
    return WeekFigures(
        start=week.start,
        closed=week.closed,
        tat_median=percentile(week.tat, 0.5),
        tat_p90=percentile(week.tat, 0.9),
        sla_met=week.sla_met,
        sla_counted=week.sla_counted,
        backlog=week.backlog,
        contacts=week.contacts,
        answers=week.answers,
        top2=week.top2,
    )


def _quiet(weeks: list[Week]) -> bool:
    """Tell whether a scope had nothing at all in the eight weeks."""
    return not any(w.closed or w.backlog or w.answers for w in weeks)


def send_digests(session: Session, now: datetime) -> str:
    """Queue last week's digest for every recipient who has none yet; return a summary."""
    last = week_start(now)
    people = recipients(session)
    keys = {a.id: key_of(a.id, last.isoformat()) for a in people}
    sent = set(
        session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys.values())))
    )
    todo = [a for a in people if keys[a.id] not in sent]
    if not todo:
        return "0 weekly digests queued"
    scopes = {scope_of(a) for a in todo}
    found = weeks_of(session, scopes, last)
    names = {
        **{("brand", i): n for i, n in session.execute(select(Brand.id, Brand.name))},
        **{
            ("centre", i): n
            for i, n in session.execute(
                select(ServiceCentre.id, ServiceCentre.name).where(
                    ServiceCentre.id.in_([k[1] for k in scopes if k[0] == "centre"])
                )
            )
        },
    }
    props: dict[Key, Digest] = {}
    for key, weeks in found.items():
        if _quiet(weeks) or key not in names:
            continue
        before = [d for w in weeks[:-1] for d in w.tat]
        props[key] = Digest(
            side="brand" if key[0] == "brand" else "centre",
            scope_id=key[1],
            scope_name=names[key],
            weeks=[_figures(w) for w in weeks],
            before_tat_median=percentile(before, 0.5),
            before_tat_p90=percentile(before, 0.9),
        )
    drafts = [
        Draft(
            key=keys[a.id],
            kind=KIND,
            channel="email",
            recipient=str(a.email),
            props=props[scope_of(a)],
            audience="staff",
            language=a.language,
            name=a.name,
            account_id=a.id,
        )
        for a in todo
        if scope_of(a) in props
    ]
    return f"{enqueue(session, drafts, now)} weekly digests queued"
