"""HTML pages of the counter: intake, and the counter's forms and prints of a repair."""

from fastapi import APIRouter

from aftersales.counter import sections  # noqa: F401 - registers the repair page's section
from aftersales.counter.pages import fixes, intake, repair
from aftersales.counter.words import ACCESSORY_WORDS, ID_KIND_WORDS, LOCK_WORDS, WHO_COLLECTS
from aftersales.http.pages import register_words

register_words(
    ACCESSORIES=ACCESSORY_WORDS,
    SCREEN_LOCKS=LOCK_WORDS,
    WHO_COLLECTS=WHO_COLLECTS,
    ID_KINDS=ID_KIND_WORDS,
)

router = APIRouter(include_in_schema=False)
for module in (intake, fixes, repair):
    router.include_router(module.router)
