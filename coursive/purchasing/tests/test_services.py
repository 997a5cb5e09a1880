"""Campaigns, offers and needs through the services: what they accept and what they refuse, writing nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coursive.directory.tests.factories import OrganisationFactory, valid_siret
from coursive.purchasing import selectors, services
from coursive.purchasing.models import Campaign, Need, Offer, PriceTier, Supplier

from .factories import CampaignFactory, NeedFactory, OfferFactory, SupplierFactory, with_tiers

pytestmark = [pytest.mark.django_db]
D = Decimal


def campaign_fields(**overrides):
    return {
        "title": "Papier recyclé",
        "item": "Papier A4 recyclé",
        "unit": "ramette",
        "vat_rate": D("20.00"),
        "nature": "goods",
        "deadline": timezone.now() + timedelta(days=7),
        **overrides,
    }


def test_a_coordinator_opens_a_campaign_with_published_weights(cluster, coordinator):
    campaign = services.campaign_create(
        cluster=cluster, fields=campaign_fields(weight_local=50), created_by=coordinator
    )

    assert campaign.status == "open"
    assert (campaign.weight_local, campaign.weight_ess, campaign.weight_label, campaign.weight_recycled) == (
        50,
        30,
        20,
        20,
    )


def test_a_campaign_with_a_past_deadline_or_no_weight_is_refused(cluster):
    with pytest.raises(ValidationError) as error:
        services.campaign_create(
            cluster=cluster,
            fields=campaign_fields(
                deadline=timezone.now() - timedelta(hours=1),
                weight_local=0,
                weight_ess=0,
                weight_label=0,
                weight_recycled=0,
            ),
        )

    assert "dans le futur" in str(error.value.message_dict["deadline"])
    assert "au moins un critère" in str(error.value.message_dict["weight_local"])
    assert not Campaign.objects.exists()


def test_a_supplier_siret_is_checked_with_python_stdnum(cluster):
    with pytest.raises(ValidationError) as error:
        services.supplier_save(
            cluster=cluster,
            fields={
                "name": "Imprimerie Fictive",
                "siret": "12345678901234",
                "postcode": "21000",
                "commune": "Dijon",
            },
        )

    assert "clé de contrôle" in str(error.value)
    assert not Supplier.objects.exists()


def spaced(siret: str) -> str:
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


def test_a_supplier_gets_its_departement_from_its_postcode(cluster):
    supplier = services.supplier_save(
        cluster=cluster,
        fields={
            "name": "Papeterie du Morvan",
            "siret": spaced(valid_siret(77)),
            "postcode": "58000",
            "commune": "Nevers",
        },
    )

    assert (supplier.siret, supplier.departement) == (valid_siret(77), "58")


@pytest.mark.parametrize(
    ("tiers", "message"),
    [
        ([], "au moins un palier"),
        ([(D(100), D("3.80")), (D(50), D("3.50"))], "croître"),
        ([(D(50), D("3.80")), (D(50), D("3.50"))], "croître"),
        ([(D(50), D("3.50")), (D(100), D("3.80"))], "plus cher"),
        ([(D(0), D("3.50"))], "supérieure à zéro"),
        ([(D(10), D("-1"))], "supérieur à zéro"),
    ],
)
def test_tiers_that_do_not_increase_are_refused_and_nothing_is_written(cluster, tiers, message):
    campaign = CampaignFactory(cluster=cluster)
    supplier = SupplierFactory(cluster=cluster)

    with pytest.raises(ValidationError) as error:
        services.offer_save(campaign=campaign, supplier=supplier, fields={}, tiers=tiers)

    assert message in str(error.value)
    assert not Offer.objects.exists() and not PriceTier.objects.exists()


def test_an_offer_is_saved_with_its_tiers_and_replaced_on_edit(cluster):
    campaign = CampaignFactory(cluster=cluster)
    supplier = SupplierFactory(cluster=cluster)
    offer = services.offer_save(
        campaign=campaign,
        supplier=supplier,
        fields={"recycled_percent": 100},
        tiers=[(D(10), D("4.2")), (D(100), D("3.8"))],
    )

    services.offer_save(
        campaign=campaign, supplier=supplier, offer=offer, fields={}, tiers=[(D(20), D("4.0"))]
    )

    assert list(offer.tiers.values_list("min_quantity", "unit_price")) == [(D(20), D("4.0000"))]


def test_a_supplier_of_another_cluster_cannot_make_an_offer(cluster, other_cluster):
    campaign = CampaignFactory(cluster=cluster)

    with pytest.raises(ValidationError):
        services.offer_save(
            campaign=campaign,
            supplier=SupplierFactory(cluster=other_cluster),
            fields={},
            tiers=[(D(1), D(1))],
        )


def test_a_member_declares_then_edits_its_need_until_the_deadline(cluster, own_organisation, member_admin):
    campaign = CampaignFactory(cluster=cluster)

    services.need_save(
        campaign=campaign, organisation=own_organisation, quantity=D(40), declared_by=member_admin
    )
    services.need_save(
        campaign=campaign, organisation=own_organisation, quantity=D(55), max_unit_price=D("4.00")
    )

    need = Need.objects.get()
    assert (need.quantity, need.max_unit_price) == (D(55), D("4.0000"))


@pytest.mark.parametrize("quantity", [D(0), D(-5), D("1.0005")])
def test_a_zero_or_negative_quantity_is_refused(cluster, own_organisation, quantity):
    campaign = CampaignFactory(cluster=cluster)

    with pytest.raises(ValidationError) as error:
        services.need_save(campaign=campaign, organisation=own_organisation, quantity=quantity)

    assert "quantity" in error.value.message_dict
    assert not Need.objects.exists()


def test_a_need_after_the_deadline_is_refused_with_a_clear_message(cluster, own_organisation):
    campaign = CampaignFactory(cluster=cluster, deadline=timezone.now() - timedelta(minutes=1))

    with pytest.raises(ValidationError) as error:
        services.need_save(campaign=campaign, organisation=own_organisation, quantity=D(10))

    assert "date limite des besoins" in error.value.messages[0]
    assert "est passée" in error.value.messages[0]
    assert not Need.objects.exists()


def test_an_organisation_of_another_cluster_cannot_declare_a_need(cluster, foreign_organisation):
    campaign = CampaignFactory(cluster=cluster)

    with pytest.raises(ValidationError):
        services.need_save(campaign=campaign, organisation=foreign_organisation, quantity=D(10))


def test_a_supplier_in_a_neighbouring_departement_is_local(cluster, own_organisation):
    # The cluster's member is in Côte-d'Or (21); Saône-et-Loire (71) borders it, Rhône (69) does not.
    campaign = CampaignFactory(cluster=cluster)
    near = OfferFactory(
        campaign=campaign, supplier=SupplierFactory(cluster=cluster, postcode="71100", departement="71")
    )
    far = OfferFactory(
        campaign=campaign, supplier=SupplierFactory(cluster=cluster, postcode="69001", departement="69")
    )
    with_tiers(near, ("1", "4"))
    with_tiers(far, ("1", "4"))

    scores = {e.offer.pk: e.score for e in selectors.offer_evaluations(campaign=campaign)}

    assert scores[near.pk].is_local and not scores[far.pk].is_local
    assert scores[near.pk].total - scores[far.pk].total == D("30.0")


def test_offers_are_ranked_by_responsible_score_with_the_breakdown(cluster, own_organisation):
    campaign = CampaignFactory(cluster=cluster)
    ess_local = OfferFactory(campaign=campaign, recycled_percent=50)
    plain = OfferFactory(
        campaign=campaign,
        recycled_percent=0,
        supplier=SupplierFactory(
            cluster=cluster, is_ess=False, labels="", postcode="75011", departement="75"
        ),
    )
    with_tiers(ess_local, ("1", "4"))
    with_tiers(plain, ("1", "3"))

    evaluations = selectors.offer_evaluations(campaign=campaign)

    assert [e.offer for e in evaluations] == [ess_local, plain]
    best = evaluations[0].score
    assert (best.points_local, best.points_ess, best.points_label, best.points_recycled) == (
        D("30.0"),
        D("30.0"),
        D("20.0"),
        D("10.0"),
    )
    assert evaluations[1].score.total == 0


def test_aggregate_counts_members_and_quantities(cluster, own_organisation, other_organisation):
    campaign = CampaignFactory(cluster=cluster)
    NeedFactory(campaign=campaign, organisation=own_organisation, quantity=D(30))
    NeedFactory(campaign=campaign, organisation=other_organisation, quantity=D("12.5"))

    aggregate = selectors.campaign_aggregate(campaign=campaign)

    assert (aggregate.members, aggregate.quantity) == (2, D("42.5"))


def test_former_members_do_not_widen_the_local_area(cluster):
    OrganisationFactory(cluster=cluster, postcode="13001", membership_status="former")

    assert "13" not in selectors.cluster_local_area(cluster=cluster)


def test_opening_a_campaign_tells_the_member_admins(
    cluster, member_admin, member_staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_create(cluster=cluster, fields=campaign_fields())

    assert [m.to for m in mailoutbox] == [[member_admin.email]]
    assert "déclarez vos besoins" in mailoutbox[0].subject
    assert "http" in mailoutbox[0].body and "/p/dijon/achats/" in mailoutbox[0].body
