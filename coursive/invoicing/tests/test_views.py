"""The invoicing pages, tried by the coordination, the customer organisation's people, another member, another
cluster's member and an anonymous visitor."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from facturx import get_facturx_xml_from_pdf, xml_check_xsd

from coursive.invoicing.models import Customer, Invoice, Payment, SellerProfile
from coursive.invoicing.services import invoice_draft_create, invoice_issue

from .factories import rent_line


def url(name: str, cluster, **kwargs) -> str:
    return reverse(f"invoicing:{name}", kwargs={"cluster_slug": cluster.slug, **kwargs})


@pytest.fixture
def invoice(cluster, seller, own_organisation, coordinator):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])
    return invoice_issue(invoice=draft, issued_by=coordinator)


@pytest.mark.parametrize("actor", ["coordinator", "member_admin", "member_staff"])
def test_the_coordination_and_the_customers_people_see_and_download_the_invoice(
    client, request, invoice, actor
):
    client.force_login(request.getfixturevalue(actor))

    listing = client.get(url("list", invoice.cluster))
    detail = client.get(url("detail", invoice.cluster, invoice_id=invoice.pk))
    pdf = client.get(url("pdf", invoice.cluster, invoice_id=invoice.pk))

    assert invoice.number in listing.content.decode()
    assert "Reste à payer : 540,00\u00a0€, rien en retard." in listing.content.decode()
    assert detail.status_code == 200
    assert pdf.status_code == 200
    assert pdf["Content-Disposition"] == f'attachment; filename="{invoice.number}.pdf"'
    _name, xml = get_facturx_xml_from_pdf(b"".join(pdf.streaming_content))
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")


@pytest.mark.parametrize("actor", ["outsider_admin", "buyer", "resident"])
def test_others_in_the_cluster_neither_list_nor_open_the_invoice(client, request, invoice, actor):
    client.force_login(request.getfixturevalue(actor))

    listing = client.get(url("list", invoice.cluster))

    assert invoice.number not in listing.content.decode()
    for name in ("detail", "pdf", "xml"):
        assert client.get(url(name, invoice.cluster, invoice_id=invoice.pk)).status_code == 404


def test_another_clusters_member_gets_404(client, stranger, invoice):
    client.force_login(stranger)

    assert client.get(url("list", invoice.cluster)).status_code == 404
    assert client.get(url("pdf", invoice.cluster, invoice_id=invoice.pk)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, invoice):
    response = client.get(url("pdf", invoice.cluster, invoice_id=invoice.pk))

    assert response.status_code == 302
    assert "/login" in response["Location"] or "connexion" in response["Location"]


def test_a_member_sees_no_draft(client, member_admin, cluster, seller, own_organisation):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])
    client.force_login(member_admin)

    assert client.get(url("detail", cluster, invoice_id=draft.pk)).status_code == 404


@pytest.mark.parametrize(("actor", "status"), [("member_admin", 403), ("outsider_admin", 404)])
def test_members_cannot_write(client, request, invoice, cluster, actor, status):
    client.force_login(request.getfixturevalue(actor))

    payment = client.post(url("payment_add", cluster, invoice_id=invoice.pk), {"amount": "10"})
    seller = client.get(url("seller", cluster))
    receivables = client.get(url("receivables", cluster))

    assert payment.status_code == status
    assert seller.status_code == 403 and receivables.status_code == 403
    assert not Payment.objects.exists()


def test_the_coordinator_invoices_a_member_end_to_end(client, coordinator, cluster, seller, own_organisation):
    client.force_login(coordinator)

    response = client.post(url("create", cluster), {"organisation": own_organisation.pk})
    draft = Invoice.objects.get()
    assert response["Location"] == url("detail", cluster, invoice_id=draft.pk)
    client.post(
        url("line_add", cluster, invoice_id=draft.pk),
        {
            "label": "Régie son, concert du 14",
            "quantity": "6",
            "unit": "heure",
            "unit_price_excl_tax": "42.50",
            "vat_rate": "20.00",
            "nature": "services",
        },
    )
    client.post(url("issue", cluster, invoice_id=draft.pk))
    draft.refresh_from_db()
    assert draft.number.startswith("FA-") and draft.total_incl_tax == Decimal("306.00")
    client.post(
        url("payment_add", cluster, invoice_id=draft.pk),
        {"paid_on": timezone.localdate().isoformat(), "amount": "306.00", "method": "transfer"},
    )
    assert Payment.objects.get().amount == Decimal("306.00")
    fec = client.get(url("fec", cluster) + f"?year={timezone.localdate().year}")
    assert fec.status_code == 200
    assert fec["Content-Disposition"].startswith(f'attachment; filename="{seller.siren}FEC')
    assert "411000" in fec.content.decode()


def test_a_refused_line_shows_the_french_message_and_writes_nothing(
    client, coordinator, cluster, seller, own_organisation
):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[])
    client.force_login(coordinator)

    response = client.post(
        url("line_add", cluster, invoice_id=draft.pk),
        {
            "label": "Remise",
            "quantity": "-1",
            "unit": "unité",
            "unit_price_excl_tax": "10",
            "vat_rate": "20.00",
            "nature": "services",
        },
    )

    assert response.status_code == 400
    assert "la quantité doit être positive" in response.content.decode()
    assert not draft.lines.exists()


def test_an_issued_invoice_offers_no_edit_and_refuses_one(client, coordinator, invoice, cluster):
    client.force_login(coordinator)

    page = client.get(url("detail", cluster, invoice_id=invoice.pk)).content.decode()
    response = client.post(
        url("line_add", cluster, invoice_id=invoice.pk),
        {
            "label": "Ajout",
            "quantity": "1",
            "unit": "unité",
            "unit_price_excl_tax": "10",
            "vat_rate": "20.00",
            "nature": "services",
        },
    )

    assert url("line_add", cluster, invoice_id=invoice.pk) not in page
    assert response.status_code == 400
    assert "Corrigez-la par un avoir" in response.content.decode()
    assert invoice.lines.count() == 1


def test_the_coordinator_fills_the_seller_record(client, coordinator, cluster):
    client.force_login(coordinator)

    response = client.post(
        url("seller", cluster),
        {
            "legal_name": "Pôle Coursive SCIC",
            "siret": "91234567500017",
            "vat_number": "FR 65 912345675",
            "street": "3 rue du Château",
            "postcode": "21000",
            "commune": "Dijon",
            "vat_regime": "normal",
            "payment_terms_days": "30",
            "late_penalty_rate": "12.15",
            "early_payment_discount": "Pas d'escompte pour paiement anticipé.",
        },
    )

    assert response.status_code == 302
    assert SellerProfile.objects.get(cluster=cluster).vat_number == "FR65912345675"


def test_an_external_professional_customer_without_siren_is_refused(client, coordinator, cluster):
    client.force_login(coordinator)

    response = client.post(
        url("customer_create", cluster),
        {
            "name": "Festival Sans Numéro",
            "is_professional": "on",
            "street": "1 place Darcy",
            "postcode": "21000",
            "commune": "Dijon",
            "country": "FR",
        },
    )

    assert response.status_code == 200
    assert "SIREN" in response.content.decode()
    assert not Customer.objects.exists()


def test_the_receivables_page_shows_the_aged_balance(client, coordinator, invoice, cluster):
    client.force_login(coordinator)

    page = client.get(url("receivables", cluster)).content.decode()

    assert invoice.number in page
    assert "540,00\u00a0€" in page


def test_every_coordination_page_renders(client, coordinator, cluster, seller, own_organisation, invoice):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])
    client.force_login(coordinator)

    pages = [
        url("list", cluster),
        url("list", cluster) + "?status=draft&kind=invoice",
        url("create", cluster),
        url("seller", cluster),
        url("customers", cluster),
        url("customer_create", cluster),
        url("receivables", cluster),
        url("detail", cluster, invoice_id=draft.pk),
        url("detail", cluster, invoice_id=invoice.pk),
    ]

    assert [client.get(page).status_code for page in pages] == [200] * len(pages)
    assert "Ajouter la ligne" in client.get(url("detail", cluster, invoice_id=draft.pk)).content.decode()


def test_the_list_filters_in_place_for_htmx(client, coordinator, invoice, cluster, own_organisation):
    invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])
    client.force_login(coordinator)

    response = client.get(url("list", cluster) + "?status=issued", headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "<html" not in body
    assert invoice.number in body and "Brouillon" not in body
    assert "1 document" in body


def test_an_overdue_invoice_is_reminded_from_the_receivables(
    client, coordinator, invoice, cluster, own_organisation, django_capture_on_commit_callbacks
):
    customer = invoice.customer
    customer.email = "compta@la-mouette.example"
    customer.save()
    Invoice.objects.filter(pk=invoice.pk).update(due_date=invoice.issue_date - timedelta(days=3))
    client.force_login(coordinator)
    page = client.get(url("receivables", cluster)).content.decode()
    assert url("reminder_add", cluster, invoice_id=invoice.pk) in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("reminder_add", cluster, invoice_id=invoice.pk))

    assert response.status_code == 302
    assert mail.outbox[0].to == ["compta@la-mouette.example"]
    assert invoice.reminders.get().sent_at is not None


def test_the_coordinator_issues_the_checked_drafts_at_once(
    client, coordinator, cluster, seller, own_organisation, other_organisation
):
    first = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])
    second = invoice_draft_create(cluster=cluster, customer=other_organisation, lines=[rent_line()])
    empty = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[])
    client.force_login(coordinator)
    page = client.get(url("list", cluster) + "?status=draft").content.decode()
    assert 'form="issue-many"' in page

    response = client.post(
        url("issue_many", cluster), {"invoice": [second.pk, first.pk, empty.pk]}, follow=True
    )

    for invoice in (first, second, empty):
        invoice.refresh_from_db()
    assert (first.sequence, second.sequence) == (1, 2)
    assert empty.is_draft
    body = response.content.decode()
    assert "2 documents émis." in body and "sans ligne" in body


def test_a_member_cannot_issue_drafts(client, member_admin, cluster, seller, own_organisation):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])
    client.force_login(member_admin)

    response = client.post(url("issue_many", cluster), {"invoice": [draft.pk]})

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft
