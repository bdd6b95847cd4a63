"""The owner's answer to a quote from the e-mail: a signed link, no password needed.

The link is `/quote/<quote id>-<code>`, the code an HMAC of the quote's id and the repair's
tracking code under the server's secret, so nobody makes one without the secret. It answers
only that quote, while it waits, for at most `LIFETIME` after it was made; once answered the
link shows the answer given.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from aftersales.accounts.links import LinkUnusable
from aftersales.accounts.models import Account
from aftersales.kernel.codes import id_token, read_id_token, signed
from aftersales.repairs.models import Quote, RepairOrder

LIFETIME = timedelta(days=30)


def _signed(quote_id: int, repair_code: str) -> str:
    """Return what a quote link's code signs: the quote and its repair's tracking code."""
    return f"quote:{quote_id}:{repair_code}"


def quote_token(secret: str, quote_id: int, repair_code: str) -> str:
    """Return the token of the link that answers this quote."""
    return id_token(secret, quote_id, _signed(quote_id, repair_code))


def open_quote(
    session: Session, secret: str, token: str, now: datetime
) -> tuple[Quote, RepairOrder, Account]:
    """Return the quote of a link, its repair and owner; LinkUnusable if the link is not good."""
    parts = read_id_token(token)
    quote = session.get(Quote, parts[0]) if parts else None
    repair = session.get(RepairOrder, quote.repair_id) if quote is not None else None
    if parts is None or quote is None or repair is None:
        raise LinkUnusable()
    if not signed(secret, parts[1], _signed(quote.id, repair.code)):
        raise LinkUnusable()
    owner = session.get(Account, repair.owner_id) if repair.owner_id else None
    if owner is None or not owner.is_active:
        raise LinkUnusable()
    if quote.status == "pending" and quote.created_at + LIFETIME <= now:
        raise LinkUnusable()
    return quote, repair, owner
