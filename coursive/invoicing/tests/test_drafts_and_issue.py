"""Drafts stay editable, issuing freezes them, credit notes correct them; bad input writes nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coursive.invoicing.models import Invoice, InvoiceKind, InvoiceLine, Nature, SellerProfile, VatRegime
from coursive.invoicing.party_services import customer_save, seller_profile_save
from coursive.invoicing.services import (
    credit_note_create,
    invoice_draft_create,
    invoice_draft_create_for_customer,
    invoice_draft_delete,
    invoice_draft_update,
    invoice_issue,
    invoice_line_add,
    invoice_line_remove,
)

from .factories import rent_line, seller_for

ISSUED_MESSAGE = "elle ne peut plus être modifiée"


@pytest.fixture
def draft(cluster, seller, own_organisation):
    return invoice_draft_create(
        cluster=cluster,
        customer=own_organisation,
        lines=[rent_line(), rent_line(label="Fluides", unit_price_excl_tax=Decimal("35.50"))],
    )


@pytest.fixture
def issued(draft, coordinator):
    return invoice_issue(invoice=draft, issued_by=coordinator)


def test_a_draft_accepts_new_lines_and_keeps_totals(draft):
    invoice_line_add(
        invoice=draft,
        line=rent_line(
            label="Billetterie",
            quantity=Decimal("3"),
            unit_price_excl_tax=Decimal("12.00"),
            vat_rate=Decimal("5.5"),
            nature="goods",
        ),
    )

    draft.refresh_from_db()
    assert list(draft.lines.values_list("position", flat=True)) == [1, 2, 3]
    assert draft.total_excl_tax == Decimal("521.50")
    # 485.50 at 20 % gives 97.10 of VAT; 36.00 at 5.5 % gives 1.98.
    assert draft.total_vat == Decimal("99.08")
    assert draft.total_incl_tax == Decimal("620.58")


def test_removing_a_line_renumbers_the_others(draft):
    first = draft.lines.get(position=1)

    invoice_line_remove(invoice=draft, line_id=first.pk)

    assert list(draft.lines.values_list("position", "label")) == [(1, "Fluides")]


@pytest.mark.parametrize("count", [3, 40])
def test_removing_a_line_renumbers_in_a_bounded_number_of_queries(
    cluster, seller, own_organisation, django_assert_max_num_queries, count
):
    lines = [rent_line(label=f"Ligne {n}") for n in range(1, count + 1)]
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=lines)
    second = draft.lines.get(position=2)

    with django_assert_max_num_queries(10):
        invoice_line_remove(invoice=draft, line_id=second.pk)

    expected = [(n, f"Ligne {n + 1 if n > 1 else 1}") for n in range(1, count)]
    assert list(draft.lines.values_list("position", "label")) == expected
    draft.refresh_from_db()
    assert draft.total_excl_tax == Decimal("450.00") * (count - 1)


def test_removing_the_last_line_leaves_the_others_in_place(draft):
    last = draft.lines.get(position=2)

    invoice_line_remove(invoice=draft, line_id=last.pk)

    assert list(draft.lines.values_list("position", "label")) == [(1, "Loyer de l'atelier B2, novembre 2026")]


def test_issuing_sets_dates_nature_and_snapshots(issued, seller):
    today = timezone.localdate()
    assert issued.issue_date == today
    assert issued.sale_date == today
    assert issued.due_date == today + timedelta(days=30)
    assert issued.nature == Nature.SERVICES
    assert issued.seller_snapshot["vat_number"] == seller.vat_number
    assert issued.pdf_sha256 and len(issued.pdf_sha256) == 64


def test_mixed_goods_and_services_are_marked_mixed(cluster, seller, own_organisation, coordinator):
    draft = invoice_draft_create(
        cluster=cluster, customer=own_organisation, lines=[rent_line(), rent_line(nature="goods")]
    )

    assert invoice_issue(invoice=draft, issued_by=coordinator).nature == Nature.MIXED


@pytest.mark.parametrize(
    "change",
    [
        lambda invoice: invoice_draft_update(invoice=invoice, fields={"note": "Changée"}),
        lambda invoice: invoice_line_add(invoice=invoice, line=rent_line()),
        lambda invoice: invoice_line_remove(invoice=invoice, line_id=invoice.lines.first().pk),
        lambda invoice: invoice_draft_delete(invoice=invoice),
        lambda invoice: invoice_issue(invoice=invoice, issued_by=None),
    ],
)
def test_an_issued_invoice_cannot_change(issued, change):
    before = (issued.number, issued.total_incl_tax, issued.note, issued.lines.count(), issued.pdf_sha256)

    with pytest.raises(ValidationError, match=ISSUED_MESSAGE):
        change(issued)

    issued.refresh_from_db()
    assert (
        issued.number,
        issued.total_incl_tax,
        issued.note,
        issued.lines.count(),
        issued.pdf_sha256,
    ) == before


def test_a_credit_note_cancels_the_invoice_with_its_own_series(issued, coordinator):
    credit_note = credit_note_create(invoice=issued, created_by=coordinator)
    credit_note = invoice_issue(invoice=credit_note, issued_by=coordinator)

    assert credit_note.kind == InvoiceKind.CREDIT_NOTE
    assert credit_note.number.startswith("AV-") and credit_note.number.endswith("-00001")
    assert credit_note.credited_invoice == issued
    assert credit_note.total_incl_tax == issued.total_incl_tax
    assert "<ram:TypeCode>381</ram:TypeCode>" in credit_note.facturx_xml
    assert f"<ram:IssuerAssignedID>{issued.number}</ram:IssuerAssignedID>" in credit_note.facturx_xml


def test_credit_notes_cannot_exceed_the_invoice(issued, coordinator):
    invoice_issue(invoice=credit_note_create(invoice=issued), issued_by=coordinator)
    second = credit_note_create(invoice=issued, lines=[rent_line(unit_price_excl_tax=Decimal("1"))])

    with pytest.raises(ValidationError, match="dépasseraient son montant"):
        invoice_issue(invoice=second, issued_by=coordinator)

    second.refresh_from_db()
    assert second.is_draft and second.number == ""


def test_a_credit_note_needs_an_issued_invoice(draft):
    with pytest.raises(ValidationError, match="facture émise"):
        credit_note_create(invoice=draft)


def test_a_professional_customer_without_siren_is_refused(cluster, seller):
    with pytest.raises(ValidationError) as error:
        customer_save(
            cluster=cluster,
            fields={
                "name": "Théâtre Sans Papiers",
                "is_professional": True,
                "street": "1 rue Vauban",
                "postcode": "21000",
                "commune": "Dijon",
            },
        )

    assert "SIREN" in error.value.message_dict["siret"][0]


def test_a_private_customer_needs_only_a_name_and_address(cluster, seller, coordinator):
    customer = customer_save(
        cluster=cluster,
        fields={
            "name": "Jeanne Martin",
            "is_professional": False,
            "street": "8 rue Monge",
            "postcode": "21000",
            "commune": "Dijon",
            "email": "jeanne.martin@courriel.example",
        },
    )
    draft = invoice_draft_create_for_customer(cluster=cluster, customer=customer, lines=[rent_line()])

    invoice = invoice_issue(invoice=draft, issued_by=coordinator)

    assert "SpecifiedLegalOrganization" not in invoice.facturx_xml.split("BuyerTradeParty")[1]
    assert "40 €" not in invoice.facturx_xml


def test_a_customer_missing_its_address_cannot_be_invoiced(cluster, seller, own_organisation):
    own_organisation.street = ""
    own_organisation.save()

    with pytest.raises(ValidationError):
        invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    assert not Invoice.objects.exists()


def test_an_organisation_of_another_cluster_is_refused(cluster, seller, foreign_organisation):
    with pytest.raises(ValidationError, match="n'appartient pas à ce pôle"):
        invoice_draft_create(cluster=cluster, customer=foreign_organisation, lines=[rent_line()])


def test_issuing_without_a_seller_record_is_refused(cluster, own_organisation, coordinator):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    with pytest.raises(ValidationError, match="émetteur des factures"):
        invoice_issue(invoice=draft, issued_by=coordinator)

    draft.refresh_from_db()
    assert draft.is_draft and draft.number == ""


def test_an_empty_draft_cannot_be_issued(cluster, seller, own_organisation, coordinator):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[])

    with pytest.raises(ValidationError, match="sans ligne"):
        invoice_issue(invoice=draft, issued_by=coordinator)


def test_a_zero_rate_line_needs_an_exemption_mention(cluster, seller, own_organisation, coordinator):
    draft = invoice_draft_create(
        cluster=cluster, customer=own_organisation, lines=[rent_line(vat_rate=Decimal("0"))]
    )
    with pytest.raises(ValidationError, match="exonération"):
        invoice_issue(invoice=draft, issued_by=coordinator)

    invoice_draft_update(
        invoice=draft, fields={"vat_exemption_reason": "Exonération de TVA, art. 261 D 4° du CGI"}
    )
    invoice = invoice_issue(invoice=draft, issued_by=coordinator)

    assert "<ram:CategoryCode>E</ram:CategoryCode>" in invoice.facturx_xml
    assert "art. 261 D 4° du CGI" in invoice.facturx_xml


def test_a_franchise_seller_invoices_without_vat_and_with_the_293_b_mention(
    cluster, own_organisation, coordinator
):
    seller_for(cluster, vat_regime=VatRegime.FRANCHISE, vat_number="")
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    invoice = invoice_issue(invoice=draft, issued_by=coordinator)

    assert invoice.total_vat == Decimal("0.00")
    assert invoice.vat_exemption_reason == "TVA non applicable, art. 293 B du CGI"
    assert "VATEX-FR-FRANCHISE" in invoice.facturx_xml
    assert InvoiceLine.objects.get(invoice=invoice).vat_rate == Decimal("0.00")


def test_the_option_for_debits_is_mentioned(cluster, own_organisation, coordinator):
    seller_for(cluster, vat_on_debits=True)
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    invoice = invoice_issue(invoice=draft, issued_by=coordinator)

    assert "Option pour le paiement de la taxe d'après les débits" in invoice.facturx_xml
    assert "<ram:DueDateTypeCode>5</ram:DueDateTypeCode>" in invoice.facturx_xml


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("vat_number", "FR00123456789", "TVA intracommunautaire n'est pas valide"),
        ("siret", "12345678901234", "clé de contrôle"),
        ("iban", "FR7630006000011234567890188", "IBAN"),
        ("vat_number", "", "doit indiquer son numéro de TVA"),
    ],
)
def test_the_seller_record_refuses_bad_identifiers(cluster, field, value, message):
    with pytest.raises(ValidationError, match=message):
        seller_for(cluster, **{field: value})


def test_the_seller_record_refuses_the_debits_option_under_franchise(cluster):
    with pytest.raises(ValidationError, match="sans objet"):
        seller_for(cluster, vat_regime=VatRegime.FRANCHISE, vat_on_debits=True)


def test_an_incomplete_seller_record_is_refused_as_a_whole(cluster):
    with pytest.raises(ValidationError) as error:
        seller_profile_save(cluster=cluster, fields={"legal_name": "Coursive"})

    assert {"siret", "street", "late_penalty_rate"} <= set(error.value.message_dict)
    assert not SellerProfile.objects.exists()
