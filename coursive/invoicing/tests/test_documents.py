"""The stored documents: a PDF/A-3 carrying a Factur-X XML valid against the EN 16931 schema."""

import io
from decimal import Decimal

import pytest
from facturx import get_facturx_xml_from_pdf, get_level, xml_check_xsd
from lxml import etree
from pypdf import PdfReader

from coursive.invoicing import documents
from coursive.invoicing.party_services import customer_save
from coursive.invoicing.services import (
    credit_note_create,
    invoice_documents_generate,
    invoice_draft_create,
    invoice_draft_create_for_customer,
    invoice_issue,
)

from .factories import rent_line

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}


@pytest.fixture
def invoice(cluster, seller, own_organisation, coordinator):
    lines = [
        rent_line(),
        rent_line(
            label="Billets « Le Grand Nord »",
            quantity=Decimal("7"),
            unit="unité",
            unit_price_excl_tax=Decimal("9.4787"),
            vat_rate=Decimal("5.5"),
            nature="goods",
        ),
        rent_line(
            label="Première du spectacle",
            quantity=Decimal("1.5"),
            unit="heure",
            unit_price_excl_tax=Decimal("33.333"),
            vat_rate=Decimal("2.1"),
        ),
        rent_line(label="Location de matériel", unit_price_excl_tax=Decimal("80"), vat_rate=Decimal("10")),
    ]
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=lines)
    return invoice_issue(invoice=draft, issued_by=coordinator)


def _xml_of(invoice) -> bytes:
    _name, xml = get_facturx_xml_from_pdf(invoice.pdf.open("rb").read())
    return xml


def test_the_embedded_xml_is_valid_en16931(invoice):
    xml = _xml_of(invoice)

    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert get_level(etree.fromstring(xml)) == "en16931"


def test_the_xml_totals_match_the_invoice_and_the_per_rate_breakdown(invoice):
    root = etree.fromstring(_xml_of(invoice))
    summation = root.find(".//ram:SpecifiedTradeSettlementHeaderMonetarySummation", NS)
    taxes = root.findall(".//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", NS)
    line_totals = [Decimal(e.text) for e in root.findall(".//ram:LineTotalAmount", NS)[:-1]]

    assert Decimal(summation.findtext("ram:TaxBasisTotalAmount", namespaces=NS)) == invoice.total_excl_tax
    assert Decimal(summation.findtext("ram:TaxTotalAmount", namespaces=NS)) == invoice.total_vat
    assert Decimal(summation.findtext("ram:GrandTotalAmount", namespaces=NS)) == invoice.total_incl_tax
    assert sum(line_totals) == invoice.total_excl_tax
    assert sum(Decimal(t.findtext("ram:BasisAmount", namespaces=NS)) for t in taxes) == invoice.total_excl_tax
    assert sum(Decimal(t.findtext("ram:CalculatedAmount", namespaces=NS)) for t in taxes) == invoice.total_vat
    assert sorted(t.findtext("ram:RateApplicablePercent", namespaces=NS) for t in taxes) == [
        "10.00",
        "2.10",
        "20.00",
        "5.50",
    ]


def test_the_xml_carries_the_french_mentions(invoice, seller, own_organisation):
    root = etree.fromstring(_xml_of(invoice))
    seller_party = root.find(".//ram:SellerTradeParty", NS)
    buyer_party = root.find(".//ram:BuyerTradeParty", NS)
    notes = " ".join(root.xpath(".//ram:IncludedNote/ram:Content/text()", namespaces=NS))

    assert seller_party.findtext("ram:SpecifiedLegalOrganization/ram:ID", namespaces=NS) == seller.siren
    assert (
        buyer_party.findtext("ram:SpecifiedLegalOrganization/ram:ID", namespaces=NS) == own_organisation.siren
    )
    assert (
        buyer_party.findtext("ram:SpecifiedTaxRegistration/ram:ID", namespaces=NS)
        == own_organisation.vat_number
    )
    assert (
        root.find(".//ram:ShipToTradeParty/ram:PostalTradeAddress/ram:LineOne", NS).text
        == own_organisation.street
    )
    assert "Opération mixte" in notes
    assert "40 €" in notes and "12,15 %" in notes


def test_the_pdf_is_pdf_a_3_with_the_facturx_attachment(invoice):
    reader = PdfReader(io.BytesIO(invoice.pdf.open("rb").read()))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    attachments = reader.trailer["/Root"]["/AF"]

    assert "<pdfaid:part>3</pdfaid:part>" in xmp or 'pdfaid:part="3"' in xmp
    assert "fx:ConformanceLevel" in xmp and "EN 16931" in xmp
    assert [a.get_object()["/F"] for a in attachments] == ["factur-x.xml"]
    assert attachments[0].get_object()["/AFRelationship"] == "/Data"
    text = reader.pages[0].extract_text()
    assert invoice.number in text
    assert "Indemnité forfaitaire" in text


def test_a_credit_note_to_an_external_customer_is_valid_too(cluster, seller, coordinator):
    customer = customer_save(
        cluster=cluster,
        fields={
            "name": "Festival des Lumières (fictif)",
            "is_professional": True,
            "siret": "92100000600012",
            "street": "Hôtel de ville",
            "postcode": "21240",
            "commune": "Talant",
            "delivery_street": "Salle Jean Bouhey",
            "delivery_postcode": "21240",
            "delivery_commune": "Talant",
        },
    )
    draft = invoice_draft_create_for_customer(cluster=cluster, customer=customer, lines=[rent_line()])
    invoice = invoice_issue(invoice=draft, issued_by=coordinator)

    credit_note = invoice_issue(invoice=credit_note_create(invoice=invoice), issued_by=coordinator)

    xml = _xml_of(credit_note)
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert b"Salle Jean Bouhey" in xml


def test_the_stored_pdf_is_never_rendered_again(invoice):
    before = invoice.pdf.name, invoice.pdf_sha256

    again = invoice_documents_generate(invoice=invoice)

    assert (again.pdf.name, again.pdf_sha256) == before


def test_a_failed_rendering_leaves_the_number_and_can_be_redone(
    cluster, seller, own_organisation, coordinator, monkeypatch
):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    def broken(*args, **kwargs):
        raise OSError("disque plein")

    with monkeypatch.context() as patch:
        patch.setattr(documents, "facturx_pdf", broken)
        with pytest.raises(documents.InvoiceRenderingError):
            invoice_issue(invoice=draft, issued_by=coordinator)
    draft.refresh_from_db()
    assert draft.number.endswith("-00001") and not draft.pdf

    invoice = invoice_documents_generate(invoice=draft)

    assert invoice.pdf and xml_check_xsd(_xml_of(invoice), flavor="factur-x", level="en16931")
