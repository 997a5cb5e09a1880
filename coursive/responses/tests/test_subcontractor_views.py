"""Subcontractors and the pre-filled DC2 per lot and DC4 from the pages, tried from the inside and the
outside: the declaring member edits, the other participants and the coordination see, everyone else gets
nothing."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coursive.accounts.models import Role
from coursive.accounts.tests.factories import MembershipFactory
from coursive.directory.tests.factories import OrganisationFactory
from coursive.responses import services
from coursive.responses.models import ChecklistKind, Subcontractor

from .helpers import notice_with_lots, open_with, pass_deadline
from .test_pdf import pdf_text

pytestmark = pytest.mark.django_db

POSTED = {
    "name": "Lumière Nord SARL",
    "siret": "732 829 320 00074",
    "address": "4 rue des Projecteurs\n21000 Dijon",
    "work": "Location et réglage des éclairages",
    "amount_excl_vat": "1 500,50",
    "vat_rate": "20.00",
    "accepted_at_bid": "on",
}


def url(name, response, *args, slug="dijon") -> str:
    return reverse(f"responses:{name}", args=[slug, response.pk, *args])


def declare(participant, **changes) -> Subcontractor:
    fields = {
        "name": "Lumière Nord SARL",
        "siret": "73282932000074",
        "address": "4 rue des Projecteurs, 21000 Dijon",
        "work": "Location et réglage des éclairages",
        "lot": None,
        "amount_excl_vat": Decimal("1500.50"),
        "vat_rate": Decimal("20.00"),
        "accepted_at_bid": True,
    }
    return services.subcontractor_declare(participant=participant, **{**fields, **changes})


@pytest.fixture
def team(member_admin, own_organisation, other_organisation):
    """A response of two members who have both accepted."""
    response = open_with(member_admin, other_organisation)
    other = response.participants.get(organisation=other_organisation)
    services.participant_answer(participant=other, accept=True, reason="", answered_by=None)
    return response


def test_a_member_declares_a_subcontractor_from_the_page(client, team, member_staff, own_organisation):
    client.force_login(member_staff)

    page = client.post(url("subcontractor_add", team), POSTED)

    assert page.status_code == 302 and page["Location"].endswith("#sous-traitants")
    subcontractor = Subcontractor.objects.get()
    assert subcontractor.participant.organisation == own_organisation
    assert subcontractor.amount_excl_vat == Decimal("1500.50")
    assert subcontractor.amount_incl_vat == Decimal("1800.60")
    assert team.checklist.filter(kind=ChecklistKind.DC4, subcontractor=subcontractor).exists()
    content = client.get(url("workspace", team)).content.decode()
    assert "Lumière Nord SARL" in content and "Modifier ou retirer" in content


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"siret": "73282932000075"}, "clé de contrôle"),
        ({"amount_excl_vat": "-12"}, "supérieur à zéro"),
    ],
)
def test_bad_input_from_the_page_shows_why_and_writes_nothing(client, team, member_admin, changes, message):
    client.force_login(member_admin)

    page = client.post(url("subcontractor_add", team), {**POSTED, **changes}, follow=True)

    assert message in page.content.decode()
    assert not Subcontractor.objects.exists()


def test_after_the_deadline_the_page_refuses_to_declare(client, team, member_admin):
    pass_deadline(team)
    client.force_login(member_admin)

    page = client.post(url("subcontractor_add", team), POSTED, follow=True)

    assert "R2142-26" in page.content.decode()
    assert not Subcontractor.objects.exists()


def test_another_participant_sees_but_cannot_change_my_subcontractors(
    client, team, own_organisation, outsider_admin
):
    subcontractor = declare(team.participants.get(organisation=own_organisation))
    client.force_login(outsider_admin)

    content = client.get(url("workspace", team)).content.decode()
    updated = client.post(url("subcontractor_update", team, subcontractor.pk), {**POSTED, "name": "Pirate"})
    removed = client.post(url("subcontractor_remove", team, subcontractor.pk))

    assert "Lumière Nord SARL" in content and "Modifier ou retirer" not in content
    assert updated.status_code == 403 and removed.status_code == 403
    subcontractor.refresh_from_db()
    assert subcontractor.name == "Lumière Nord SARL"
    assert client.get(url("dc4", team, subcontractor.pk)).status_code == 200


def test_the_coordinator_sees_but_does_not_declare(client, team, own_organisation, coordinator):
    subcontractor = declare(team.participants.get(organisation=own_organisation))
    client.force_login(coordinator)

    assert "Lumière Nord SARL" in client.get(url("workspace", team)).content.decode()
    assert client.post(url("subcontractor_add", team), POSTED).status_code == 403
    assert client.post(url("subcontractor_remove", team, subcontractor.pk)).status_code == 403
    assert Subcontractor.objects.count() == 1


def test_the_declaring_member_updates_and_removes(client, team, own_organisation, member_admin):
    subcontractor = declare(team.participants.get(organisation=own_organisation))
    client.force_login(member_admin)

    client.post(url("subcontractor_update", team, subcontractor.pk), {**POSTED, "amount_excl_vat": "400"})
    subcontractor.refresh_from_db()
    assert subcontractor.amount_excl_vat == Decimal("400") and subcontractor.direct_payment is False

    client.post(url("subcontractor_remove", team, subcontractor.pk))
    assert not Subcontractor.objects.exists()
    assert not team.checklist.filter(kind=ChecklistKind.DC4).exists()


@pytest.mark.parametrize("who", ["buyer", "resident", "stranger", "non_participant"])
def test_outsiders_get_a_404_and_write_nothing(client, team, own_organisation, cluster, request, who):
    subcontractor = declare(team.participants.get(organisation=own_organisation))
    if who == "non_participant":
        user = MembershipFactory(
            cluster=cluster, role=Role.MEMBER_ADMIN, organisation=OrganisationFactory(cluster=cluster)
        ).user
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)

    assert client.get(url("dc4", team, subcontractor.pk)).status_code == 404
    assert client.post(url("subcontractor_add", team), POSTED).status_code == 404
    assert client.post(url("subcontractor_update", team, subcontractor.pk), POSTED).status_code == 404
    assert client.post(url("subcontractor_remove", team, subcontractor.pk)).status_code == 404
    assert Subcontractor.objects.count() == 1


def test_anonymous_visitors_are_sent_to_the_login_page(client, team, own_organisation):
    subcontractor = declare(team.participants.get(organisation=own_organisation))

    for page in (
        client.get(url("dc4", team, subcontractor.pk)),
        client.post(url("subcontractor_add", team), POSTED),
    ):
        assert page.status_code == 302 and "/compte/connexion/" in page["Location"]
    assert Subcontractor.objects.count() == 1


def test_the_dc4_is_a_pdf_naming_both_companies_and_direct_payment(
    client, team, own_organisation, member_admin
):
    subcontractor = declare(team.participants.get(organisation=own_organisation))
    client.force_login(member_admin)

    page = client.get(url("dc4", team, subcontractor.pk))

    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
    assert page.content.startswith(b"%PDF")
    text = pdf_text(page.content)
    for expected in (
        "Lumière Nord SARL",
        "73282932000074",
        own_organisation.legal_name,
        "R2193-10",
        "800,60",
    ):
        assert expected in text


def test_each_lot_has_its_dc2_and_the_old_address_gives_them_all(client, member_admin, own_organisation):
    notice, lots = notice_with_lots()
    response = open_with(member_admin, notice=notice)
    participant = response.participants.get(organisation=own_organisation)
    services.share_set(participant=participant, lot=lots[0], work="Charte graphique", amount=None)
    services.share_set(participant=participant, lot=lots[1], work="Captation des spectacles", amount=None)
    client.force_login(member_admin)

    second = client.get(url("dc2_lot", response, participant.pk, lots[1].pk))
    combined = client.get(url("dc2", response, participant.pk))

    assert second.status_code == 200 and second["Content-Type"] == "application/pdf"
    text = pdf_text(second.content)
    assert own_organisation.legal_name in text and "Captation des spectacles" in text
    assert "Lot 2" in text and "Charte graphique" not in text
    combined_text = pdf_text(combined.content)
    assert "Charte graphique" in combined_text and "Captation des spectacles" in combined_text
    workspace = client.get(url("workspace", response)).content.decode()
    assert url("dc2_lot", response, participant.pk, lots[0].pk) in workspace


def test_a_dc2_for_a_lot_the_member_does_not_take_is_a_404(client, member_admin, own_organisation):
    notice, lots = notice_with_lots()
    response = open_with(member_admin, notice=notice)
    participant = response.participants.get(organisation=own_organisation)
    services.share_set(participant=participant, lot=lots[0], work="", amount=None)
    client.force_login(member_admin)

    assert client.get(url("dc2_lot", response, participant.pk, lots[1].pk)).status_code == 404


def test_the_workspace_query_count_does_not_grow_with_the_subcontractors(
    client, member_admin, own_organisation, other_organisation
):
    client.force_login(member_admin)
    responses = []
    for count in (1, 6):
        response = open_with(member_admin, other_organisation)
        other = response.participants.get(organisation=other_organisation)
        services.participant_answer(participant=other, accept=True, reason="", answered_by=None)
        for index in range(count):
            declare(response.participants.get(organisation=own_organisation), name=f"Sous-traitant {index}")
            declare(other, name=f"Partenaire {index}")
        responses.append(response)

    counts = []
    for response in responses:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("workspace", response)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
