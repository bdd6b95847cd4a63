"""JSON routes of repairs: repair orders, the centre's work on them, SLA boards and reports.

Public tracking (`track`) is listed apart: the app matches it before every other route and
serves its busiest path as a plain Starlette route (`track.fast_track`).
"""

from fastapi import APIRouter

from aftersales.repairs.api import orders, parts, reports, work

router = APIRouter()
for module in (orders, work, parts, reports):
    router.include_router(module.router)
