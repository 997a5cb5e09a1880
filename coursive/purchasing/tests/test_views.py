"""The group-purchasing pages, tried by the coordination, the member itself, another member of the cluster
(`outsider_admin`), someone of another cluster (`stranger`) and an anonymous visitor."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coursive.directory.tests.factories import valid_siret
from coursive.invoicing.models import Invoice
from coursive.purchasing.models import Campaign, CampaignStatus, Need, Offer, Supplier
from coursive.purchasing.services import campaign_close

from .factories import CampaignFactory, NeedFactory, OfferFactory, SupplierFactory, with_tiers

pytestmark = [pytest.mark.django_db]
D = Decimal


def url(name, cluster_slug="dijon", **kwargs):
    return reverse(f"purchasing:{name}", kwargs={"cluster_slug": cluster_slug, **kwargs})


def _close_due(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - timedelta(minutes=1))


# Reading


@pytest.mark.parametrize("actor", ["coordinator", "member_admin", "member_staff"])
def test_the_cluster_sees_its_campaigns(client, request, actor, campaign):
    client.force_login(request.getfixturevalue(actor))

    response = client.get(url("list"))

    assert response.status_code == 200
    assert "Papier recyclé 2027" in response.text


def test_anonymous_visitors_go_to_the_login_page(client, campaign):
    response = client.get(url("detail", campaign_id=campaign.pk))

    assert response.status_code == 302 and "/compte/" in response["Location"]


def test_another_cluster_sees_neither_the_list_nor_the_campaign(client, stranger, campaign):
    client.force_login(stranger)

    assert client.get(url("list")).status_code == 404
    assert client.get(url("detail", campaign_id=campaign.pk)).status_code == 404
    assert client.get(url("detail", cluster_slug="saint-etienne", campaign_id=campaign.pk)).status_code == 404


@pytest.mark.parametrize("actor", ["buyer", "resident"])
def test_buyers_and_residents_have_no_part_in_group_purchasing(client, request, actor, campaign):
    client.force_login(request.getfixturevalue(actor))

    assert client.get(url("list")).status_code == 403


def test_a_member_sees_the_aggregate_but_not_another_members_need(
    client, member_admin, campaign, outsider_need
):
    client.force_login(member_admin)

    response = client.get(url("detail", campaign_id=campaign.pk))

    assert response.status_code == 200
    assert "1 structure, 77\u00a0ramettes au total" in response.text
    assert "Studio Grand Angle" not in response.text


def test_the_coordinator_sees_every_need(client, coordinator, campaign, outsider_need):
    client.force_login(coordinator)

    response = client.get(url("detail", campaign_id=campaign.pk))

    assert "Studio Grand Angle" in response.text


def test_the_detail_shows_the_score_breakdown_and_the_tier_reached(
    client, member_admin, campaign, outsider_need
):
    client.force_login(member_admin)

    response = client.get(url("detail", campaign_id=campaign.pk))

    assert "Poids publiés : fournisseur local 30" in response.text
    assert "✓ local" in response.text and "100 % recyclé" in response.text
    assert "Palier à 4,20" in response.text


# Needs


def test_a_member_admin_declares_its_need_with_french_numbers(
    client, member_admin, campaign, own_organisation
):
    client.force_login(member_admin)

    response = client.post(
        url("need_save", campaign_id=campaign.pk), {"quantity": "1 250,5", "max_unit_price": "4,10"}
    )

    assert response.status_code == 302
    need = Need.objects.get(organisation=own_organisation)
    assert (need.quantity, need.max_unit_price, need.declared_by) == (D("1250.5"), D("4.1"), member_admin)


def test_a_negative_quantity_is_refused_on_the_page(client, member_admin, campaign):
    client.force_login(member_admin)

    response = client.post(url("need_save", campaign_id=campaign.pk), {"quantity": "-3"})

    assert response.status_code == 422
    assert "La quantité doit être supérieure à zéro." in response.text
    assert not Need.objects.exists()


def test_a_need_after_the_deadline_is_refused_on_the_page(client, member_admin, campaign):
    _close_due(campaign)
    client.force_login(member_admin)

    response = client.post(url("need_save", campaign_id=campaign.pk), {"quantity": "10"})

    assert response.status_code == 422
    assert "est passée" in response.text
    assert not Need.objects.exists()


def test_staff_cannot_declare_and_the_outsider_only_touches_its_own_need(
    client, member_staff, outsider_admin, campaign, outsider_need, own_organisation
):
    client.force_login(member_staff)
    assert client.post(url("need_save", campaign_id=campaign.pk), {"quantity": "5"}).status_code == 403

    client.force_login(outsider_admin)
    client.post(url("need_save", campaign_id=campaign.pk), {"quantity": "5"})
    assert not Need.objects.filter(organisation=own_organisation).exists()
    assert Need.objects.get(pk=outsider_need.pk).quantity == D(5)


def test_a_member_withdraws_its_need_before_the_deadline(client, outsider_admin, campaign, outsider_need):
    client.force_login(outsider_admin)

    client.post(url("need_withdraw", campaign_id=campaign.pk))

    assert not Need.objects.exists()


def test_the_stranger_cannot_declare_a_need(client, stranger, campaign):
    client.force_login(stranger)

    assert client.post(url("need_save", campaign_id=campaign.pk), {"quantity": "5"}).status_code == 404
    assert not Need.objects.exists()


# Coordination


def test_a_coordinator_opens_a_campaign_from_the_form(client, coordinator, cluster):
    client.force_login(coordinator)
    deadline = timezone.localtime(timezone.now() + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(
        url("create"),
        {
            "title": "Fournitures d'événement éco-conçues",
            "item": "Gobelets réutilisables",
            "nature": "goods",
            "unit": "gobelet",
            "vat_rate": "20.00",
            "deadline": deadline,
            "weight_local": "30",
            "weight_ess": "30",
            "weight_label": "20",
            "weight_recycled": "20",
        },
    )

    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/achats/{campaign.pk}/")
    assert timezone.is_aware(campaign.deadline) and campaign.created_by == coordinator


@pytest.mark.parametrize("actor", ["member_admin", "outsider_admin"])
def test_members_cannot_open_campaigns_or_add_offers(client, request, actor, campaign):
    client.force_login(request.getfixturevalue(actor))

    assert client.get(url("create")).status_code == 403
    assert client.get(url("offer_add", campaign_id=campaign.pk)).status_code == 403
    assert client.get(url("suppliers")).status_code == 403


def test_a_coordinator_adds_an_offer_with_tiers_typed_in_french(client, coordinator, cluster, campaign):
    supplier = SupplierFactory(cluster=cluster, name="Imprimerie du Val de Saône")
    client.force_login(coordinator)

    response = client.post(
        url("offer_add", campaign_id=campaign.pk),
        {
            "supplier": supplier.pk,
            "tiers": "50 : 4,20\n1 000 : 3,45",
            "recycled_percent": "80",
            "delivery_fee": "25",
        },
    )

    assert response.status_code == 302
    offer = Offer.objects.get(supplier=supplier)
    assert list(offer.tiers.values_list("min_quantity", "unit_price")) == [
        (D(50), D("4.2")),
        (D(1000), D("3.45")),
    ]


def test_tiers_not_increasing_are_refused_on_the_page(client, coordinator, cluster, campaign):
    supplier = SupplierFactory(cluster=cluster)
    client.force_login(coordinator)

    response = client.post(
        url("offer_add", campaign_id=campaign.pk),
        {"supplier": supplier.pk, "tiers": "100 : 3\n50 : 2", "recycled_percent": "0", "delivery_fee": "0"},
    )

    assert response.status_code == 200
    assert "doivent croître" in response.text
    assert not Offer.objects.filter(supplier=supplier).exists()


def test_a_supplier_with_a_bad_siret_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        url("suppliers"),
        {"name": "Fausse Papeterie", "siret": "12345678901234", "postcode": "21000", "commune": "Dijon"},
    )

    assert "clé de contrôle" in response.text
    assert not Supplier.objects.exists()


def test_the_coordinator_closes_from_the_page_and_downloads_the_order(
    client, coordinator, campaign, outsider_need, other_organisation
):
    _close_due(campaign)
    client.force_login(coordinator)

    response = client.post(url("close", campaign_id=campaign.pk), {"offer": "", "reason": ""})

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    assert Invoice.objects.get().customer.organisation == other_organisation
    order = client.get(url("order", campaign_id=campaign.pk))
    assert order.status_code == 200 and "Bon de commande n° AG-" in order.text
    csv_text = client.get(url("order_csv", campaign_id=campaign.pk)).content.decode("utf-8-sig")
    assert csv_text.splitlines()[1].split(";")[1:4] == ["Studio Grand Angle", other_organisation.siret, "77"]
    pdf = client.get(url("order_pdf", campaign_id=campaign.pk))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_members_cannot_close_nor_read_the_order(client, member_admin, campaign):
    _close_due(campaign)
    client.force_login(member_admin)

    assert client.post(url("close", campaign_id=campaign.pk)).status_code == 403
    assert client.get(url("order", campaign_id=campaign.pk)).status_code == 403
    assert client.get(url("order_csv", campaign_id=campaign.pk)).status_code == 403
    assert Campaign.objects.get().status == CampaignStatus.OPEN


def test_after_the_close_a_member_sees_only_its_own_share(
    client, member_admin, campaign, outsider_need, own_organisation
):
    NeedFactory(campaign=campaign, organisation=own_organisation, quantity=D(40))
    _close_due(campaign)
    campaign_close(campaign=campaign)
    client.force_login(member_admin)

    response = client.get(url("detail", campaign_id=campaign.pk))

    assert "La quote-part de votre structure" in response.text
    assert "Compagnie La Mouette" in response.text and "Studio Grand Angle" not in response.text


def test_the_yearly_figures_are_for_the_coordination(client, coordinator, member_admin):
    client.force_login(member_admin)
    assert client.get(url("figures")).status_code == 403

    client.force_login(coordinator)
    response = client.get(url("figures_year", year=2026))
    assert response.status_code == 200 and "Bilan des achats groupés 2026" in response.text


def test_picking_another_offer_without_a_reason_is_refused_on_the_page(
    client, coordinator, cluster, campaign, outsider_need
):
    other = OfferFactory(
        campaign=campaign, supplier=SupplierFactory(cluster=cluster, is_ess=False, labels="")
    )
    with_tiers(other, ("1", "3.00"))
    _close_due(campaign)
    client.force_login(coordinator)

    response = client.post(url("close", campaign_id=campaign.pk), {"offer": other.pk, "reason": ""})

    assert response.status_code == 422
    assert "Expliquez pourquoi" in response.text
    assert Campaign.objects.get().status == CampaignStatus.OPEN and not Invoice.objects.exists()


def test_the_close_form_appears_once_the_deadline_has_passed(client, coordinator, campaign):
    client.force_login(coordinator)
    assert "Clore et commander" not in client.get(url("detail", campaign_id=campaign.pk)).text

    _close_due(campaign)

    assert "Clore et commander" in client.get(url("detail", campaign_id=campaign.pk)).text


def test_the_coordinator_edits_then_deletes_an_offer(client, coordinator, campaign):
    offer = campaign.offers.get()
    client.force_login(coordinator)

    form = client.get(url("offer_edit", campaign_id=campaign.pk, offer_id=offer.pk))
    assert "10 : 4,2\n100 : 3,8" in form.text
    client.post(url("offer_delete", campaign_id=campaign.pk, offer_id=offer.pk))

    assert not Offer.objects.exists()


def test_offers_and_suppliers_of_another_cluster_answer_404(client, coordinator, other_cluster):
    foreign_campaign = CampaignFactory(cluster=other_cluster)
    foreign_offer = OfferFactory(campaign=foreign_campaign)
    client.force_login(coordinator)

    assert client.get(url("detail", campaign_id=foreign_campaign.pk)).status_code == 404
    assert client.get(url("supplier_edit", supplier_id=foreign_offer.supplier_id)).status_code == 404
    assert (
        client.post(
            url("offer_delete", campaign_id=foreign_campaign.pk, offer_id=foreign_offer.pk)
        ).status_code
        == 404
    )
    assert Offer.objects.filter(pk=foreign_offer.pk).exists()


def test_the_coordinator_edits_a_supplier_and_extends_a_deadline(client, coordinator, cluster, campaign):
    supplier = campaign.offers.get().supplier
    client.force_login(coordinator)

    client.post(
        url("supplier_edit", supplier_id=supplier.pk),
        {
            "name": "Papeterie Coopérative",
            "siret": supplier.siret,
            "postcode": "71100",
            "commune": "Chalon-sur-Saône",
        },
    )
    supplier.refresh_from_db()
    assert (supplier.name, supplier.departement, supplier.is_ess) == ("Papeterie Coopérative", "71", False)

    _close_due(campaign)
    later = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    form = client.get(url("edit", campaign_id=campaign.pk))
    assert form.status_code == 200
    data = {
        "title": campaign.title,
        "item": campaign.item,
        "nature": "goods",
        "unit": "ramette",
        "vat_rate": "20.00",
        "deadline": later,
        "weight_local": "30",
        "weight_ess": "30",
        "weight_label": "20",
        "weight_recycled": "20",
    }
    client.post(url("edit", campaign_id=campaign.pk), data)
    assert Campaign.objects.get().accepts_needs()


def test_a_yearly_report_out_of_range_answers_404(client, coordinator):
    client.force_login(coordinator)

    assert client.get(url("figures_year", year=99999)).status_code == 404


def test_a_supplier_siret_may_be_typed_with_spaces(client, coordinator):
    siret = valid_siret(4242)
    client.force_login(coordinator)

    client.post(
        url("suppliers"),
        {
            "name": "Papeterie du Morvan",
            "siret": f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}",
            "postcode": "58000",
            "commune": "Nevers",
        },
    )

    assert Supplier.objects.get().siret == siret
