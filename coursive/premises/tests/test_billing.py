"""Paid bookings feed invoicing: one draft per organisation and month, never twice, all or nothing; the
owners of member-owned equipment see what they are owed. Pages tried by the coordination, members, another
cluster and anonymous visitors."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from coursive.invoicing.models import Invoice
from coursive.invoicing.services import invoice_draft_delete, invoice_issue
from coursive.invoicing.tests.factories import seller_for
from coursive.premises import billing, services
from coursive.premises.calendar import PARIS, public_holiday
from coursive.premises.models import Booking, CommissionRate, Resource
from coursive.premises.takings import booking_takings

from .conftest import membership
from .factories import ResourceFactory

pytestmark = pytest.mark.django_db


def workday_of(year: int, month: int) -> date:
    """A Tuesday to Thursday of the month that is no public holiday, at least a week after its start."""
    day = date(year, month, 8)
    while day.weekday() not in (1, 2, 3) or public_holiday(day):
        day += timedelta(days=1)
    return day


def moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS)


@pytest.fixture
def past_day():
    """A working day two months ago, so pages (which use the real clock) see its bookings as over."""
    today = timezone.localdate()
    first = (today.replace(day=1) - timedelta(days=40)).replace(day=1)
    return workday_of(first.year, first.month)


def book(resource, user, cluster, day: date, start: int, end: int, **extra) -> Booking:
    return services.booking_create(
        resource=resource,
        membership=membership(user, cluster),
        starts_at=moment(day, start),
        ends_at=moment(day, end),
        now=moment(day, 0) - timedelta(days=3),
        **extra,
    )


def invoice_month(cluster, day: date, **extra):
    return billing.bookings_invoice_month(
        cluster=cluster, year=day.year, month=day.month, now=moment(day, 0) + timedelta(days=40), **extra
    )


@pytest.fixture
def month_bookings(room, cluster, past_day, member_staff, outsider_admin, resident):
    """Two bookings of Compagnie La Mouette, one of Studio Grand Angle and one of a resident."""
    room.open_to_residents = True
    room.save()
    return {
        "own": [
            book(room, member_staff, cluster, past_day, 9, 11, title="Réunion de production"),
            book(room, member_staff, cluster, past_day + timedelta(days=1), 14, 15),
        ],
        "other": book(room, outsider_admin, cluster, past_day, 14, 18),
        "resident": book(room, resident, cluster, past_day, 18, 19),
    }


def test_the_months_ended_bookings_become_one_draft_per_organisation(
    cluster, month_bookings, own_organisation, other_organisation, coordinator, past_day
):
    invoices = invoice_month(cluster, past_day, created_by=coordinator)

    assert {invoice.customer.organisation for invoice in invoices} == {own_organisation, other_organisation}
    own = next(i for i in invoices if i.customer.organisation == own_organisation)
    assert own.status == "draft" and own.created_by == coordinator
    lines = list(own.lines.order_by("position"))
    assert [(line.quantity, line.unit, line.unit_price_excl_tax, line.vat_rate) for line in lines] == [
        (Decimal("1.000"), "réservation", Decimal("40.00"), Decimal("20.00")),
        (Decimal("1.000"), "réservation", Decimal("20.00"), Decimal("20.00")),
    ]
    first = month_bookings["own"][0]
    assert lines[0].label.startswith(f"{first.resource.name} — ")
    assert "09:00-11:00 (2 h)" in lines[0].label and lines[0].label.endswith("— Réunion de production")
    assert lines[0].source == f"premises:booking:{first.pk}" and lines[0].nature == "services"
    assert own.total_excl_tax == Decimal("60.00") and own.total_incl_tax == Decimal("72.00")
    assert own.sale_date == past_day + timedelta(days=1)
    assert set(Booking.objects.filter(invoice=own)) == set(month_bookings["own"])
    resident_booking = Booking.objects.get(pk=month_bookings["resident"].pk)
    assert resident_booking.invoice is None


def test_bookings_without_an_organisation_are_left_out_and_listed(cluster, month_bookings, past_day):
    result = billing.month_billing(
        cluster=cluster,
        year=past_day.year,
        month=past_day.month,
        now=moment(past_day, 0) + timedelta(days=40),
    )

    assert [booking.pk for booking in result.left_out] == [month_bookings["resident"].pk]
    assert [bill.total_excl_tax for bill in result.to_invoice] == [
        Decimal("60.00"),
        Decimal("60.00"),
    ]  # 14:00-18:00 is a half-day


def test_invoicing_the_month_twice_invoices_nothing_more(cluster, month_bookings, past_day):
    first = invoice_month(cluster, past_day)

    again = invoice_month(cluster, past_day)

    assert len(first) == 2 and again == []
    assert Invoice.objects.filter(cluster=cluster).count() == 2


def test_a_booking_a_coworking_plan_pays_for_is_not_invoiced(cluster, month_bookings, past_day):
    Booking.objects.filter(pk=month_bookings["other"].pk).update(prepaid=True)

    invoices = invoice_month(cluster, past_day)

    assert len(invoices) == 1
    assert Booking.objects.get(pk=month_bookings["other"].pk).invoice is None


def test_a_deleted_draft_frees_its_bookings_for_the_next_run(cluster, month_bookings, past_day):
    for invoice in invoice_month(cluster, past_day):
        invoice_draft_delete(invoice=invoice)

    redone = invoice_month(cluster, past_day)

    assert len(redone) == 2
    assert Booking.objects.filter(invoice__isnull=False).count() == 3


def test_a_booking_not_over_yet_waits_for_a_later_run(room, cluster, member_staff, past_day):
    booking = book(room, member_staff, cluster, past_day, 10, 12)

    early = billing.bookings_invoice_month(
        cluster=cluster, year=past_day.year, month=past_day.month, now=moment(past_day, 11)
    )
    later = invoice_month(cluster, past_day)

    assert early == [] and len(later) == 1
    booking.refresh_from_db()
    assert booking.invoice == later[0]


def test_a_late_cancellation_fee_is_invoiced_and_a_free_cancellation_is_not(
    room, cluster, member_staff, past_day
):
    late = book(room, member_staff, cluster, past_day, 10, 12)
    free = book(room, member_staff, cluster, past_day, 14, 16)
    who = membership(member_staff, cluster)
    services.booking_cancel(booking=late, membership=who, now=moment(past_day, 8))
    services.booking_cancel(booking=free, membership=who, now=moment(past_day, 8) - timedelta(days=2))

    [invoice] = invoice_month(cluster, past_day)

    [line] = invoice.lines.all()
    assert line.unit_price_excl_tax == Decimal("20.00")  # half of 40 € under the default policy
    assert line.label.startswith("Frais d'annulation tardive : ")
    assert Booking.objects.get(pk=free.pk).invoice is None


def test_an_invoiced_booking_can_no_longer_be_cancelled(room, cluster, member_staff, past_day):
    booking = book(room, member_staff, cluster, past_day, 10, 12)
    invoice_month(cluster, past_day)

    with pytest.raises(services.BookingError) as refusal:
        services.booking_cancel(
            booking=booking, membership=membership(member_staff, cluster), now=moment(past_day, 9)
        )

    assert "déjà facturée" in refusal.value.messages[0]
    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.CONFIRMED


def test_an_organisation_that_cannot_be_invoiced_stops_the_whole_month(
    cluster, month_bookings, other_organisation, past_day
):
    other_organisation.siret = ""
    other_organisation.save()

    with pytest.raises(ValidationError) as refusal:
        invoice_month(cluster, past_day)

    message = refusal.value.messages[0]
    assert "« Studio Grand Angle » ne peut pas être facturée" in message
    assert "SIREN" in message and "aucune facture n'a été créée" in message
    assert not Invoice.objects.exists()
    assert not Booking.objects.filter(invoice__isnull=False).exists()


def test_the_owner_of_member_equipment_sees_its_share_after_the_commission(
    cluster, other_organisation, member_staff, past_day
):
    CommissionRate.objects.create(cluster=cluster, rate_percent=Decimal("10"), valid_from=date(2020, 1, 1))
    camera = ResourceFactory(
        cluster=cluster, kind=Resource.Kind.EQUIPMENT, name="Caméra", owner_organisation=other_organisation
    )
    used = book(camera, member_staff, cluster, past_day, 9, 11)
    cancelled = book(camera, member_staff, cluster, past_day, 14, 16)
    services.booking_cancel(
        booking=cancelled, membership=membership(member_staff, cluster), now=moment(past_day, 13)
    )

    result = billing.month_billing(
        cluster=cluster,
        year=past_day.year,
        month=past_day.month,
        now=moment(past_day, 0) + timedelta(days=40),
    )

    [statement] = result.owners
    assert statement.owner == other_organisation
    assert {b.pk for b in statement.bookings} == {used.pk, cancelled.pk}
    assert statement.fees_excl_tax == Decimal("60.00")  # 40 € of use, 20 € of late-cancellation fee
    assert statement.commission_excl_tax == Decimal("6.00")
    assert statement.owner_share_excl_tax == Decimal("54.00")


# Pages and command -------------------------------------------------------------------------------------


def url(name, cluster):
    return reverse(f"premises:{name}", kwargs={"cluster_slug": cluster.slug})


def test_the_coordinator_invoices_the_month_from_the_page(
    client, cluster, coordinator, month_bookings, past_day
):
    client.force_login(coordinator)
    page = client.get(url("billing", cluster), {"mois": f"{past_day:%Y-%m}"})
    assert page.status_code == 200
    assert "Compagnie La Mouette" in page.content.decode() and "Non facturées ici" in page.content.decode()

    response = client.post(url("billing", cluster), {"mois": f"{past_day:%Y-%m}"})

    assert response.status_code == 302 and response.url.endswith(f"?mois={past_day:%Y-%m}")
    assert Invoice.objects.filter(cluster=cluster, status="draft").count() == 2
    client.post(url("billing", cluster), {"mois": f"{past_day:%Y-%m}"})
    assert Invoice.objects.filter(cluster=cluster).count() == 2


@pytest.mark.parametrize("who", ["member_admin", "member_staff", "outsider_admin", "resident", "buyer"])
def test_only_the_coordinator_may_invoice_bookings(client, cluster, month_bookings, past_day, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url("billing", cluster)).status_code == 403
    assert client.get(url("billing_csv", cluster)).status_code == 403
    assert client.post(url("billing", cluster), {"mois": f"{past_day:%Y-%m}"}).status_code == 403
    assert not Invoice.objects.exists()


def test_another_cluster_and_anonymous_visitors_get_nothing(
    client, cluster, stranger, month_bookings, past_day
):
    assert client.post(url("billing", cluster), {"mois": f"{past_day:%Y-%m}"}).status_code == 302
    client.force_login(stranger)
    assert client.post(url("billing", cluster), {"mois": f"{past_day:%Y-%m}"}).status_code == 404
    assert client.get(url("billing_csv", cluster)).status_code == 404
    assert not Invoice.objects.exists()


def test_a_member_sees_its_booking_marked_invoiced(
    client, cluster, coordinator, member_staff, month_bookings, past_day
):
    seller_for(cluster)
    booking = month_bookings["own"][0]
    detail = reverse(
        "premises:booking_detail", kwargs={"cluster_slug": cluster.slug, "booking_id": booking.pk}
    )
    [own, _other] = sorted(invoice_month(cluster, past_day), key=lambda i: i.customer.name)
    client.force_login(member_staff)
    assert "Facture en préparation" in client.get(detail).content.decode()

    issued = invoice_issue(invoice=own, issued_by=coordinator)

    page = client.get(detail).content.decode()
    assert f"Facturée : facture {issued.number}" in page
    invoice_page = reverse("invoicing:detail", kwargs={"cluster_slug": cluster.slug, "invoice_id": issued.pk})
    assert invoice_page in page and client.get(invoice_page).status_code == 200


def test_the_page_and_export_show_what_customers_are_billed_and_owners_are_owed(
    client, cluster, coordinator, other_organisation, member_staff, past_day
):
    CommissionRate.objects.create(cluster=cluster, rate_percent=Decimal("12.5"), valid_from=date(2020, 1, 1))
    camera = ResourceFactory(
        cluster=cluster, kind=Resource.Kind.EQUIPMENT, name="Caméra", owner_organisation=other_organisation
    )
    book(camera, member_staff, cluster, past_day, 9, 11)
    client.force_login(coordinator)

    page = client.get(url("billing", cluster), {"mois": f"{past_day:%Y-%m}"}).content.decode()
    response = client.get(url("billing_csv", cluster), {"mois": f"{past_day:%Y-%m}"})

    assert (
        "Studio Grand Angle : 35,00 € HT dus (40,00 € HT de frais d'usage, 5,00 € HT de commission)" in page
    )
    text = response.content.decode("utf-8-sig")
    header, row = text.strip().splitlines()
    assert header.startswith("N°;Ressource;")
    assert row.split(";")[1] == "Caméra" and row.split(";")[-3:] == ["Studio Grand Angle", "35,00", "5,00"]


@given(
    fee=st.decimals(min_value=0, max_value=100_000, places=2),
    rate=st.decimals(min_value=0, max_value=100, places=2),
)
def test_the_owner_never_gets_more_than_the_fee_nor_less_than_nothing(fee, rate):
    owned = Resource(owner_organisation_id=1)
    cancelled = Booking(
        resource=owned, status=Booking.Status.CANCELLED, cancellation_fee_excl_tax=fee, commission_rate=rate
    )

    takings = booking_takings(cancelled)

    assert Decimal(0) <= takings.owner_share_excl_tax <= fee
    assert abs(takings.owner_share_excl_tax - fee * (100 - rate) / 100) <= Decimal("0.005")
    assert takings.owner_share_excl_tax + takings.commission_excl_tax == takings.billed_excl_tax == fee


def test_the_command_invoices_the_month_for_cron(cluster, month_bookings, past_day, capsys):
    call_command("invoice_bookings", month=f"{past_day:%Y-%m}", cluster=cluster.slug)
    call_command("invoice_bookings", month=f"{past_day:%Y-%m}", cluster=cluster.slug)

    assert Invoice.objects.filter(cluster=cluster).count() == 2
    out = capsys.readouterr().out
    assert "2 factures brouillons" in out and "0 factures brouillons" in out


def test_the_command_refuses_a_bad_month_and_reports_a_customer_it_cannot_invoice(
    cluster, month_bookings, other_organisation, past_day
):
    with pytest.raises(CommandError, match="Mois invalide"):
        call_command("invoice_bookings", month="2026-13")
    other_organisation.street = ""
    other_organisation.save()

    with pytest.raises(CommandError, match="Rien n'a été facturé"):
        call_command("invoice_bookings", month=f"{past_day:%Y-%m}")

    assert not Invoice.objects.exists()


def test_the_coordinator_sees_the_draft_from_the_booking(
    client, cluster, coordinator, month_bookings, past_day
):
    invoice_month(cluster, past_day)
    client.force_login(coordinator)
    booking = month_bookings["own"][0]
    detail = reverse(
        "premises:booking_detail", kwargs={"cluster_slug": cluster.slug, "booking_id": booking.pk}
    )

    assert "Facturée : facture brouillon" in client.get(detail).content.decode()
