"""Notices and matches through the API: who may read what, pagination, filters and the demo's date shift."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from coursive.core.text import search_document
from coursive.procurement.models import Award, AwardWinner, Lot
from coursive.procurement.records import NoticeKind
from coursive.procurement.tests.matching_factories import (
    CapabilityProfileFactory,
    DecpContractFactory,
    NoticeFactory,
)

NOTICES_URL = "/api/clusters/dijon/notices"


def notice_url(notice) -> str:
    return f"{NOTICES_URL}/{notice.pk}"


def opportunities_url(organisation) -> str:
    return f"/api/clusters/{organisation.cluster.slug}/organisations/{organisation.pk}/matches"


def listed_ids(response) -> list[str]:
    return [item["official_id"] for item in response.json()["items"]]


def call(official_id: str, **fields):
    """An open call for tenders, searchable by its words."""
    notice = NoticeFactory(official_id=official_id, **fields)
    notice.search_text = search_document(notice.title, notice.description, notice.buyer_name)
    notice.save()
    return notice


@pytest.fixture
def design_call(db):
    return call("26-100001")


@pytest.fixture
def studio_profile(own_organisation):
    """Compagnie La Mouette, here a graphic design studio in Côte-d'Or: the call above is for it."""
    return CapabilityProfileFactory(organisation=own_organisation)


@pytest.mark.parametrize(
    "path",
    [
        NOTICES_URL,
        f"{NOTICES_URL}/1",
        f"{NOTICES_URL}/1/matches",
        "/api/clusters/dijon/organisations/1/matches",
    ],
)
def test_anonymous_visitors_must_authenticate(client, path):
    response = client.get(path)

    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentification requise")


def test_a_member_of_another_cluster_does_not_see_this_one(client, api_headers, stranger, design_call):
    for path in (NOTICES_URL, notice_url(design_call), f"{notice_url(design_call)}/matches"):
        response = client.get(path, headers=api_headers(stranger))

        assert response.status_code == 404
        assert response.json()["detail"] == "Pôle introuvable."


def test_any_member_lists_the_notices_open_calls_first(client, api_headers, resident):
    call("26-100001", deadline_at=timezone.now() + timedelta(days=20))
    call("26-100002", deadline_at=timezone.now() + timedelta(days=5))
    DecpContractFactory(official_id="2024-00001", published_on=date(2024, 3, 1))

    response = client.get(NOTICES_URL, headers=api_headers(resident))

    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert listed_ids(response) == ["26-100002", "26-100001", "2024-00001"]
    assert [item["status"] for item in response.json()["items"]] == ["open", "open", "awarded"]


def test_the_list_is_paginated(client, api_headers, buyer):
    for number in range(5):
        call(f"26-10000{number}", deadline_at=timezone.now() + timedelta(days=10 + number))

    first = client.get(f"{NOTICES_URL}?limit=2", headers=api_headers(buyer))
    last = client.get(f"{NOTICES_URL}?limit=2&offset=4", headers=api_headers(buyer))

    assert first.json()["count"] == 5
    assert listed_ids(first) == ["26-100000", "26-100001"]
    assert listed_ids(last) == ["26-100004"]


def test_the_list_filters_by_status_cpv_departement_kind_and_words(client, api_headers, member_staff):
    call("26-100001")
    call("26-100002", title="Captation vidéo des spectacles", cpv_main="92111000", departements=["71"])
    call("26-100003", deadline_at=timezone.now() - timedelta(days=1))
    DecpContractFactory(official_id="2024-00001")
    headers = api_headers(member_staff)

    def ids(query: str) -> list[str]:
        return sorted(listed_ids(client.get(f"{NOTICES_URL}?{query}", headers=headers)))

    assert ids("status=open") == ["26-100001", "26-100002"]
    assert ids("cpv=9211") == ["26-100002"]
    assert ids("departement=71") == ["26-100002"]
    assert ids("kind=awarded_contract") == ["2024-00001"]
    assert ids("q=captations") == ["26-100002"]
    assert ids("status=all&cpv=7982") == ["2024-00001", "26-100001", "26-100003"]


def test_malformed_filters_are_refused_with_their_reason(client, api_headers, buyer):
    response = client.get(f"{NOTICES_URL}?cpv=79x&departement=99&status=soon", headers=api_headers(buyer))

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["cpv"] == ["Indiquez de 2 à 8 chiffres du début d'un code CPV, par exemple 7995."]
    assert errors["departement"] == ["Département inconnu : indiquez un code comme 21, 2A ou 974."]
    assert errors["status"] == ["Valeur non autorisée. Valeurs possibles : 'open' ou 'all'."]


