"""The Factur-X XML of an invoice: UN/CEFACT Cross Industry Invoice (D16B) at the EN 16931 profile.

Element order follows the schema, which the tests check with the XSD shipped by the factur-x library.
French specifics: SIREN as legal registration (scheme 0002), the payment conditions as a PMT note, the
exemption mention of 0 % lines (VATEX-FR-FRANCHISE for art. 293 B), and the VAT point date code 5 (invoice
date) when the seller opted for VAT on debits, 72 (payment) for services otherwise."""

from decimal import Decimal

from lxml import etree

from .models import Invoice, InvoiceKind, InvoiceLine, Nature, VatRegime
from .totals import Totals

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NSMAP = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}
EN16931 = "urn:cen.eu:en16931:2017"
TYPE_CODES = {InvoiceKind.INVOICE: "380", InvoiceKind.CREDIT_NOTE: "381"}
# UN/ECE Recommendation 20 codes for the units Coursive's apps use; anything else is "one unit" (C62).
UNIT_CODES = {
    "heure": "HUR",
    "h": "HUR",
    "jour": "DAY",
    "mois": "MON",
    "an": "ANN",
    "année": "ANN",
    "m²": "MTK",
    "m2": "MTK",
    "kg": "KGM",
    "litre": "LTR",
    "km": "KMT",
}


def _el(parent, tag: str, text: str | None = None, **attrs):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{name}", **attrs)
    if text is not None:
        element.text = text
    return element


def _date(parent, tag: str, value) -> None:
    _el(_el(parent, tag), "udt:DateTimeString", value.strftime("%Y%m%d"), format="102")


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _category(rate: Decimal) -> str:
    return "S" if rate > 0 else "E"


def build(*, invoice: Invoice, lines: list[InvoiceLine], totals: Totals, payment_terms: str) -> bytes:
    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
    context = _el(root, "rsm:ExchangedDocumentContext")
    _el(_el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", EN16931)
    _document(_el(root, "rsm:ExchangedDocument"), invoice, payment_terms)
    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    for line in lines:
        _line(transaction, line, invoice)
    _agreement(_el(transaction, "ram:ApplicableHeaderTradeAgreement"), invoice)
    _delivery(_el(transaction, "ram:ApplicableHeaderTradeDelivery"), invoice)
    _settlement(_el(transaction, "ram:ApplicableHeaderTradeSettlement"), invoice, totals, payment_terms)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _note(parent, content: str, subject: str) -> None:
    note = _el(parent, "ram:IncludedNote")
    _el(note, "ram:Content", content)
    _el(note, "ram:SubjectCode", subject)


def _document(document, invoice: Invoice, payment_terms: str) -> None:
    _el(document, "ram:ID", invoice.number)
    _el(document, "ram:TypeCode", TYPE_CODES[invoice.kind])
    _date(document, "ram:IssueDateTime", invoice.issue_date)
    _note(document, f"Nature de l'opération : {Nature(invoice.nature).label}", "AAI")
    if invoice.seller_snapshot.get("vat_on_debits"):
        _note(document, "Option pour le paiement de la taxe d'après les débits", "TXD")
    _note(document, payment_terms, "PMT")
    if invoice.note:
        _note(document, invoice.note, "AAI")


def _line(transaction, line: InvoiceLine, invoice: Invoice) -> None:
    item = _el(transaction, "ram:IncludedSupplyChainTradeLineItem")
    _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(line.position))
    _el(_el(item, "ram:SpecifiedTradeProduct"), "ram:Name", line.label)
    agreement = _el(item, "ram:SpecifiedLineTradeAgreement")
    price = _el(agreement, "ram:NetPriceProductTradePrice")
    _el(price, "ram:ChargeAmount", f"{line.unit_price_excl_tax.normalize():f}")
    delivery = _el(item, "ram:SpecifiedLineTradeDelivery")
    unit_code = UNIT_CODES.get(line.unit.lower(), "C62")
    _el(delivery, "ram:BilledQuantity", f"{line.quantity.normalize():f}", unitCode=unit_code)
    settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
    tax = _el(settlement, "ram:ApplicableTradeTax")
    _el(tax, "ram:TypeCode", "VAT")
    _el(tax, "ram:CategoryCode", _category(line.vat_rate))
    _el(tax, "ram:RateApplicablePercent", f"{line.vat_rate:.2f}")
    summation = _el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    _el(summation, "ram:LineTotalAmount", _amount(line.amount_excl_tax))


