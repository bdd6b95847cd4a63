"""HTML pages: server-rendered, in the visitor's language, on the same services as the API."""

from fastapi import APIRouter

from aftersales.web.pages import brand, centre, hooks, owner, public, repair, shop, unsubscribe

router = APIRouter(include_in_schema=False)
for module in (public, owner, repair, shop, centre, brand, hooks, unsubscribe):
    router.include_router(module.router)
