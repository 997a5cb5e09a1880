"""Invoices and payments through the API, with the permissions of the pages."""

from decimal import Decimal
from unittest.mock import ANY

import pytest
import weasyprint
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from facturx import get_facturx_xml_from_pdf, xml_check_xsd

from coursive.invoicing.documents import InvoiceRenderingError
from coursive.invoicing.models import Invoice, Payment
from coursive.invoicing.services import invoice_documents_generate, invoice_draft_create, invoice_issue

from .factories import rent_line

# Authentication and membership, the invoice, its lines, its payments: the lines are read once, for
# themselves and for the VAT per rate.
QUERIES_FOR_A_DETAIL = 6


@pytest.fixture
def invoice(cluster, seller, own_organisation, coordinator):
    lines = [
        rent_line(),
        rent_line(
            label="Vin d'honneur",
            nature="goods",
            vat_rate=Decimal("20"),
            unit_price_excl_tax=Decimal("10.5"),
            quantity=Decimal("3"),
        ),
    ]
    return invoice_issue(
        invoice=invoice_draft_create(cluster=cluster, customer=own_organisation, lines=lines),
        issued_by=coordinator,
    )


def invoices_url(cluster) -> str:
    return f"/api/clusters/{cluster.slug}/invoices"


def test_a_member_lists_and_reads_its_own_invoices(client, api_headers, member_staff, invoice, cluster):
    listing = client.get(invoices_url(cluster), headers=api_headers(member_staff)).json()
    detail = client.get(f"{invoices_url(cluster)}/{invoice.pk}", headers=api_headers(member_staff)).json()

    assert [item["number"] for item in listing["items"]] == [invoice.number]
    assert listing["items"][0]["outstanding"] == "577.80"
    assert detail["total_incl_tax"] == "577.80"
    assert detail["nature"] == "mixed"
    assert [line["position"] for line in detail["lines"]] == [1, 2]
    assert detail["vat_breakdown"] == [{"rate": "20.00", "base": "481.50", "vat": "96.30"}]
    assert detail["pdf_url"] == f"{invoices_url(cluster)}/{invoice.pk}/pdf"
    pdf = client.get(detail["pdf_url"], headers=api_headers(member_staff))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Content-SHA256"] == invoice.pdf_sha256
    _name, xml = get_facturx_xml_from_pdf(b"".join(pdf.streaming_content))
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")


def test_another_member_sees_nothing_of_it(client, api_headers, outsider_admin, invoice, cluster):
    auth = api_headers(outsider_admin)

    assert client.get(invoices_url(cluster), headers=auth).json()["count"] == 0
    assert client.get(f"{invoices_url(cluster)}/{invoice.pk}", headers=auth).status_code == 404
    assert client.get(f"{invoices_url(cluster)}/{invoice.pk}/payments", headers=auth).status_code == 404
    assert client.get(f"{invoices_url(cluster)}/{invoice.pk}/pdf", headers=auth).status_code == 404


def test_another_cluster_and_anonymous_are_refused(client, api_headers, stranger, invoice, cluster):
    assert client.get(invoices_url(cluster), headers=api_headers(stranger)).status_code == 404
    assert (
        client.get(f"{invoices_url(cluster)}/{invoice.pk}", headers=api_headers(stranger)).status_code == 404
    )
    assert client.get(invoices_url(cluster)).status_code == 401
    assert client.get(f"{invoices_url(cluster)}/{invoice.pk}/pdf").status_code == 401


def test_the_coordinator_records_a_partial_payment(client, api_headers, coordinator, invoice, cluster):
    response = client.post(
        f"{invoices_url(cluster)}/{invoice.pk}/payments",
        {
            "paid_on": timezone.localdate().isoformat(),
            "amount": "77.80",
            "method": "transfer",
            "reference": "VIR 42",
        },
        content_type="application/json",
        headers=api_headers(coordinator),
    )

    assert response.status_code == 201
    assert response.json()["amount"] == "77.80"
    detail = client.get(f"{invoices_url(cluster)}/{invoice.pk}", headers=api_headers(coordinator)).json()
    assert detail["outstanding"] == "500.00"


def test_an_overpayment_is_refused_in_french(client, api_headers, coordinator, invoice, cluster):
    response = client.post(
        f"{invoices_url(cluster)}/{invoice.pk}/payments",
        {"paid_on": timezone.localdate().isoformat(), "amount": "1000.00", "method": "transfer"},
        content_type="application/json",
        headers=api_headers(coordinator),
    )

    assert response.status_code == 422
    assert "dépasse le reste dû" in response.json()["errors"]["amount"][0]
    assert not Payment.objects.exists()


