"""JSON routes of repairs: repair orders, then SLA boards and reports.

Public tracking (`track`) is listed apart: the app matches it before every other route and
serves its busiest path as a plain Starlette route (`track.fast_track`).
"""

from fastapi import APIRouter

from aftersales.repairs.api import orders, reports

router = APIRouter()
for module in (orders, reports):
    router.include_router(module.router)
