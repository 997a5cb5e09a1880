"""The demo invoicing: both sellers, a few issued invoices with payments, one overdue; loading twice changes
nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from facturx import xml_check_xsd

from coursive.accounts.models import Cluster
from coursive.invoicing import fec
from coursive.invoicing.models import Invoice, Payment, SellerProfile
from coursive.invoicing.selectors import aged_receivables, fec_entries

pytestmark = pytest.mark.django_db


def test_demo_invoicing_loads_both_clusters_once():
    call_command("demo_load", stdout=StringIO())
    call_command("demo_invoicing", stdout=StringIO())
    counts = (SellerProfile.objects.count(), Invoice.objects.count(), Payment.objects.count())

    call_command("demo_invoicing", stdout=StringIO())

    assert (SellerProfile.objects.count(), Invoice.objects.count(), Payment.objects.count()) == counts
    assert counts[0] == 2
    dijon = Cluster.objects.get(slug="dijon")
    seller = SellerProfile.objects.get(cluster=dijon)
    assert seller.vat_number.startswith("FR") and seller.siret.startswith("9")
    _rows, total = aged_receivables(cluster=dijon, today=timezone.localdate())
    assert total.amounts["days_31_60"] > 0
    for invoice in Invoice.objects.all():
        assert xml_check_xsd(invoice.facturx_xml.encode(), flavor="factur-x", level="en16931")
    entries = [
        e
        for c in Cluster.objects.all()
        for y in {i.issue_date.year for i in Invoice.objects.filter(cluster=c)}
        for e in fec_entries(cluster=c, year=y)
    ]
    assert entries and all(entry.balanced for entry in entries)
    assert "293 B" in Invoice.objects.filter(cluster__slug="saint-etienne").first().facturx_xml
    assert fec.render(entries).count("\t") % 17 == 0
