"""Routes: repair orders, their moves, notes, warranty decisions, quotes and contacts."""

from __future__ import annotations

from fastapi import APIRouter, Query

from aftersales.accounts.deps import User
from aftersales.http.deps import AnswerLanguage, DbSession, Now
from aftersales.http.idempotent import Idem
from aftersales.repairs import contacts as contact_log
from aftersales.repairs import quotes, service
from aftersales.repairs.access import get_repair_for
from aftersales.repairs.fields import Field, require_field, visible_fields
from aftersales.repairs.intake import Intake, OwnerDetails, open_repair
from aftersales.repairs.models import Contact, Quote
from aftersales.repairs.present import event_read, repair_read
from aftersales.repairs.queries import (
    COUNT_CAP,
    RepairFilter,
    TermsCache,
    events_of,
    list_repairs,
)
from aftersales.repairs.schemas import (
    ContactIn,
    ContactRead,
    EventRead,
    NoteIn,
    QuoteDecisionIn,
    QuoteIn,
    QuoteRead,
    QuoteWithdrawIn,
    RepairCreate,
    RepairPage,
    RepairRead,
    SentRead,
    TransitionIn,
)
from aftersales.repairs.sent import messages_about
from aftersales.warranty.schemas import WarrantyDecisionIn

router = APIRouter(prefix="/repairs", tags=["repairs"])


@router.post("", response_model=RepairRead, status_code=201)
def create_repair(
    body: RepairCreate, user: User, lang: AnswerLanguage, session: DbSession, now: Now, idem: Idem
) -> RepairRead:
    """Open a repair: at a shop's counter, as a walk-in at a centre, or online by the owner."""

    def work() -> RepairRead:
        data = body.model_dump(exclude={"owner"})
        owner = OwnerDetails(**body.owner.model_dump()) if body.owner else None
        repair = open_repair(session, user, Intake(**data, owner=owner), now)
        return repair_read(repair, user, now, TermsCache(session), lang=lang)

    return idem.once(session, user, body, now, work, RepairRead)


@router.get("", response_model=RepairPage)
def list_all(
    user: User,
    lang: AnswerLanguage,
    session: DbSession,
    now: Now,
    status: str | None = None,
    q: str | None = Query(None, max_length=100),
    centre_id: int | None = None,
    shop_id: int | None = None,
    brand_id: int | None = None,
    open_only: bool = False,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=COUNT_CAP),
    cursor: str | None = Query(None, max_length=200, description="next_cursor of a page"),
) -> RepairPage:
    """List the repairs the caller may see, newest first; search by code, IMEI or owner.

    Page with `cursor` (the previous page's `next_cursor`) to go deep; `offset` reaches the
    first 10,000. `total` counts up to 10,000 (`total_capped` says there are more).
    """
    f = RepairFilter(
        status=status,
        q=q,
        centre_id=centre_id,
        shop_id=shop_id,
        brand_id=brand_id,
        open_only=open_only,
    )
    found = list_repairs(session, user, f, limit, offset, cursor)
    terms = TermsCache(session)
    return RepairPage(
        items=[repair_read(r, user, now, terms, listed=True, lang=lang) for r in found.rows],
        total=found.total,
        total_capped=found.capped,
        limit=limit,
        offset=offset,
        next_cursor=found.next_cursor,
    )


@router.get("/{code}", response_model=RepairRead)
def get_one(
    code: str, user: User, lang: AnswerLanguage, session: DbSession, now: Now
) -> RepairRead:
    """Return one repair (for the centre's staff, with what the warranty decision rests on;
    for staff, with the loaner phones and the owner's offline days)."""
    repair = get_repair_for(session, user, code)
    terms = TermsCache(session)
    return repair_read(repair, user, now, terms, with_warranty=True, with_loaners=True, lang=lang)


@router.post("/{code}/transitions", response_model=RepairRead)
def move(
    code: str,
    body: TransitionIn,
    user: User,
    lang: AnswerLanguage,
    session: DbSession,
    now: Now,
    idem: Idem,
) -> RepairRead:
    """Move the repair to another status; 409 names the allowed ones or a newer version."""
    repair = get_repair_for(session, user, code, lock=True)

    def work() -> RepairRead:
        b = body
        service.transition(
            session,
            user,
            repair,
            b.to_status,
            now,
            version=b.version,
            note=b.note,
            internal_note=b.internal_note,
            outcome=b.outcome,
            loaner_back=b.loaner_back,
        )
        return repair_read(repair, user, now, TermsCache(session), lang=lang)

    return idem.once(session, user, body, now, work, RepairRead, status_code=200)