def test_a_notice_comes_with_its_lots_its_awards_and_its_demo_shift(client, api_headers, buyer):
    notice = call("26-100001", demo_date_shift_days=2_184, estimated_value=Decimal("90000"))
    Lot.objects.create(notice=notice, number="1", title="Affiches", cpv_codes=["79822500"])
    award = Award.objects.create(notice=notice, lot_number="1", amount=Decimal("42000"))
    AwardWinner.objects.create(award=award, name="Atelier Trait", identifier="12345678900011")

    response = client.get(notice_url(notice), headers=api_headers(buyer))

    assert response.status_code == 200
    body = response.json()
    assert (body["official_id"], body["status"], body["demo_date_shift_days"]) == ("26-100001", "open", 2_184)
    assert Decimal(body["estimated_value"]) == Decimal("90000")
    assert [(lot["number"], lot["title"], lot["cpv_codes"]) for lot in body["lots"]] == [
        ("1", "Affiches", ["79822500"])
    ]
    assert body["awards"][0]["winners"] == [
        {"name": "Atelier Trait", "identifier": "12345678900011", "identifier_type": ""}
    ]
    assert body["awards"][0]["notice_id"] == notice.pk


def test_a_real_notice_says_its_dates_are_not_shifted(client, api_headers, buyer):
    contract = DecpContractFactory()

    response = client.get(notice_url(contract), headers=api_headers(buyer))

    assert response.json()["demo_date_shift_days"] == 0


def test_an_unknown_notice_is_not_found(client, api_headers, buyer):
    response = client.get(f"{NOTICES_URL}/999999", headers=api_headers(buyer))

    assert response.status_code == 404
    assert response.json()["detail"] == "Avis introuvable."


def test_any_member_reads_the_members_matched_with_a_call_and_why(
    client, api_headers, resident, design_call, studio_profile, other_organisation
):
    response = client.get(f"{notice_url(design_call)}/matches", headers=api_headers(resident))

    assert response.status_code == 200
    [match] = response.json()
    assert (match["organisation_id"], match["organisation_name"]) == (
        studio_profile.organisation_id,
        "Compagnie La Mouette",
    )
    assert match["total"] == sum(component["points"] for component in match["components"])
    assert [component["name"] for component in match["components"]] == [
        "cpv",
        "text",
        "geography",
        "capacity",
        "reservation",
    ]
    assert match["reasons"][0].startswith("Code CPV 79822500 (Services de conception graphique)")


def test_an_awarded_contract_has_no_matches(client, api_headers, buyer, studio_profile):
    contract = DecpContractFactory(cpv_main="79822500", departements=["21"])

    response = client.get(f"{notice_url(contract)}/matches", headers=api_headers(buyer))

    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize("who", ["member_admin", "member_staff", "coordinator"])
def test_the_organisation_and_the_coordination_read_its_opportunities(
    client, api_headers, request, who, own_organisation, studio_profile, design_call
):
    DecpContractFactory(cpv_main="79822500", departements=["21"])
    call("26-100009", deadline_at=timezone.now() - timedelta(days=1))
    user = request.getfixturevalue(who)

    response = client.get(opportunities_url(own_organisation), headers=api_headers(user))

    assert response.status_code == 200
    [opportunity] = response.json()
    assert opportunity["notice"]["official_id"] == "26-100001"
    assert opportunity["notice"]["status"] == "open"
    assert opportunity["lot_id"] is None
    assert any("dans votre zone d'intervention" in reason for reason in opportunity["reasons"])


@pytest.mark.parametrize("who", ["outsider_admin", "buyer", "resident"])
def test_nobody_else_in_the_cluster_reads_an_organisations_opportunities(
    client, api_headers, request, who, own_organisation, studio_profile
):
    response = client.get(
        opportunities_url(own_organisation), headers=api_headers(request.getfixturevalue(who))
    )

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Seules la coordination du pôle et les personnes de cette structure voient ses opportunités."
    )


def test_an_organisation_of_another_cluster_is_not_found(
    client, api_headers, coordinator, foreign_organisation
):
    url = f"/api/clusters/dijon/organisations/{foreign_organisation.pk}/matches"

    response = client.get(url, headers=api_headers(coordinator))

    assert response.status_code == 404
    assert response.json()["detail"] == "Structure introuvable."


def test_matches_accept_a_limit_within_bounds(client, api_headers, member_admin, own_organisation):
    response = client.get(
        f"{opportunities_url(own_organisation)}?limit=51", headers=api_headers(member_admin)
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"limit": ["La valeur doit être inférieure ou égale à 50."]}


def test_prior_information_notices_are_calls_too(
    client, api_headers, member_admin, own_organisation, studio_profile
):
    call("26-100001", kind=NoticeKind.PRIOR_INFORMATION)

    response = client.get(opportunities_url(own_organisation), headers=api_headers(member_admin))

    assert [item["notice"]["kind"] for item in response.json()] == ["prior_information"]
