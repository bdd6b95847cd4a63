"""HTML pages: server-rendered, in the visitor's language, on the same services as the API."""

from fastapi import APIRouter

from aftersales.http.pages import register_words
from aftersales.web.pages import (
    brand,
    owner,
    words,
)

register_words(**{k: v for k, v in vars(words).items() if k.isupper()})

router = APIRouter(include_in_schema=False)
for module in (owner, brand):
    router.include_router(module.router)
