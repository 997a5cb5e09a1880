"""Issue 6's "Done when", end to end: the coordination invoices the month's rents, a group purchase and the
bookings, issues the drafts, a member downloads a Factur-X PDF whose XML validates against the schema, and
the accountant's FEC export balances, per entry and overall. Once through the services, once through the
pages with the test client."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from facturx import get_facturx_xml_from_pdf, xml_check_xsd

from coursive.accounts.models import Membership
from coursive.invoicing import fec, selectors
from coursive.invoicing.models import Invoice, InvoiceStatus
from coursive.invoicing.services import invoice_issue_many
from coursive.leases.services.calls import rent_calls_generate, rent_calls_invoice
from coursive.leases.services.leases import lease_create
from coursive.leases.tests.conftest import lease_fields
from coursive.leases.tests.factories import IndexValueFactory, OfficeFactory, grid_with_reductions
from coursive.premises import services as premises_services
from coursive.premises.billing import bookings_invoice_month
from coursive.premises.calendar import PARIS, public_holiday
from coursive.premises.tests.factories import ResourceFactory
from coursive.purchasing.models import Campaign
from coursive.purchasing.services import campaign_close
from coursive.purchasing.tests.factories import CampaignFactory, NeedFactory, OfferFactory, with_tiers

pytestmark = pytest.mark.django_db
D = Decimal


def _workday_two_months_ago() -> date:
    first = (timezone.localdate().replace(day=1) - timedelta(days=40)).replace(day=1)
    day = first.replace(day=8)
    while day.weekday() not in (1, 2, 3) or public_holiday(day):
        day += timedelta(days=1)
    return day


@pytest.fixture
def month() -> date:
    return timezone.localdate().replace(day=1)


@pytest.fixture
def lease(cluster, own_organisation):
    """Compagnie La Mouette rents office 204, 20 m², from the grid (250 € + 40 € of charges, VAT 20 %)."""
    reference = IndexValueFactory(cluster=cluster, year=2025, quarter=3, value=D("100.00"))
    grid_with_reductions(cluster)
    fields = lease_fields(index_kind="ILAT", reference_index=reference)
    office = OfficeFactory(cluster=cluster, name="Bureau 204")
    return lease_create(cluster=cluster, resource=office, organisation=own_organisation, fields=fields)


@pytest.fixture
def campaign(cluster, own_organisation, other_organisation):
    """Recycled paper, past its deadline: 120 + 90 reams reach the 200 tier (3,80 € HT) of the ESS offer."""
    campaign = CampaignFactory(cluster=cluster)
    offer = OfferFactory(campaign=campaign, delivery_fee=D("30.00"))
    with_tiers(offer, ("50", "4.20"), ("200", "3.80"), ("500", "3.45"))
    NeedFactory(campaign=campaign, organisation=own_organisation, quantity=D(120))
    NeedFactory(campaign=campaign, organisation=other_organisation, quantity=D(90))
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    return campaign


@pytest.fixture
def booking(cluster, member_admin):
    """A two-hour meeting of Compagnie La Mouette two months ago (40 € HT), over and due."""
    day = _workday_two_months_ago()
    room = ResourceFactory(cluster=cluster, name="Salle Verte")
    return premises_services.booking_create(
        resource=room,
        membership=Membership.objects.get(user=member_admin, cluster=cluster),
        starts_at=datetime.combine(day, time(10), tzinfo=PARIS),
        ends_at=datetime.combine(day, time(12), tzinfo=PARIS),
        now=datetime.combine(day, time(0), tzinfo=PARIS) - timedelta(days=3),
    )


def _fec_balances(text: str) -> tuple[Decimal, Decimal]:
    """Every entry of the FEC balances; returns the total debit and credit."""
    header, *rows = text.rstrip("\r\n").split("\r\n")
    columns = header.split("\t")
    debit_at, credit_at, number_at = (
        columns.index("Debit"),
        columns.index("Credit"),
        columns.index("EcritureNum"),
    )
    entries = defaultdict(lambda: [D(0), D(0)])
    for row in rows:
        fields = row.split("\t")
        assert len(fields) == len(columns) == 18
        entry = entries[(fields[0], fields[number_at])]
        entry[0] += D(fields[debit_at].replace(",", "."))
        entry[1] += D(fields[credit_at].replace(",", "."))
    assert entries, "the export holds no entry"
    for key, (debit, credit) in entries.items():
        assert debit == credit, f"entry {key} does not balance: {debit} ≠ {credit}"
    return sum(e[0] for e in entries.values()), sum(e[1] for e in entries.values())


def _assert_valid_facturx(pdf: bytes, invoice: Invoice) -> None:
    _name, xml = get_facturx_xml_from_pdf(pdf)
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert invoice.number.encode() in xml
    assert f"{invoice.total_incl_tax:.2f}".encode() in xml


def test_the_month_invoiced_through_the_services_issues_valid_facturx_and_a_balanced_fec(
    cluster, seller, coordinator, own_organisation, other_organisation, lease, campaign, booking, month
):
    rent_calls_generate(cluster=cluster, month=month)
    assert rent_calls_invoice(cluster=cluster, month=month, created_by=coordinator) == 1
    campaign_close(campaign=campaign, by=coordinator, notify=False)
    [booking_invoice] = bookings_invoice_month(
        cluster=cluster, year=booking.starts_at.year, month=booking.starts_at.month, created_by=coordinator
    )
    drafts = list(Invoice.objects.filter(cluster=cluster, status=InvoiceStatus.DRAFT).order_by("pk"))
    assert len(drafts) == 4  # one rent, two group-purchase shares, one month of bookings

    report = invoice_issue_many(cluster=cluster, invoice_ids=[d.pk for d in drafts], issued_by=coordinator)

    assert not report.refused
    issued = list(Invoice.objects.filter(cluster=cluster).order_by("sequence"))
    year = issued[0].issue_date.year
    assert [i.number for i in issued] == [f"FA-{year}-{n:05d}" for n in range(1, 5)]
    booking_invoice.refresh_from_db()
    assert (
        booking_invoice.total_excl_tax == D("40.00")
        and booking_invoice.customer.organisation == own_organisation
    )
    for invoice in issued:
        _assert_valid_facturx(invoice.pdf.read(), invoice)
    debit, credit = _fec_balances(fec.render(selectors.fec_entries(cluster=cluster, year=year)))
    assert debit == credit == sum(i.total_incl_tax for i in issued)


def _url(name, cluster, **kwargs):
    return reverse(name, kwargs={"cluster_slug": cluster.slug, **kwargs})


def _invoice_month_through_the_pages(client, cluster, campaign, booking, month):
    assert client.post(_url("leases:calls_generate", cluster), {"mois": f"{month:%Y-%m}"}).status_code == 302
    assert client.post(_url("leases:calls_invoice", cluster), {"mois": f"{month:%Y-%m}"}).status_code == 302
    close = client.post(
        _url("purchasing:close", cluster, campaign_id=campaign.pk), {"offer": "", "reason": ""}
    )
    assert close.status_code == 302
    billed = client.post(_url("premises:billing", cluster), {"mois": f"{booking.starts_at:%Y-%m}"})
    assert billed.status_code == 302


def test_the_month_invoiced_through_the_pages_reaches_the_member_and_the_accountant(
    client,
    cluster,
    seller,
    coordinator,
    member_admin,
    outsider_admin,
    own_organisation,
    lease,
    campaign,
    booking,
    month,
):
    client.force_login(coordinator)
    _invoice_month_through_the_pages(client, cluster, campaign, booking, month)
    drafts = Invoice.objects.filter(cluster=cluster, status=InvoiceStatus.DRAFT)
    assert drafts.count() == 4

    issued = client.post(_url("invoicing:issue_many", cluster), {"invoice": [str(d.pk) for d in drafts]})

    assert issued.status_code == 302
    assert not Invoice.objects.filter(cluster=cluster, status=InvoiceStatus.DRAFT).exists()
    rent = Invoice.objects.get(rent_calls__lease=lease)
    paid = client.post(
        _url("invoicing:payment_add", cluster, invoice_id=rent.pk),
        {
            "paid_on": timezone.localdate().isoformat(),
            "amount": f"{rent.total_incl_tax}",
            "method": "transfer",
        },
    )
    assert paid.status_code == 302

    # The member finds its invoices, downloads the rent's Factur-X PDF; the other member cannot.
    client.force_login(member_admin)
    listing = client.get(_url("invoicing:list", cluster)).content.decode()
    mine = Invoice.objects.filter(customer__organisation=own_organisation)
    assert mine.count() == 3 and all(invoice.number in listing for invoice in mine)
    pdf = client.get(_url("invoicing:pdf", cluster, invoice_id=rent.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    _assert_valid_facturx(b"".join(pdf.streaming_content), rent)
    client.force_login(outsider_admin)
    assert client.get(_url("invoicing:pdf", cluster, invoice_id=rent.pk)).status_code == 404
    assert client.get(_url("invoicing:fec", cluster), {"year": rent.issue_date.year}).status_code == 403

    # The accountant's export: the sales journal and the payment, every entry balanced.
    client.force_login(coordinator)
    export = client.get(_url("invoicing:fec", cluster), {"year": rent.issue_date.year})
    assert export.status_code == 200
    debit, credit = _fec_balances(b"".join(export).decode("utf-8"))
    invoiced = sum(i.total_incl_tax for i in Invoice.objects.filter(cluster=cluster))
    assert debit == credit == invoiced + rent.total_incl_tax
