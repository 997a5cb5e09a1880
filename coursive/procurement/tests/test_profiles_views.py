from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coursive.procurement.matching import DEFAULT_THRESHOLD
from coursive.procurement.models import CapabilityProfile, ProfileReference

from .matching_factories import (
    CapabilityProfileFactory,
    DecpContractFactory,
    NoticeFactory,
    ProfileReferenceFactory,
)

pytestmark = [pytest.mark.django_db]

GRAPHIC_DESIGN = "Studio de design graphique : identité visuelle, affiches, programmes et mise en page."
PROFILE_POST = {
    "cpv_codes": "79822500 — Services de conception graphique\n79800000, 92312000",
    "keywords": "affiches, programmes",
    "departements": ["21", "71"],
    "annual_turnover": "120 000,50",
    "headcount": "4",
    "certifications": "Qualiopi, ISO 14001",
}


def url(name, organisation=None, cluster_slug="dijon", **kwargs):
    if organisation is not None:
        kwargs["organisation_id"] = organisation.pk
    return reverse(f"procurement:{name}", kwargs={"cluster_slug": cluster_slug, **kwargs})


@pytest.fixture
def studio_profile(own_organisation):
    own_organisation.description = GRAPHIC_DESIGN
    own_organisation.save()
    return CapabilityProfileFactory(organisation=own_organisation)


# Profile page


@pytest.mark.parametrize("actor", ["member_admin", "member_staff", "outsider_admin", "coordinator", "buyer"])
def test_anyone_in_the_cluster_sees_a_profile(client, request, actor, studio_profile, own_organisation):
    ProfileReferenceFactory(profile=studio_profile)
    client.force_login(request.getfixturevalue(actor))

    response = client.get(url("profile", own_organisation))

    assert response.status_code == 200
    assert "79822500" in response.text and "Services de conception graphique" in response.text
    assert "Affiches de la saison 2024 du théâtre municipal" in response.text


def test_the_profile_page_says_matching_uses_the_directory_until_it_is_filled(
    client, member_staff, own_organisation
):
    client.force_login(member_staff)

    response = client.get(url("profile", own_organisation))

    assert "pas encore rempli" in response.text
    assert url("profile_edit", own_organisation) not in response.text


def test_someone_from_another_cluster_gets_not_found(client, stranger, own_organisation, studio_profile):
    client.force_login(stranger)

    assert client.get(url("profile", own_organisation)).status_code == 404
    assert client.get(url("profile_edit", own_organisation)).status_code == 404
    assert client.post(url("profile_edit", own_organisation), PROFILE_POST).status_code == 404
    assert client.get(url("profile", own_organisation, cluster_slug="saint-etienne")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, own_organisation):
    for address in (
        url("profile", own_organisation),
        url("profile_edit", own_organisation),
        url("my_matches"),
    ):
        response = client.get(address)

        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


# Editing


def test_the_member_admin_edits_its_profile(client, member_admin, own_organisation):
    client.force_login(member_admin)

    response = client.post(url("profile_edit", own_organisation), PROFILE_POST)

    assert response.status_code == 302
    profile = CapabilityProfile.objects.get(organisation=own_organisation)
    assert profile.cpv_codes == ["79822500", "79800000", "92312000"]
    assert profile.departements == ["21", "71"]
    assert profile.certifications == ["Qualiopi", "ISO 14001"]
    assert profile.annual_turnover == Decimal("120000.50")
    assert profile.cluster == own_organisation.cluster


def test_the_edit_form_shows_codes_with_their_labels_and_suggestions(
    client, member_admin, own_organisation, studio_profile
):
    client.force_login(member_admin)

    response = client.get(url("profile_edit", own_organisation))

    assert response.status_code == 200
    assert "79822500 — Services de conception graphique" in response.text
    assert 'name="add_cpv"' in response.text
    assert "Bourgogne-Franche-Comté" in response.text


def test_a_suggested_code_is_added_with_what_was_typed(
    client, member_admin, own_organisation, studio_profile
):
    client.force_login(member_admin)

    response = client.post(url("profile_edit", own_organisation), PROFILE_POST | {"add_cpv": "79810000"})

    assert response.status_code == 302
    assert response.url.endswith("#suggestions")
    studio_profile.refresh_from_db()
    assert studio_profile.cpv_codes[-1] == "79810000"
    assert studio_profile.keywords == "affiches, programmes"


def test_an_unknown_cpv_code_is_refused_with_its_field_named_and_nothing_saved(
    client, member_admin, own_organisation
):
    client.force_login(member_admin)

    response = client.post(
        url("profile_edit", own_organisation), PROFILE_POST | {"cpv_codes": "79822500\n12345678"}
    )

    assert response.status_code == 200
    assert "Codes CPV : Code CPV inconnu de la nomenclature CPV 2008 : 12345678." in response.text
    assert not CapabilityProfile.objects.exists()


