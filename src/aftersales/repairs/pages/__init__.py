"""HTML pages of repairs: home and tracking, the owner's, the repair's, the shop's, the centre's."""

from fastapi import APIRouter

from aftersales.http.pages import register_globals, register_words
from aftersales.repairs.pages import (
    centre,
    owner,
    public,
    quote,
    repair,
    repair_forms,
    shop,
    stock,
    work,
)
from aftersales.repairs.states import LABELS, STAFF_LABELS
from aftersales.repairs.words import (
    CHANNELS,
    CONTACT_CHANNELS,
    FAULTS,
    MESSAGE_CHANNELS,
    MESSAGE_KINDS,
    OUTCOMES,
    QUOTE_STATES,
    RECIPIENTS,
    SLA_STATES,
    WARRANTY,
)

register_words(
    FAULTS=FAULTS,
    SLA_STATES=SLA_STATES,
    QUOTE_STATES=QUOTE_STATES,
    OUTCOMES=OUTCOMES,
    CHANNELS=CHANNELS,
    WARRANTY=WARRANTY,
    CONTACT_CHANNELS=CONTACT_CHANNELS,
    MESSAGE_KINDS=MESSAGE_KINDS,
    RECIPIENTS=RECIPIENTS,
    MESSAGE_CHANNELS=MESSAGE_CHANNELS,
)
# shop and centre pages tell staff about the owner: their own wording of the statuses
register_globals(status_labels=LABELS, staff_labels=STAFF_LABELS)

router = APIRouter(include_in_schema=False)
for module in (public, owner, repair, repair_forms, work, quote, shop, centre, stock):
    router.include_router(module.router)