def _party(parent, tag: str, data: dict, *, name_key: str) -> None:
    party = _el(parent, tag)
    _el(party, "ram:Name", data[name_key])
    if data.get("siren"):
        _el(_el(party, "ram:SpecifiedLegalOrganization"), "ram:ID", data["siren"], schemeID="0002")
    address = _el(party, "ram:PostalTradeAddress")
    _el(address, "ram:PostcodeCode", data["postcode"])
    _el(address, "ram:LineOne", data["street"])
    _el(address, "ram:CityName", data["commune"])
    _el(address, "ram:CountryID", data["country"])
    if data.get("email"):
        uri = _el(party, "ram:URIUniversalCommunication")
        _el(uri, "ram:URIID", data["email"], schemeID="EM")
    if data.get("vat_number"):
        _el(_el(party, "ram:SpecifiedTaxRegistration"), "ram:ID", data["vat_number"], schemeID="VA")
    elif data.get("vat_regime") == VatRegime.FRANCHISE:
        # A seller without a VAT number gives its tax registration instead (EN 16931 BT-32).
        _el(_el(party, "ram:SpecifiedTaxRegistration"), "ram:ID", data["siren"], schemeID="FC")


def _agreement(agreement, invoice: Invoice) -> None:
    _party(agreement, "ram:SellerTradeParty", invoice.seller_snapshot, name_key="legal_name")
    _party(agreement, "ram:BuyerTradeParty", invoice.customer_snapshot, name_key="name")


def _delivery(delivery, invoice: Invoice) -> None:
    customer = invoice.customer_snapshot
    ship_to = _el(delivery, "ram:ShipToTradeParty")
    _el(ship_to, "ram:Name", customer["name"])
    address = _el(ship_to, "ram:PostalTradeAddress")
    _el(address, "ram:PostcodeCode", customer["delivery_postcode"])
    _el(address, "ram:LineOne", customer["delivery_street"])
    _el(address, "ram:CityName", customer["delivery_commune"])
    _el(address, "ram:CountryID", customer["country"])
    event = _el(delivery, "ram:ActualDeliverySupplyChainEvent")
    _date(event, "ram:OccurrenceDateTime", invoice.sale_date)


def _settlement(settlement, invoice: Invoice, totals: Totals, payment_terms: str) -> None:
    seller = invoice.seller_snapshot
    _el(settlement, "ram:PaymentReference", invoice.number)
    _el(settlement, "ram:InvoiceCurrencyCode", "EUR")
    if seller.get("iban"):
        means = _el(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        _el(means, "ram:TypeCode", "58")
        _el(_el(means, "ram:PayeePartyCreditorFinancialAccount"), "ram:IBANID", seller["iban"])
    for rate_total in totals.by_rate:
        _tax(settlement, rate_total, invoice)
    terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
    _el(terms, "ram:Description", payment_terms)
    _date(terms, "ram:DueDateDateTime", invoice.due_date)
    summation = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(summation, "ram:LineTotalAmount", _amount(totals.excl_tax))
    _el(summation, "ram:TaxBasisTotalAmount", _amount(totals.excl_tax))
    _el(summation, "ram:TaxTotalAmount", _amount(totals.vat), currencyID="EUR")
    _el(summation, "ram:GrandTotalAmount", _amount(totals.incl_tax))
    _el(summation, "ram:DuePayableAmount", _amount(totals.incl_tax))
    if invoice.credited_invoice_id:
        original = invoice.credited_invoice
        reference = _el(settlement, "ram:InvoiceReferencedDocument")
        _el(reference, "ram:IssuerAssignedID", original.number)
        issued = _el(reference, "ram:FormattedIssueDateTime")
        _el(issued, "qdt:DateTimeString", original.issue_date.strftime("%Y%m%d"), format="102")


def _tax(settlement, rate_total, invoice: Invoice) -> None:
    tax = _el(settlement, "ram:ApplicableTradeTax")
    _el(tax, "ram:CalculatedAmount", _amount(rate_total.vat))
    _el(tax, "ram:TypeCode", "VAT")
    exempt = rate_total.rate == 0
    if exempt:
        _el(tax, "ram:ExemptionReason", invoice.vat_exemption_reason)
    _el(tax, "ram:BasisAmount", _amount(rate_total.base))
    _el(tax, "ram:CategoryCode", _category(rate_total.rate))
    if exempt and invoice.seller_snapshot.get("vat_regime") == VatRegime.FRANCHISE:
        _el(tax, "ram:ExemptionReasonCode", "VATEX-FR-FRANCHISE")
    elif not exempt:
        # The VAT point: the invoice date under the option for debits or for goods, the payment otherwise.
        on_invoice = invoice.seller_snapshot.get("vat_on_debits") or invoice.nature == Nature.GOODS
        _el(tax, "ram:DueDateTypeCode", "5" if on_invoice else "72")
    _el(tax, "ram:RateApplicablePercent", f"{rate_total.rate:.2f}")
