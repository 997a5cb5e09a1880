"""Lending pages: who sees which loans, who lends which item, and what a refused input shows."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coursive.lending.models import DamageReport, Loan
from coursive.lending.services import loan_check_in, loan_check_out

pytestmark = pytest.mark.django_db


def url(name: str, cluster_slug: str = "dijon", **kwargs) -> str:
    return reverse(f"lending:{name}", kwargs={"cluster_slug": cluster_slug, **kwargs})


@pytest.fixture
def loan(item, own_organisation, coordinator):
    """The cluster's sound desk, lent to Compagnie La Mouette, due back tomorrow."""
    return loan_check_out(
        resource=item,
        organisation=own_organisation,
        borrower_name="Léa Martin",
        due_on=timezone.localdate() + timedelta(days=1),
        condition="good",
        checked_out_by=coordinator,
    )


def checkout_data(organisation, **overrides) -> dict:
    data = {
        "organisation": organisation.pk,
        "borrower_name": "Hugo Bernard",
        "due_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "condition": "good",
        "notes": "Avec câble d'alimentation",
    }
    return {**data, **overrides}


def test_the_coordinator_checks_an_item_out_to_a_member(client, coordinator, item, own_organisation):
    client.force_login(coordinator)

    response = client.post(url("check_out", resource_id=item.pk), checkout_data(own_organisation))

    assert response.status_code == 302
    loan = Loan.objects.get()
    assert (loan.organisation, loan.borrower_name, loan.checked_out_by) == (
        own_organisation,
        "Hugo Bernard",
        coordinator,
    )


def test_a_check_out_in_the_past_is_refused_with_a_french_message(
    client, coordinator, item, own_organisation
):
    client.force_login(coordinator)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = client.post(
        url("check_out", resource_id=item.pk), checkout_data(own_organisation, due_on=yesterday)
    )

    assert response.status_code == 200
    assert "La date de retour prévue est déjà passée." in response.text
    assert not Loan.objects.exists()


def test_a_member_admin_may_not_lend_the_cluster_items(client, member_admin, item, own_organisation):
    client.force_login(member_admin)

    response = client.post(url("check_out", resource_id=item.pk), checkout_data(own_organisation))

    assert response.status_code == 403
    assert not Loan.objects.exists()


def test_a_member_lends_the_items_its_organisation_owns(
    client, outsider_admin, member_item, own_organisation
):
    client.force_login(outsider_admin)

    response = client.post(url("check_out", resource_id=member_item.pk), checkout_data(own_organisation))

    assert response.status_code == 302
    assert Loan.objects.get().resource == member_item


def test_the_borrower_sees_its_loan_and_the_lend_list(client, member_admin, loan):
    client.force_login(member_admin)

    listing = client.get(url("list"))
    detail = client.get(url("loan", loan_id=loan.pk))

    assert listing.status_code == 200 and "Console son Yamaha MG16" in listing.text
    assert url("loan", loan_id=loan.pk) in listing.text
    assert detail.status_code == 200 and "Léa Martin" in detail.text
    assert url("check_in", loan_id=loan.pk) not in detail.text


def test_another_member_does_not_see_the_loan(client, outsider_admin, loan):
    client.force_login(outsider_admin)

    assert client.get(url("loan", loan_id=loan.pk)).status_code == 404
    assert url("loan", loan_id=loan.pk) not in client.get(url("list")).text
    assert client.post(url("check_in", loan_id=loan.pk), {"condition": "good"}).status_code == 404


def test_another_cluster_and_anonymous_visitors_see_nothing(client, stranger, loan, item):
    anonymous = client.get(url("loan", loan_id=loan.pk))
    client.force_login(stranger)

    assert anonymous.status_code == 302 and "/compte/" in anonymous["Location"]
    assert client.get(url("loan", loan_id=loan.pk)).status_code == 404
    assert client.get(url("item", resource_id=item.pk)).status_code == 404
    assert client.get(url("list")).status_code == 404


def test_residents_have_no_lending_pages(client, resident, item):
    client.force_login(resident)

    assert client.get(url("list")).status_code == 403
    assert client.get(url("item", resource_id=item.pk)).status_code == 403


