"""Loans through the API: the same rules as the pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from coursive.lending.models import Loan
from coursive.lending.services import loan_check_out

pytestmark = pytest.mark.django_db

LOANS = "/api/clusters/dijon/loans"


def due(days: int = 3) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def loan(item, own_organisation, coordinator):
    return loan_check_out(
        resource=item,
        organisation=own_organisation,
        borrower_name="Léa Martin",
        due_on=timezone.localdate(),
        condition="good",
        checked_out_by=coordinator,
    )


def post(client, path, payload, headers):
    return client.post(path, payload, content_type="application/json", headers=headers)


def test_anonymous_visitors_must_authenticate(client, loan):
    assert client.get(LOANS).status_code == 401
    assert client.get(f"{LOANS}/{loan.pk}").status_code == 401


def test_the_borrower_reads_its_loan_but_not_another_member(
    client, api_headers, member_staff, outsider_admin, stranger, loan
):
    own = client.get(f"{LOANS}/{loan.pk}", headers=api_headers(member_staff))
    outsider = client.get(f"{LOANS}/{loan.pk}", headers=api_headers(outsider_admin))
    foreign = client.get(LOANS, headers=api_headers(stranger))

    assert own.status_code == 200 and own.json()["borrower_name"] == "Léa Martin"
    assert outsider.status_code == 404
    assert foreign.status_code == 404


def test_the_coordinator_checks_out_and_in(client, api_headers, coordinator, item, own_organisation):
    headers = api_headers(coordinator)
    payload = {
        "resource_id": item.pk,
        "organisation_id": own_organisation.pk,
        "borrower_name": "Hugo",
        "due_on": due(),
        "condition": "good",
    }

    out = post(client, LOANS, payload, headers)
    again = post(client, LOANS, payload, headers)
    back = post(client, f"{LOANS}/{out.json()['id']}/check-in", {"condition": "fair"}, headers)
    twice = post(client, f"{LOANS}/{out.json()['id']}/check-in", {"condition": "fair"}, headers)

    assert out.status_code == 201
    assert again.status_code == 422 and "déjà sorti" in again.json()["detail"]
    assert back.status_code == 200 and back.json()["checkin_condition"] == "fair"
    assert twice.status_code == 422 and "déjà clos" in twice.json()["detail"]


def test_a_member_may_not_lend_the_cluster_items(client, api_headers, member_admin, item, own_organisation):
    payload = {
        "resource_id": item.pk,
        "organisation_id": own_organisation.pk,
        "borrower_name": "Hugo",
        "due_on": due(),
        "condition": "good",
    }

    response = post(client, LOANS, payload, api_headers(member_admin))

    assert response.status_code == 403
    assert not Loan.objects.exists()


def test_the_borrower_may_not_record_the_return(client, api_headers, member_admin, loan):
    response = post(client, f"{LOANS}/{loan.pk}/check-in", {"condition": "good"}, api_headers(member_admin))

    assert response.status_code == 403
    loan.refresh_from_db()
    assert loan.is_out


def test_a_bad_condition_or_a_past_date_is_refused(client, api_headers, coordinator, item, own_organisation):
    headers = api_headers(coordinator)
    payload = {
        "resource_id": item.pk,
        "organisation_id": own_organisation.pk,
        "borrower_name": "Hugo",
        "due_on": due(-1),
        "condition": "good",
    }

    past = post(client, LOANS, payload, headers)
    condition = post(client, LOANS, {**payload, "due_on": due(), "condition": "cassé"}, headers)

    assert past.status_code == 422 and past.json()["errors"]["due_on"] == [
        "La date de retour prévue est déjà passée."
    ]
    assert condition.status_code == 422 and "condition" in condition.json()["errors"]
    assert not Loan.objects.exists()


def test_late_loans_are_flagged(client, api_headers, coordinator, loan):
    Loan.objects.filter(pk=loan.pk).update(due_on=timezone.localdate() - timedelta(days=2))

    response = client.get(f"{LOANS}?state=late", headers=api_headers(coordinator))

    assert [item["is_late"] for item in response.json()["items"]] == [True]
