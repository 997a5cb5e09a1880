"""The group-purchasing demo: a closed campaign with shares and draft invoices, an open one, and nothing
changed when it runs again."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from coursive.directory.demo import demo_load
from coursive.invoicing.models import Invoice
from coursive.purchasing.demo import purchasing_demo_load
from coursive.purchasing.models import Allocation, CampaignStatus, Need, Supplier

pytestmark = pytest.mark.django_db


def test_the_demo_closes_one_campaign_opens_another_and_changes_nothing_when_run_again():
    demo_load()

    paper, cups = purchasing_demo_load()
    counts = (
        Supplier.objects.count(),
        Need.objects.count(),
        Allocation.objects.count(),
        Invoice.objects.count(),
    )
    purchasing_demo_load()

    assert paper.status == CampaignStatus.CLOSED and cups.accepts_needs()
    assert paper.chosen_offer.supplier.name == "Papeterie Coopérative de Bourgogne"
    assert (paper.total_quantity, paper.unit_price) == (Decimal(350), Decimal("4.75"))
    assert sum(a.amount for a in paper.allocations.all()) == paper.order_total == Decimal("1697.50")
    assert all(a.invoice_id and a.saving > 0 for a in paper.allocations.all())
    assert counts == (4, 12, 9, 9)
    assert (
        Supplier.objects.count(),
        Need.objects.count(),
        Allocation.objects.count(),
        Invoice.objects.count(),
    ) == counts


def test_the_command_asks_for_the_directory_demo_first():
    with pytest.raises(CommandError, match="demo_load"):
        call_command("demo_purchasing")
