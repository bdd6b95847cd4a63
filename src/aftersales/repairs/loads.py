"""What a repair is loaded with, written out by each query (the model implies no loading).

Many-to-one joins are cheap in the statement that reads the repairs; without them, a list
pays one statement per distinct phone, model, centre or shop it shows.

The catalogue's own eager collections (a model's TACs, a centre's brands) are left to load
on access: no repair shows them, and each cost a statement per list.
"""

from __future__ import annotations

from sqlalchemy.orm import joinedload

from aftersales.catalog.models import PhoneModel, ServiceCentre
from aftersales.devices.models import Phone
from aftersales.repairs.models import RepairOrder

# The centre: its time zone and working week drive every clock and date.
CLOCK = (joinedload(RepairOrder.centre).lazyload(ServiceCentre.brands),)
# What a message or a board names: model (with its brand), centre, shop.
NAMED = (
    *CLOCK,
    joinedload(RepairOrder.model).lazyload(PhoneModel.tacs),
    joinedload(RepairOrder.shop),
)
# What a repair's page or answer shows: all of the above, the phone (its IMEI) and who
# works on it.
SHOWN = (
    *NAMED,
    joinedload(RepairOrder.assigned_to),
    joinedload(RepairOrder.phone).joinedload(Phone.model).lazyload(PhoneModel.tacs),
)
