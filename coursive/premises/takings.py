"""What a booking brings in, excl. VAT, and to whom: one rule for the month's invoicing and owners' statements
(`billing`) and for the yearly figures (`selectors.revenue_by_month`), so the two cannot disagree. No query:
the caller loads the bookings with their resource.

A confirmed booking brings its price, a cancelled one its late-cancellation fee. Pending and refused
requests, maintenance blocks and bookings a coworking plan pays for (`prepaid`) bring nothing per booking: the
plan is invoiced with the leases. On equipment a member owns, the owner's share of a price is the one fixed
when it was booked; of a fee, the fee less the commission at the rate fixed when it was booked."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from .models import ZERO, Booking
from .pricing import cents

# The bookings that bring something, as a database filter matching `booking_takings` (amounts of zero left out).
CHARGEABLE = Q(kind=Booking.Kind.BOOKING, prepaid=False) & (
    Q(status=Booking.Status.CONFIRMED, amount_excl_tax__gt=0)
    | Q(status=Booking.Status.CANCELLED, cancellation_fee_excl_tax__gt=0)
)

# What `booking_takings` reads of a booking, for a caller that loads no more (with its resource's owner).
TAKINGS_FIELDS = (
    "kind",
    "status",
    "prepaid",
    "amount_excl_tax",
    "owner_share_excl_tax",
    "cancellation_fee_excl_tax",
    "commission_rate",
)


@dataclass(frozen=True)
class Takings:
    """What the customer is billed, split between the owner of member-owned equipment and the cluster's
    commission on it. On the cluster's own resources both parts are zero: the cluster keeps everything."""

    billed_excl_tax: Decimal = ZERO
    owner_share_excl_tax: Decimal = ZERO
    commission_excl_tax: Decimal = ZERO


NOTHING = Takings()


def booking_takings(booking: Booking) -> Takings:
    if booking.kind != Booking.Kind.BOOKING or booking.prepaid:
        return NOTHING
    if booking.status == Booking.Status.CONFIRMED:
        billed, owner_share = booking.amount_excl_tax, booking.owner_share_excl_tax
    elif booking.status == Booking.Status.CANCELLED:
        billed = booking.cancellation_fee_excl_tax
        # The cluster keeps the same rate of a fee as of a price.
        owner_share = billed - cents(billed * booking.commission_rate / 100)
    else:
        return NOTHING
    if booking.resource.owner_organisation_id is None:
        return Takings(billed)
    return Takings(billed, owner_share, billed - owner_share)
