"""The services other apps invoice through: invoice_draft_create and invoice_issue."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from facturx import get_facturx_xml_from_pdf, xml_check_xsd

from coursive.invoicing.models import Customer, Invoice, InvoiceStatus
from coursive.invoicing.services import invoice_draft_create, invoice_issue

from .factories import rent_line


def test_draft_from_an_organisation_creates_its_billing_customer(cluster, seller, own_organisation):
    invoice = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    customer = Customer.objects.get(organisation=own_organisation)
    assert invoice.customer == customer
    assert customer.siret == own_organisation.siret
    assert customer.vat_number == own_organisation.vat_number
    assert invoice.status == InvoiceStatus.DRAFT
    assert invoice.number == ""
    assert invoice.total_excl_tax == Decimal("450.00")
    assert invoice.total_vat == Decimal("90.00")
    assert invoice.total_incl_tax == Decimal("540.00")


def test_a_second_draft_reuses_the_customer(cluster, seller, own_organisation):
    invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])
    invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    assert Customer.objects.filter(organisation=own_organisation).count() == 1


def test_issue_numbers_freezes_and_stores_a_valid_facturx_pdf(cluster, seller, own_organisation, coordinator):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    invoice = invoice_issue(invoice=draft, issued_by=coordinator)

    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED
    assert invoice.number.endswith("-00001") and invoice.number.startswith("FA-")
    assert invoice.seller_snapshot["siret"] == seller.siret
    assert invoice.customer_snapshot["siren"] == own_organisation.siren
    pdf = invoice.pdf.read()
    assert pdf.startswith(b"%PDF")
    filename, xml = get_facturx_xml_from_pdf(pdf)
    assert filename == "factur-x.xml"
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert xml.decode() == invoice.facturx_xml


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"quantity": Decimal("-1")}, "quantité doit être positive"),
        ({"vat_rate": Decimal("7")}, "taux de TVA inconnu"),
        ({"nature": "rent"}, "nature"),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_written(cluster, seller, own_organisation, overrides, message):
    with pytest.raises(ValidationError, match=message):
        invoice_draft_create(
            cluster=cluster, customer=own_organisation, lines=[rent_line(), rent_line(**overrides)]
        )

    assert not Invoice.objects.exists()
    assert not Customer.objects.exists()