def test_the_lender_checks_the_item_in_with_damage(client, coordinator, loan):
    client.force_login(coordinator)

    response = client.post(
        url("check_in", loan_id=loan.pk),
        {"condition": "worn", "notes": "", "damage_description": "Fader 3 bloqué", "cost_estimate": "45.50"},
    )

    assert response.status_code == 302
    loan.refresh_from_db()
    assert not loan.is_out and loan.checkin_condition == "worn"
    assert DamageReport.objects.get().cost_estimate == 45.50


def test_a_negative_damage_estimate_is_refused(client, coordinator, loan):
    client.force_login(coordinator)

    response = client.post(
        url("check_in", loan_id=loan.pk),
        {"condition": "worn", "damage_description": "Rayé", "cost_estimate": "-3"},
    )

    assert response.status_code == 200
    assert "supérieure ou égale à 0" in response.text
    loan.refresh_from_db()
    assert loan.is_out


def test_the_borrower_reports_damage_on_the_item_in_hand(client, member_admin, loan, item):
    client.force_login(member_admin)

    response = client.post(url("damage_new", resource_id=item.pk), {"description": "Housse déchirée"})

    assert response.status_code == 302
    assert DamageReport.objects.get().loan == loan


def test_another_member_may_not_report_damage_on_an_item_it_does_not_hold(client, outsider_admin, loan, item):
    client.force_login(outsider_admin)

    response = client.post(url("damage_new", resource_id=item.pk), {"description": "Rien"})

    assert response.status_code == 403
    assert not DamageReport.objects.exists()


def test_the_exports_list_only_the_loans_one_may_see(client, outsider_admin, coordinator, loan):
    client.force_login(outsider_admin)
    outsider_csv = client.get(url("export_csv"))
    client.force_login(coordinator)
    coordinator_xlsx = client.get(url("export_xlsx"))

    assert "Console son" not in outsider_csv.content.decode("utf-8-sig")
    sheet = load_workbook(BytesIO(coordinator_xlsx.content)).active
    assert [cell.value for cell in sheet[2]][:5] == [
        "Console son Yamaha MG16",
        "SON-004",
        "Le pôle",
        "Compagnie La Mouette",
        "Léa Martin",
    ]


def test_the_figures_page_is_for_the_coordinator(client, coordinator, member_admin, loan):
    client.force_login(member_admin)
    refused = client.get(url("figures"))
    client.force_login(coordinator)
    shown = client.get(url("figures"))

    assert refused.status_code == 403
    assert shown.status_code == 200 and "Compagnie La Mouette" in shown.text


def test_a_damage_photo_is_shown_to_the_borrower_and_lender_only(
    client, loan, coordinator, member_admin, outsider_admin, stranger
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from coursive.lending.services import damage_report_create

    image = SimpleUploadedFile("rayure.jpg", b"\xff\xd8\xff\xe0fake", content_type="image/jpeg")
    report = damage_report_create(
        resource=loan.resource, loan=loan, description="Capot rayé", reported_by=coordinator, photos=[image]
    )
    photo_url = url("damage_photo", photo_id=report.photos.get().pk)

    assert client.get(photo_url).status_code == 302
    for outsider in (outsider_admin, stranger):
        client.force_login(outsider)
        assert client.get(photo_url).status_code == 404
    for insider in (coordinator, member_admin):
        client.force_login(insider)
        assert client.get(photo_url).status_code == 200


def test_the_item_sheet_costs_the_same_queries_whatever_its_history(
    client, coordinator, item, own_organisation
):
    client.force_login(coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("item", resource_id=item.pk)).status_code == 200
        return len(captured)

    def lend_and_return(days_ago: int) -> None:
        loan = loan_check_out(
            resource=item,
            organisation=own_organisation,
            borrower_name="Léa Martin",
            due_on=timezone.localdate() - timedelta(days=days_ago - 2),
            condition="good",
            checked_out_by=coordinator,
            now=timezone.now() - timedelta(days=days_ago),
        )
        loan_check_in(loan=loan, condition="good", checked_in_by=coordinator)

    lend_and_return(10)
    with_one_loan = queries()
    lend_and_return(20)
    lend_and_return(30)

    assert queries() == with_one_loan