def test_the_coordinator_edits_any_profile_of_the_cluster(client, coordinator, own_organisation):
    client.force_login(coordinator)

    assert client.post(url("profile_edit", own_organisation), PROFILE_POST).status_code == 302
    assert CapabilityProfile.objects.filter(organisation=own_organisation).exists()


@pytest.mark.parametrize("actor", ["outsider_admin", "member_staff", "buyer"])
def test_others_of_the_cluster_cannot_edit_the_profile(client, request, actor, own_organisation):
    client.force_login(request.getfixturevalue(actor))

    assert client.get(url("profile_edit", own_organisation)).status_code == 403
    assert client.post(url("profile_edit", own_organisation), PROFILE_POST).status_code == 403
    assert client.post(url("reference_add", own_organisation), {"title": "Affiches"}).status_code == 403
    assert not CapabilityProfile.objects.exists()


# References


def test_a_reference_is_linked_to_a_contract_found_in_the_decp(client, member_admin, own_organisation):
    contract = DecpContractFactory(buyer_name="Ville de Beaune")
    client.force_login(member_admin)
    address = url("reference_add", own_organisation) + "?decp=identite+festival"

    page = client.get(address)
    response = client.post(address, {"title": "", "notice": contract.pk})

    assert contract.official_id in page.text
    assert response.status_code == 302
    reference = ProfileReference.objects.get()
    assert (reference.notice, reference.title, reference.buyer_name) == (
        contract,
        contract.title,
        "Ville de Beaune",
    )


def test_a_reference_is_edited_and_deleted_by_its_organisation(
    client, member_admin, own_organisation, studio_profile
):
    reference = ProfileReferenceFactory(profile=studio_profile)
    client.force_login(member_admin)
    edit = url("reference_edit", own_organisation, reference_id=reference.pk)

    assert client.post(edit, {"title": "Programmes 2025", "year": "2025"}).status_code == 302
    reference.refresh_from_db()
    assert reference.title == "Programmes 2025"
    assert (
        client.post(url("reference_delete", own_organisation, reference_id=reference.pk)).status_code == 302
    )
    assert not ProfileReference.objects.exists()


def test_another_organisation_cannot_delete_a_reference(
    client, outsider_admin, other_organisation, own_organisation, studio_profile
):
    reference = ProfileReferenceFactory(profile=studio_profile)
    client.force_login(outsider_admin)

    assert (
        client.post(url("reference_delete", own_organisation, reference_id=reference.pk)).status_code == 403
    )
    # Through its own organisation's address, the reference of another is not found.
    assert (
        client.post(url("reference_delete", other_organisation, reference_id=reference.pk)).status_code == 404
    )
    assert ProfileReference.objects.exists()


# Opportunities


def test_a_member_sees_its_matched_notices_with_the_reasons(client, member_staff, studio_profile):
    notice = NoticeFactory()
    NoticeFactory(title="Nettoyage des gymnases", description="", cpv_main="90911200")
    client.force_login(member_staff)

    response = client.get(url("my_matches"))

    assert response.status_code == 200
    [(found, lot, match)] = response.context["opportunities"]
    assert (found, lot) == (notice, None) and match.total >= DEFAULT_THRESHOLD
    assert url("notice_detail", notice_id=notice.pk) in response.text
    assert "c&#x27;est l&#x27;un de vos codes" in response.text
    assert f"{DEFAULT_THRESHOLD} points" in response.text


def test_a_closed_notice_is_not_among_the_opportunities(client, member_admin, studio_profile):
    NoticeFactory(deadline_at=timezone.now() - timedelta(days=1))
    client.force_login(member_admin)

    response = client.get(url("my_matches"))

    assert response.context["opportunities"] == []
    assert "Aucun avis ouvert" in response.text


def test_the_coordinator_chooses_the_organisation(client, coordinator, own_organisation, studio_profile):
    NoticeFactory()
    client.force_login(coordinator)

    chooser = client.get(url("my_matches"))
    chosen = client.get(url("my_matches"), {"organisation": own_organisation.pk})

    assert chooser.context["organisation"] is None and 'name="organisation"' in chooser.text
    assert chosen.context["organisation"] == own_organisation
    assert len(chosen.context["opportunities"]) == 1


def test_the_coordinator_cannot_look_at_another_cluster_organisation(
    client, coordinator, foreign_organisation
):
    client.force_login(coordinator)

    assert client.get(url("my_matches"), {"organisation": foreign_organisation.pk}).status_code == 404


@pytest.mark.parametrize("actor", ["buyer", "resident"])
def test_buyers_and_residents_are_told_opportunities_are_for_members(client, request, actor):
    client.force_login(request.getfixturevalue(actor))

    response = client.get(url("my_matches"))

    assert response.status_code == 403
    assert "Réservé à la coordination et aux structures membres du pôle." in response.text


def test_opportunities_of_another_cluster_are_not_found(client, stranger):
    client.force_login(stranger)

    assert client.get(url("my_matches")).status_code == 404
