"""HTML pages: server-rendered, in the visitor's language, on the same services as the API."""

from fastapi import APIRouter

from aftersales.http.pages import register_globals, register_words
from aftersales.repairs.states import LABELS, STAFF_LABELS
from aftersales.web.pages import (
    centre,
    owner,
    public,
    repair,
    shop,
    words,
)

register_words(**{k: v for k, v in vars(words).items() if k.isupper()})
# shop and centre pages tell staff about the owner: their own wording of the statuses
register_globals(status_labels=LABELS, staff_labels=STAFF_LABELS)

router = APIRouter(include_in_schema=False)
for module in (public, owner, repair, shop, centre):
    router.include_router(module.router)
