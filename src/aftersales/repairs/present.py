"""Shape repairs, their SLA clocks, warranty facts and events for the API."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from aftersales.accounts.models import Account
from aftersales.kernel.language import translate
from aftersales.repairs.access import reads_staff_wording, sides_of
from aftersales.repairs.coverage import warranty_facts
from aftersales.repairs.fields import Field, visible_fields
from aftersales.repairs.loaners import loaner_owed, loaners_of, offline_of
from aftersales.repairs.models import RepairEvent, RepairOrder
from aftersales.repairs.queries import TermsCache
from aftersales.repairs.schemas import (
    EventRead,
    ExpectedInputsRead,
    OwnerContactRead,
    RepairRead,
    WarrantyFactsRead,
)
from aftersales.repairs.schemas_work import LoanerRead, OfflineRead
from aftersales.repairs.states import Status, allowed_next, allowed_next_for, label
from aftersales.repairs.timing import clock_for, current_estimate, stored_estimate
from aftersales.sla.clock import SlaClock, SlaTerms
from aftersales.sla.schemas import SlaClockRead


def clock_read(
    clock: SlaClock, terms: SlaTerms, repair: RepairOrder, *, stored: bool = False
) -> SlaClockRead:
    """Shape a repair's SLA clock; `stored`: with the state and due date the lists sort on."""
    return SlaClockRead(
        state=repair.sla_state if stored else clock.state,
        elapsed_days=clock.elapsed_days,
        paused_days=clock.paused_days,
        target_days=terms.target_days,
        due_date=repair.sla_due_date if stored else clock.due_date,
        loaner_owed=loaner_owed(clock.loaner_owed, repair.loaner_given),
        paused=clock.paused,
    )


def warranty_read(session: Session, repair: RepairOrder) -> WarrantyFactsRead:
    """Shape the facts of a warranty decision."""
    facts = warranty_facts(session, repair)
    cov = facts.coverage
    return WarrantyFactsRead(
        purchase_date=facts.purchase_date,
        judged_on=facts.judged_on,
        covered=cov.covered,
        kind=cov.kind,
        end_date=cov.end_date,
        maker_end_date=cov.maker_end_date,
        legal_end_date=cov.legal_end_date,
        maker_months=cov.maker_months,
        legal_months=cov.legal_months,
        terms=cov.terms,
    )


def repair_read(
    repair: RepairOrder,
    actor: Account,
    now: datetime,
    terms: TermsCache,
    *,
    lang: str,
    with_warranty: bool = False,
    with_loaners: bool = False,
    listed: bool = False,
) -> RepairRead:
    """Shape a repair order for a signed-in caller: the fields their role reads, others null.

    `lang`: the language of the words (the status label), as of the caller's error answers.

    `with_warranty`: add the facts of the warranty decision for those who read them (one
    repair's read only: the policy costs a query per repair); `with_loaners` likewise the
    loaner phones and the owner's offline days.
    Lists pass `listed`: the SLA state and due date are then the stored read model the
    lists filter and sort on (repairs.sla_state), and the expected dates the stored ones
    (kept by every move and the nightly job), so an item agrees with its list and a page
    costs the same few queries whatever it holds; one repair's own answer recomputes a
    passed expected date.
    """
    fields = visible_fields(actor)
    status = Status(repair.status)
    expected = stored_estimate(repair) if listed else current_estimate(terms.session, repair, now)
    sides = sides_of(actor, repair)
    nxt = allowed_next(status) if sides is None else allowed_next_for(status, sides)
    return RepairRead(
        code=repair.code,
        status=status,
        status_label=translate(lang, label(status, staff=reads_staff_wording(actor))),
        allowed_next=[str(s) for s in nxt],
        outcome=repair.outcome,
        channel=repair.channel,
        imei=repair.phone.imei if Field.imei in fields else None,
        brand=repair.model.brand.name,
        model=repair.model.name,
        fault_category=repair.fault_category,
        problem=repair.problem,
        condition_notes=repair.condition_notes if Field.condition_notes in fields else None,
        shop_id=repair.shop_id,
        shop=repair.shop.name if repair.shop else None,
        centre_id=repair.centre_id,
        centre=repair.centre.name,
        country=repair.country,
        owner_id=repair.owner_id if Field.owner_id in fields else None,
        contact=OwnerContactRead(
            name=repair.contact_name,
            email=repair.contact_email,
            phone_number=repair.contact_phone,
        )
        if Field.contact in fields
        else None,
        warranty_decision=repair.warranty_decision,
        warranty_reason=repair.warranty_reason,
        dropoff_date=repair.dropoff_date,
        expected_date=expected.likely,
        expected_low_date=expected.low,
        expected_high_date=expected.high,
        expected_basis=expected.basis,
        expected_inputs=ExpectedInputsRead(
            method=expected.method,
            samples=expected.samples,
            group=expected.group,
            step=expected.step,
            parts_date=expected.parts_date,
            target_days=expected.target_days,
        ),
        sla=_clock(repair, terms(repair), now, listed) if Field.sla in fields else None,
        received_at=repair.received_at,
        ready_at=repair.ready_at,
        closed_at=repair.closed_at,
        tat_workdays=repair.tat_workdays,
        created_at=repair.created_at,
        updated_at=repair.updated_at,
        version=repair.version,
        warranty=warranty_read(terms.session, repair)
        if with_warranty and Field.warranty in fields
        else None,
        assignee=repair.assigned_to.name
        if Field.assignee in fields and repair.assigned_to is not None
        else None,
        **(
            _loaners(terms.session, repair, now) if with_loaners and Field.loaners in fields else {}
        ),
    )


def _loaners(session: Session, repair: RepairOrder, now: datetime) -> dict[str, object]:
    """Return the loaner phones given for a repair and the owner's offline days."""
    loans = loaners_of(session, repair)
    days = offline_of(repair, loans, now)
    return {
        "loaners": [LoanerRead.model_validate(loan) for loan in loans],
        "offline": OfflineRead(
            days_without_phone=days.without_phone,
            days_with_loaner=days.with_loaner,
            offline_days=days.offline,
            counting=days.counting,
        ),
    }


def _clock(repair: RepairOrder, terms: SlaTerms, now: datetime, listed: bool) -> SlaClockRead:
    """Return the SLA clock: in lists with the stored state and due date they sort on."""
    return clock_read(clock_for(repair, terms, now), terms, repair, stored=listed)


def event_read(event: RepairEvent, viewer: Account) -> EventRead:
    """Shape a repair event with the parts the viewer's role reads (repairs/fields.py)."""
    fields = visible_fields(viewer)
    hidden: dict[str, object] = {}
    if Field.internal_notes not in fields:  # a public step may carry a note for staff only
        hidden["internal_note"] = None
    if Field.event_accounts not in fields:
        hidden["actor_id"] = None
        if event.type == "owner_changed":
            hidden["data"] = {}
        if event.type == "assigned":  # the names stay: staff read who took it
            hidden["data"] = {k: v for k, v in event.data.items() if not k.endswith("_id")}
    read = EventRead.model_validate(event)
    return read.model_copy(update=hidden) if hidden else read
