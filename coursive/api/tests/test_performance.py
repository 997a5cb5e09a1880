"""What keeps the API cheap: a token's use is written at most once a minute, and a page of the directory costs
the same few queries whatever its size, with items identical to the organisation's own page."""

from datetime import timedelta

from django.utils import timezone

from coursive.accounts.models import ApiToken
from coursive.accounts.services import api_token_create
from coursive.directory.models import Skill
from coursive.directory.services import organisation_update
from coursive.directory.tests.factories import OrganisationFactory

LIST_URL = "/api/clusters/dijon/organisations"
# The token, the conditional write of its use, the membership, the count, the page, its skills and tags.
LIST_QUERIES = 7


def test_a_token_used_again_within_the_minute_keeps_its_recorded_use(client, coordinator):
    token, raw = api_token_create(user=coordinator, name="script")
    headers = {"Authorization": f"Bearer {raw}"}
    client.get("/api/me", headers=headers)
    token.refresh_from_db()
    first_use = token.last_used_at

    response = client.get("/api/me", headers=headers)

    token.refresh_from_db()
    assert response.status_code == 200
    assert first_use is not None
    assert token.last_used_at == first_use


def test_a_token_last_used_over_a_minute_ago_records_its_new_use(client, coordinator):
    token, raw = api_token_create(user=coordinator, name="script")
    long_ago = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=long_ago)

    client.get("/api/me", headers={"Authorization": f"Bearer {raw}"})

    token.refresh_from_db()
    assert token.last_used_at > long_ago


def test_a_page_of_fifty_costs_a_bounded_number_of_queries(
    client, api_headers, buyer, cluster, django_assert_max_num_queries
):
    skills = list(Skill.objects.all()[:3])
    for number in range(60):
        organisation = OrganisationFactory(cluster=cluster, legal_name=f"Structure {number:02d}")
        organisation_update(organisation=organisation, by=None, fields={}, skills=skills, tag_names=["danse"])
    headers = api_headers(buyer)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(f"{LIST_URL}?limit=50&offset=5", headers=headers)

    body = response.json()
    assert (body["count"], len(body["items"])) == (60, 50)
    assert body["items"][0]["legal_name"] == "Structure 05"
    assert all(len(item["skills"]) == 3 and item["tags"] == ["danse"] for item in body["items"])


def test_a_listed_organisation_reads_as_on_its_own_page(client, api_headers, buyer, own_organisation):
    organisation_update(
        organisation=own_organisation,
        by=None,
        fields={"trade_name": "La Mouette", "member_since": "2021-03-01"},
        skills=list(Skill.objects.filter(slug__in=["regie-son", "mise-en-scene"])),
        tag_names=["Jeune public", "Cirque"],
    )
    headers = api_headers(buyer)

    listed = client.get(LIST_URL, headers=headers).json()["items"]
    own_page = client.get(f"{LIST_URL}/{own_organisation.pk}", headers=headers).json()

    assert listed == [own_page]
    assert [skill["slug"] for skill in own_page["skills"]] == ["mise-en-scene", "regie-son"]
    assert own_page["tags"] == ["cirque", "jeune public"]
