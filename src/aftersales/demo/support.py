"""The demo's support commitments: Vsmart's exit and promise, the EU minimums and a longer one.

Vsmart (VinSmart) left the phone market on 9 May 2021 and promised warranty, repair, spare
parts and software updates until the day customers no longer use the product. Nothing here
is drawn at random: loading it changes none of the demo's random draws.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from aftersales.catalog.models import Brand
from aftersales.kernel.actors import SYSTEM
from aftersales.support.commitments import CommitmentFields, TermInput, set_commitment
from aftersales.support.exits import ExitFields, set_exit

VSMART_LEFT = date(2021, 5, 9)
VSMART_SAYS = ExitFields(
    VSMART_LEFT,
    statement_en="Vsmart will keep providing warranty, repair, spare parts and software updates "
    "for its phones until the day customers no longer use the product.",
    statement_vi="Vsmart tiếp tục bảo hành, sửa chữa, cung cấp linh kiện và cập nhật phần mềm "
    "cho điện thoại của mình cho đến khi khách hàng không còn sử dụng sản phẩm.",
)
VSMART_MODELS = ("Joy 3", "Active 3", "Live 4")
KINDS = ("warranty", "repair", "parts", "updates")
# One Italian model with a promise beyond the EU minimum (7 years of parts and 5 of updates
# after sales end on 30 June 2026): the rest of Italy takes the minimum itself.
MI_9 = {
    "repair": TermInput(date(2034, 6, 30)),
    "parts": TermInput(date(2034, 6, 30)),
    "updates": TermInput(date(2032, 6, 30)),
}


def load_support(
    session: Session, now: datetime, brands: dict[str, Brand], model_ids: dict[str, int]
) -> None:
    """State Vsmart's exit and promises in Vietnam, and Xiaomi's longer promise for the Mi 9."""
    set_exit(session, SYSTEM, brands["vsmart"].id, VSMART_SAYS, now=now)
    while_in_use = CommitmentFields(terms={k: TermInput(in_use=True) for k in KINDS})
    for name in VSMART_MODELS:
        set_commitment(session, SYSTEM, model_ids[name], "VN", while_in_use, now=now)
    # A security update every two months at least: the dashboard holds Xiaomi to it.
    longer = CommitmentFields(terms=dict(MI_9), parts_delivery_days=3, security_cadence_days=60)
    set_commitment(session, SYSTEM, model_ids["Mi 9"], "IT", longer, now=now)
