"""Campaigns and needs through /api/, with the pages' rules: a member reads its own need and the aggregate,
never another member's; another cluster and anonymous clients get nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from coursive.purchasing.models import Campaign, Need
from coursive.purchasing.services import campaign_close

from .factories import NeedFactory

pytestmark = [pytest.mark.django_db]
D = Decimal


def campaign_url(campaign, suffix="", slug="dijon"):
    return f"/api/clusters/{slug}/campaigns/{campaign.pk}{suffix}"


def test_members_list_the_campaigns(client, api_headers, member_staff, campaign):
    response = client.get("/api/clusters/dijon/campaigns", headers=api_headers(member_staff))

    assert response.status_code == 200
    item = response.json()["items"][0]
    assert (item["title"], item["accepts_needs"], item["weights"]["local"]) == (
        "Papier recyclé 2027",
        True,
        30,
    )


def test_the_detail_gives_offers_scores_and_the_aggregate_but_not_others_needs(
    client, api_headers, member_admin, campaign, outsider_need
):
    response = client.get(campaign_url(campaign), headers=api_headers(member_admin))

    body = response.json()
    assert response.status_code == 200
    assert body["aggregate"] == {"members": 1, "quantity": "77.000"}
    assert body["own_need"] is None
    offer = body["offers"][0]
    assert offer["score"]["total"] == "100.0" and offer["reached_unit_price"] == "4.2000"
    assert [t["unit_price"] for t in offer["tiers"]] == ["4.2000", "3.8000"]
    assert client.get(campaign_url(campaign, "/needs"), headers=api_headers(member_admin)).json() == []


def test_the_coordinator_lists_every_need(client, api_headers, coordinator, campaign, outsider_need):
    response = client.get(campaign_url(campaign, "/needs"), headers=api_headers(coordinator))

    assert [n["organisation"] for n in response.json()] == ["Studio Grand Angle"]


def test_a_member_admin_declares_and_edits_its_own_need(
    client, api_headers, member_admin, campaign, own_organisation
):
    headers = api_headers(member_admin)

    first = client.put(
        campaign_url(campaign, "/need"), {"quantity": "40"}, content_type="application/json", headers=headers
    )
    second = client.put(
        campaign_url(campaign, "/need"),
        {"quantity": "45.5", "max_unit_price": "4.10"},
        content_type="application/json",
        headers=headers,
    )

    assert first.status_code == second.status_code == 200
    assert second.json()["quantity"] == "45.500"
    need = Need.objects.get()
    assert (need.organisation, need.quantity, need.max_unit_price) == (own_organisation, D("45.5"), D("4.1"))


def test_the_outsider_writes_only_its_own_need(
    client, api_headers, outsider_admin, campaign, outsider_need, own_organisation
):
    client.put(
        campaign_url(campaign, "/need"),
        {"quantity": "5"},
        content_type="application/json",
        headers=api_headers(outsider_admin),
    )

    assert not Need.objects.filter(organisation=own_organisation).exists()
    assert Need.objects.get(pk=outsider_need.pk).quantity == D(5)


@pytest.mark.parametrize("quantity", ["0", "-3"])
def test_a_zero_or_negative_quantity_is_refused_in_french(
    client, api_headers, member_admin, campaign, quantity
):
    response = client.put(
        campaign_url(campaign, "/need"),
        {"quantity": quantity},
        content_type="application/json",
        headers=api_headers(member_admin),
    )

    assert response.status_code == 422
    assert response.json()["errors"]["quantity"] == ["La quantité doit être supérieure à zéro."]
    assert not Need.objects.exists()


def test_a_need_after_the_deadline_is_refused(client, api_headers, member_admin, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - timedelta(seconds=1))

    response = client.put(
        campaign_url(campaign, "/need"),
        {"quantity": "5"},
        content_type="application/json",
        headers=api_headers(member_admin),
    )

    assert response.status_code == 422
    assert "date limite des besoins" in response.json()["detail"]
    assert not Need.objects.exists()


def test_unknown_fields_are_refused(client, api_headers, member_admin, campaign):
    response = client.put(
        campaign_url(campaign, "/need"),
        {"quantity": "5", "organisation_id": 99},
        content_type="application/json",
        headers=api_headers(member_admin),
    )

    assert response.status_code == 422 and "organisation_id" in response.json()["errors"]


def test_staff_cannot_declare(client, api_headers, member_staff, campaign):
    response = client.put(
        campaign_url(campaign, "/need"),
        {"quantity": "5"},
        content_type="application/json",
        headers=api_headers(member_staff),
    )

    assert response.status_code == 403
    assert not Need.objects.exists()


def test_a_member_withdraws_its_need(client, api_headers, outsider_admin, campaign, outsider_need):
    response = client.delete(campaign_url(campaign, "/need"), headers=api_headers(outsider_admin))

    assert response.status_code == 204 and not Need.objects.exists()


def test_another_cluster_gets_404_everywhere(client, api_headers, stranger, campaign, outsider_need):
    headers = api_headers(stranger)

    assert client.get("/api/clusters/dijon/campaigns", headers=headers).status_code == 404
    assert client.get(campaign_url(campaign), headers=headers).status_code == 404
    assert client.get(campaign_url(campaign, slug="saint-etienne"), headers=headers).status_code == 404
    put = client.put(
        campaign_url(campaign, "/need"), {"quantity": "5"}, content_type="application/json", headers=headers
    )
    assert put.status_code == 404
    assert Need.objects.count() == 1


def test_anonymous_clients_are_refused(client, campaign):
    assert client.get("/api/clusters/dijon/campaigns").status_code == 401
    assert (
        client.put(
            campaign_url(campaign, "/need"), {"quantity": "5"}, content_type="application/json"
        ).status_code
        == 401
    )


@pytest.mark.parametrize("actor", ["buyer", "resident"])
def test_buyers_and_residents_are_refused(client, api_headers, request, actor, campaign):
    assert (
        client.get(
            "/api/clusters/dijon/campaigns", headers=api_headers(request.getfixturevalue(actor))
        ).status_code
        == 403
    )


def test_after_the_close_a_member_sees_its_own_share_only(
    client, api_headers, member_admin, campaign, outsider_need, own_organisation
):
    NeedFactory(campaign=campaign, organisation=own_organisation, quantity=D(40))
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    campaign_close(campaign=Campaign.objects.get())

    result = client.get(campaign_url(campaign), headers=api_headers(member_admin)).json()["result"]

    assert [s["organisation_id"] for s in result["shares"]] == [own_organisation.pk]
    share = result["shares"][0]
    assert (share["amount"], share["invoice_id"] is not None) == ("152.00", True)
