"""Closing a campaign end to end: the tier reached, the shares to the cent, the savings, the members' draft
invoices, and nothing billed twice when the close runs again."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from coursive.directory.models import Organisation
from coursive.invoicing.models import Invoice
from coursive.purchasing import selectors, services
from coursive.purchasing.models import Allocation, Campaign, CampaignStatus
from coursive.purchasing.tasks import campaigns_close_due_task

from .factories import CampaignFactory, NeedFactory, OfferFactory, SupplierFactory, with_tiers

pytestmark = [pytest.mark.django_db]
D = Decimal


@pytest.fixture
def due_campaign(cluster, own_organisation, other_organisation):
    """Paper for two members, past its deadline: 120 + 90 = 210 reams reach the 200 tier of the ESS offer."""
    campaign = CampaignFactory(cluster=cluster, deadline=timezone.now() + timedelta(days=1))
    offer = OfferFactory(campaign=campaign, delivery_fee=D("30.00"))
    with_tiers(offer, ("50", "4.20"), ("200", "3.80"), ("500", "3.45"))
    NeedFactory(campaign=campaign, organisation=own_organisation, quantity=D(120))
    NeedFactory(campaign=campaign, organisation=other_organisation, quantity=D(90), max_unit_price=D("4.00"))
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    campaign.refresh_from_db()
    return campaign


def test_closing_orders_at_the_tier_reached_and_drafts_each_members_invoice(
    due_campaign, own_organisation, coordinator
):
    campaign = services.campaign_close(campaign=due_campaign, by=coordinator)

    assert campaign.status == CampaignStatus.CLOSED
    assert (campaign.total_quantity, campaign.unit_price, campaign.goods_total) == (
        D(210),
        D("3.8000"),
        D("798.00"),
    )
    assert "Choix automatique" in campaign.choice_reason
    shares = {a.organisation_id: a for a in Allocation.objects.filter(campaign=campaign)}
    own = shares[own_organisation.pk]
    assert (own.goods_amount, own.delivery_amount) == (D("456.00"), D("17.14"))
    assert sum(a.amount for a in shares.values()) == D("828.00")
    # Alone, 120 reams reach only the 50 tier (4.20) and carry the whole delivery.
    assert own.solo_cost == D("504.00") + D("30.00")
    assert own.saving == D("534.00") - D("473.14")
    invoice = own.invoice
    assert invoice.status == "draft" and invoice.customer.organisation == own_organisation
    assert invoice.total_excl_tax == D("473.14")
    assert list(invoice.lines.values_list("quantity", "unit_price_excl_tax")) == [
        (D(120), D("3.8000")),
        (D(1), D("17.14")),
    ]
    assert Invoice.objects.count() == 2


def test_closing_twice_bills_nobody_twice(due_campaign):
    services.campaign_close(campaign=due_campaign)
    call_command("close_purchasing_campaigns")
    services.campaign_close(campaign=due_campaign)

    assert Invoice.objects.count() == 2
    assert Allocation.objects.filter(campaign=due_campaign).count() == 2


def test_a_deleted_draft_is_drafted_again_on_the_next_close(due_campaign, own_organisation):
    services.campaign_close(campaign=due_campaign)
    Allocation.objects.get(organisation=own_organisation).invoice.delete()

    services.campaign_close(campaign=due_campaign)

    assert Invoice.objects.count() == 2
    assert Allocation.objects.get(organisation=own_organisation).invoice is not None


def test_a_member_refusing_the_reached_price_leaves_the_order_and_is_not_billed(
    cluster, due_campaign, other_organisation
):
    # Without the cheaper tier, 210 reams cost 4.20, above the 4.00 the other organisation accepts.
    due_campaign.offers.get().tiers.exclude(min_quantity=50).delete()

    campaign = services.campaign_close(campaign=due_campaign)

    assert campaign.total_quantity == D(120)
    assert [n.organisation for n in selectors.declined_needs(campaign=campaign)] == [other_organisation]
    assert Invoice.objects.count() == 1


def test_closing_with_no_offer_is_refused_and_writes_nothing(cluster, own_organisation):
    campaign = CampaignFactory(cluster=cluster, deadline=timezone.now() - timedelta(minutes=1))
    NeedFactory(campaign=campaign, organisation=own_organisation)

    with pytest.raises(ValidationError) as error:
        services.campaign_close(campaign=campaign)

    assert "Aucune offre" in error.value.messages[0]
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN and campaign.closed_at is None


def test_closing_before_the_deadline_is_refused(cluster):
    campaign = CampaignFactory(cluster=cluster)
    with_tiers(OfferFactory(campaign=campaign), ("1", "1"))

    with pytest.raises(ValidationError) as error:
        services.campaign_close(campaign=campaign)

    assert "jusqu'au" in error.value.messages[0]


def test_a_campaign_without_needs_closes_without_an_order(cluster):
    campaign = CampaignFactory(cluster=cluster, deadline=timezone.now() - timedelta(minutes=1))
    with_tiers(OfferFactory(campaign=campaign), ("1", "1"))

    campaign = services.campaign_close(campaign=campaign)

    assert campaign.status == CampaignStatus.UNFULFILLED
    assert "Aucune structure" in campaign.choice_reason


def test_the_coordinator_may_pick_another_offer_with_a_reason(due_campaign):
    cheaper = OfferFactory(
        campaign=due_campaign,
        recycled_percent=0,
        supplier=SupplierFactory(
            cluster=due_campaign.cluster, is_ess=False, labels="", postcode="75001", departement="75"
        ),
    )
    with_tiers(cheaper, ("10", "3.10"))

    with pytest.raises(ValidationError) as error:
        services.campaign_close(campaign=due_campaign, offer=cheaper)
    assert "reason" in error.value.message_dict

    campaign = services.campaign_close(
        campaign=due_campaign, offer=cheaper, reason="Délai de livraison imposé par le festival."
    )
    assert (
        campaign.chosen_offer == cheaper
        and campaign.choice_reason == "Délai de livraison imposé par le festival."
    )
    assert campaign.unit_price == D("3.1000")


def test_a_price_with_four_decimals_is_billed_as_the_exact_share(
    cluster, own_organisation, other_organisation
):
    campaign = CampaignFactory(cluster=cluster, deadline=timezone.now() + timedelta(days=1))
    with_tiers(OfferFactory(campaign=campaign), ("1", "0.0333"))
    NeedFactory(campaign=campaign, organisation=own_organisation, quantity=D(5))
    NeedFactory(campaign=campaign, organisation=other_organisation, quantity=D(10))
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - timedelta(minutes=1))

    services.campaign_close(campaign=campaign)

    # 15 x 0.0333 = 0.4995, ordered for 0.50; the exact shares 0.1665 and 0.333 round to 0.17 and 0.33.
    invoices = Invoice.objects.order_by("total_excl_tax")
    assert [i.total_excl_tax for i in invoices] == [D("0.17"), D("0.33")]


def test_yearly_figures_keep_campaigns_and_savings_per_member(cluster, due_campaign, own_organisation):
    campaign = services.campaign_close(campaign=due_campaign)

    figures = selectors.yearly_figures(cluster=cluster, year=timezone.localdate(campaign.closed_at).year)

    assert figures["campaigns_closed"] == 1
    assert figures["bought_excl_tax"] == D("828.00")
    own = next(row for row in figures["per_member"] if row["organisation_id"] == own_organisation.pk)
    assert own["saving_excl_tax"] == D("534.00") - D("473.14")
    assert figures["bought_from_local_or_ess_excl_tax"] == D("828.00")
    assert selectors.yearly_figures(cluster=cluster, year=2001)["campaigns_closed"] == 0


def test_the_command_closes_due_campaigns_and_reports_those_without_offer(cluster, due_campaign, capsys):
    stuck = CampaignFactory(
        cluster=cluster, title="Fournitures sans offre", deadline=timezone.now() + timedelta(days=1)
    )
    Campaign.objects.filter(pk=stuck.pk).update(deadline=timezone.now() - timedelta(minutes=1))

    call_command("close_purchasing_campaigns")

    output = capsys.readouterr()
    assert "Papier recyclé 2027" in output.out and "Close, commande passée" in output.out
    assert "Fournitures sans offre" in output.err and "Aucune offre" in output.err
    assert Campaign.objects.get(pk=stuck.pk).status == CampaignStatus.OPEN


def test_the_task_closes_due_campaigns_once(due_campaign):
    assert campaigns_close_due_task.call() == 1
    assert Invoice.objects.count() == 2
    campaigns_close_due_task.call()
    assert Invoice.objects.count() == 2


def test_closing_tells_each_members_admins_their_share_once(
    due_campaign, member_admin, outsider_admin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_close(campaign=due_campaign)
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_close(campaign=due_campaign)

    assert sorted(m.to[0] for m in mailoutbox) == sorted([member_admin.email, outsider_admin.email])
    own = next(m for m in mailoutbox if m.to == [member_admin.email])
    assert own.subject == "Achat groupé « Papier recyclé 2027 » : votre quote-part"
    assert "120\u00a0ramettes, soit 473,14\u00a0€ HT" in own.body


def test_a_member_left_out_of_the_order_is_told_why(
    due_campaign, outsider_admin, mailoutbox, django_capture_on_commit_callbacks
):
    due_campaign.offers.get().tiers.exclude(min_quantity=50).delete()

    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_close(campaign=due_campaign)

    told = next(m for m in mailoutbox if m.to == [outsider_admin.email])
    assert "n'a pas été commandé" in told.subject and "4,00\u00a0€ HT" in told.body


def test_a_member_that_cannot_be_invoiced_stops_the_close_and_is_named(due_campaign, other_organisation):
    Organisation.objects.filter(pk=other_organisation.pk).update(street="")

    with pytest.raises(ValidationError) as error:
        services.campaign_close(campaign=due_campaign)

    assert error.value.messages[0].startswith("La facture de Studio Grand Angle ne peut pas être préparée")
    assert Campaign.objects.get(pk=due_campaign.pk).status == CampaignStatus.OPEN
    assert not Allocation.objects.exists() and not Invoice.objects.exists()