@router.get("/{code}/events", response_model=list[EventRead])
def history(code: str, user: User, session: DbSession) -> list[EventRead]:
    """Return the repair's history, as much of it as the caller's role reads."""
    repair = get_repair_for(session, user, code)
    events = events_of(session, repair, public_only=Field.staff_events not in visible_fields(user))
    return [event_read(e, user) for e in events]


@router.post("/{code}/notes", response_model=EventRead, status_code=201)
def add_note(
    code: str, body: NoteIn, user: User, session: DbSession, now: Now, idem: Idem
) -> EventRead:
    """Add a public note (the explanation for the owner) or an internal one."""
    repair = get_repair_for(session, user, code, lock=True)

    def work() -> EventRead:
        event = service.add_note(session, user, repair, now, text=body.text, public=body.public)
        return event_read(event, user)

    return idem.once(session, user, body, now, work, EventRead)


@router.post("/{code}/warranty-decision", response_model=RepairRead)
def decide_warranty(
    code: str,
    body: WarrantyDecisionIn,
    user: User,
    lang: AnswerLanguage,
    session: DbSession,
    now: Now,
) -> RepairRead:
    """Record covered / not covered and the reason the owner reads."""
    repair = get_repair_for(session, user, code, lock=True)
    service.decide_warranty(
        session, user, repair, now, decision=body.decision, reason=body.reason, version=body.version
    )
    return repair_read(repair, user, now, TermsCache(session), lang=lang)


@router.post("/{code}/quote", response_model=QuoteRead, status_code=201)
def make_quote(
    code: str, body: QuoteIn, user: User, session: DbSession, now: Now, idem: Idem
) -> QuoteRead:
    """Quote out-of-warranty work; the repair waits for the owner's approval."""
    repair = get_repair_for(session, user, code, lock=True)

    def work() -> QuoteRead:
        b = body
        quote = quotes.make_quote(
            session,
            user,
            repair,
            now,
            amount_minor=b.amount_minor,
            currency=b.currency,
            description=b.description,
            next_status=b.next_status,
            version=b.version,
        )
        return QuoteRead.model_validate(quote)

    return idem.once(session, user, body, now, work, QuoteRead)


@router.get("/{code}/quotes", response_model=list[QuoteRead])
def list_quotes(code: str, user: User, session: DbSession) -> list[Quote]:
    """List the repair's quotes."""
    return quotes.quotes_of(session, get_repair_for(session, user, code))


@router.post("/{code}/quote/decision", response_model=QuoteRead)
def decide_quote(
    code: str, body: QuoteDecisionIn, user: User, session: DbSession, now: Now
) -> Quote:
    """Approve or decline the waiting quote."""
    repair = get_repair_for(session, user, code, lock=True)
    return quotes.decide_quote(
        session, user, repair, now, approve=body.approve, told_by=body.told_by
    )


@router.post("/{code}/quote/withdraw", response_model=QuoteRead)
def withdraw_quote(
    code: str, body: QuoteWithdrawIn, user: User, session: DbSession, now: Now
) -> Quote:
    """Withdraw the waiting quote with a reason the owner reads; back to diagnosing."""
    repair = get_repair_for(session, user, code, lock=True)
    return quotes.withdraw_quote(
        session, user, repair, now, reason=body.reason, version=body.version
    )


@router.post("/{code}/contacts", response_model=ContactRead, status_code=201)
def log_contact(
    code: str, body: ContactIn, user: User, session: DbSession, now: Now, idem: Idem
) -> ContactRead:
    """Record that the owner or the shop asked where the repair stands."""
    repair = get_repair_for(session, user, code)

    def work() -> ContactRead:
        contact = contact_log.record_contact(
            session, user, repair, now, channel=body.channel, who=body.who, note=body.note
        )
        return ContactRead.model_validate(contact)

    return idem.once(session, user, body, now, work, ContactRead)


@router.get("/{code}/contacts", response_model=list[ContactRead])
def list_contacts(code: str, user: User, session: DbSession) -> list[Contact]:
    """List the contacts logged for the repair (the roles that read the contact log)."""
    repair = get_repair_for(session, user, code)
    require_field(user, Field.contact_log)
    return contact_log.contacts_of(session, repair)


@router.get("/{code}/messages", response_model=list[SentRead])
def list_messages(code: str, user: User, session: DbSession) -> list[SentRead]:
    """List what was told about the repair, newest first (its staff: "did you tell me?")."""
    repair = get_repair_for(session, user, code)
    require_field(user, Field.messages)
    return [SentRead(**vars(m)) for m in messages_about(session, user, repair)]