@pytest.mark.parametrize(("actor", "status"), [("member_admin", 403), ("outsider_admin", 404)])
def test_members_cannot_record_payments(client, api_headers, request, invoice, cluster, actor, status):
    response = client.post(
        f"{invoices_url(cluster)}/{invoice.pk}/payments",
        {"paid_on": timezone.localdate().isoformat(), "amount": "10.00", "method": "transfer"},
        content_type="application/json",
        headers=api_headers(request.getfixturevalue(actor)),
    )

    assert response.status_code == status
    assert not Payment.objects.exists()


def test_a_member_is_refused_payments_like_every_coordination_only_endpoint(
    client, api_headers, member_admin, invoice, cluster
):
    response = client.post(
        f"{invoices_url(cluster)}/{invoice.pk}/payments",
        {"paid_on": timezone.localdate().isoformat(), "amount": "10.00", "method": "transfer"},
        content_type="application/json",
        headers=api_headers(member_admin),
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "Seule la coordination du pôle peut faire cela."


@pytest.mark.parametrize("suffix", ["", "/payments", "/pdf"])
def test_an_invoice_endpoint_reads_the_invoice_once(
    client, api_headers, coordinator, invoice, cluster, suffix
):
    auth = api_headers(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{invoices_url(cluster)}/{invoice.pk}{suffix}", headers=auth)

    assert response.status_code == 200
    assert [query["sql"] for query in queries if 'FROM "invoicing_invoice"' in query["sql"]] == [ANY]


def test_drafts_stay_with_the_coordination(
    client, api_headers, coordinator, member_admin, cluster, seller, own_organisation
):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    coordination = client.get(
        f"{invoices_url(cluster)}?status=draft", headers=api_headers(coordinator)
    ).json()
    member = client.get(f"{invoices_url(cluster)}/{draft.pk}", headers=api_headers(member_admin))

    assert [item["id"] for item in coordination["items"]] == [draft.pk]
    assert member.status_code == 404


def test_the_detail_reads_the_lines_once_for_lines_and_vat(
    client, api_headers, coordinator, invoice, cluster, django_assert_max_num_queries
):
    auth = api_headers(coordinator)
    with django_assert_max_num_queries(QUERIES_FOR_A_DETAIL) as queries:
        response = client.get(f"{invoices_url(cluster)}/{invoice.pk}", headers=auth)

    assert response.status_code == 200
    assert len(response.json()["lines"]) == 2
    assert response.json()["vat_breakdown"] == [{"rate": "20.00", "base": "481.50", "vat": "96.30"}]
    assert len([query for query in queries if 'FROM "invoicing_invoiceline"' in query["sql"]]) == 1


@pytest.fixture
def unrendered(cluster, seller, own_organisation, coordinator, monkeypatch):
    """Issued and numbered, but WeasyPrint failed to draw its PDF."""

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])
    with monkeypatch.context() as patch:
        patch.setattr(weasyprint.HTML, "write_pdf", full_disk)
        with pytest.raises(InvoiceRenderingError):
            invoice_issue(invoice=draft, issued_by=coordinator)
    return Invoice.objects.get(pk=draft.pk)


def test_an_invoice_whose_pdf_failed_says_it_is_missing(
    client, api_headers, member_admin, unrendered, cluster
):
    auth = api_headers(member_admin)

    listing = client.get(invoices_url(cluster), headers=auth).json()
    detail = client.get(f"{invoices_url(cluster)}/{unrendered.pk}", headers=auth)
    pdf = client.get(f"{invoices_url(cluster)}/{unrendered.pk}/pdf", headers=auth)

    assert detail.status_code == 200
    assert (detail.json()["number"], detail.json()["status"]) == (unrendered.number, "issued")
    assert (detail.json()["pdf_missing"], detail.json()["pdf_url"]) == (True, None)
    assert [item["pdf_missing"] for item in listing["items"]] == [True]
    assert pdf.status_code == 404
    assert "la coordination doit le régénérer" in pdf.json()["detail"]


def test_a_regenerated_pdf_is_no_longer_missing(client, api_headers, member_admin, unrendered, cluster):
    invoice_documents_generate(invoice=unrendered)

    detail = client.get(f"{invoices_url(cluster)}/{unrendered.pk}", headers=api_headers(member_admin)).json()

    assert (detail["number"], detail["pdf_missing"]) == (unrendered.number, False)
    assert detail["pdf_url"] == f"{invoices_url(cluster)}/{unrendered.pk}/pdf"


def test_a_draft_is_not_a_missing_pdf(client, api_headers, coordinator, cluster, seller, own_organisation):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    detail = client.get(f"{invoices_url(cluster)}/{draft.pk}", headers=api_headers(coordinator)).json()

    assert (detail["pdf_missing"], detail["pdf_url"]) == (False, None)
