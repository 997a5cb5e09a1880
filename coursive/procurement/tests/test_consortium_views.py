"""The consortium pages, API and watch sharing, tried from the inside and from the outside."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coursive.procurement.consortium_selectors import consortium_advice, partner_clusters
from coursive.procurement.models import Lot, WatchSharing
from coursive.procurement.tests import matching_factories
from coursive.procurement.tests.matching_factories import CapabilityProfileFactory, NoticeFactory
from coursive.responses.models import JointResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_notice():
    return matching_factories.event_notice()


def _event_profile(organisation, turnover):
    return CapabilityProfileFactory(
        organisation=organisation,
        cpv_codes=["79952000", "79951000"],
        keywords="organisation de manifestations, colloques, séminaires, salons, journées professionnelles",
        annual_turnover=Decimal(turnover),
    )


@pytest.fixture
def event_members(own_organisation, other_organisation):
    return [_event_profile(own_organisation, 500_000), _event_profile(other_organisation, 450_000)]


def url(notice, cluster_slug="dijon"):
    return reverse("procurement:consortia", kwargs={"cluster_slug": cluster_slug, "notice_id": notice.pk})


def test_two_members_together_meet_a_lot_threshold_neither_meets_alone(
    cluster, event_notice, event_members, own_organisation, other_organisation
):
    advice = consortium_advice(cluster=cluster, notice=event_notice)

    assert advice.complete
    lot2 = str(event_notice.lots.get(number="2").pk)
    together = [p for p in advice.proposals if lot2 in p.unit_ids]
    assert together and {m.organisation for m in together[0].members} == {
        own_organisation,
        other_organisation,
    }
    assert {f"{lot2}:{own_organisation.pk}", f"{lot2}:{other_organisation.pk}"} <= set(
        together[0].lot_assignments
    )
    assert [m.role for m in together[0].members].count("mandataire") == 1


@pytest.mark.parametrize("actor", ["member_admin", "member_staff", "outsider_admin", "coordinator"])
def test_members_and_the_coordination_see_the_proposals_with_the_form_opening_a_response(
    client, request, actor, event_notice, event_members
):
    client.force_login(request.getfixturevalue(actor))

    response = client.get(url(event_notice))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Proposition 1" in body and 'name="lot_assignments"' in body
    assert reverse("responses:open", kwargs={"cluster_slug": "dijon"}) in body


@pytest.mark.parametrize("actor", ["buyer", "resident"])
def test_buyers_and_residents_cannot_read_members_capacities(
    client, request, actor, event_notice, event_members
):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(url(event_notice)).status_code == 403


def test_another_cluster_and_anonymous_visitors_see_nothing(client, stranger, event_notice, event_members):
    assert client.get(url(event_notice)).status_code == 302
    client.force_login(stranger)
    assert client.get(url(event_notice)).status_code == 404


def test_a_notice_without_lots_or_codes_is_answered_with_a_clear_message(client, member_admin, event_members):
    notice = NoticeFactory(cpv_main="", cpv_additional=[])
    client.force_login(member_admin)

    response = client.get(url(notice))

    assert "ni lots ni code CPV valable" in response.context["error"]


def test_a_cluster_without_profiles_is_told_to_fill_them(client, member_admin, event_notice):
    client.force_login(member_admin)
    response = client.get(url(event_notice))
    assert "Aucune structure du pôle n'a de profil marchés publics" in response.context["error"]


def test_a_threshold_no_combination_meets_gives_the_best_partial_cover_and_the_gap(
    cluster, event_notice, own_organisation
):
    _event_profile(own_organisation, 100_000)

    advice = consortium_advice(cluster=cluster, notice=event_notice)

    assert not advice.complete
    assert any("il manque 800" in line for line in advice.proposals[0].missing)


def test_partner_members_complete_the_cover_only_once_both_clusters_declared_sharing(
    cluster, other_cluster, event_notice, own_organisation, foreign_organisation
):
    _event_profile(own_organisation, 600_000)
    _event_profile(foreign_organisation, 400_000)
    WatchSharing.objects.create(cluster=cluster, partner_cluster=other_cluster)
    assert partner_clusters(cluster=cluster) == []
    lot2 = str(event_notice.lots.get(number="2").pk)
    alone = [
        p for p in consortium_advice(cluster=cluster, notice=event_notice).proposals if lot2 in p.unit_ids
    ]
    assert not alone[0].complete

    WatchSharing.objects.create(cluster=other_cluster, partner_cluster=cluster)
    advice = consortium_advice(cluster=cluster, notice=event_notice)

    assert partner_clusters(cluster=cluster) == [other_cluster]
    completed = next(p for p in advice.proposals if lot2 in p.unit_ids)
    assert completed.complete and completed.with_partners and completed.own_missing
    assert foreign_organisation in {m.organisation for m in completed.members}


def test_the_api_answers_like_the_page(
    client, member_staff, stranger, buyer, event_notice, event_members, api_headers
):
    path = f"/api/clusters/dijon/notices/{event_notice.pk}/consortia"

    response = client.get(path, headers=api_headers(member_staff))

    assert response.status_code == 200
    assert response.json()["complete"] is True
    assert response.json()["proposals"][0]["members"][0]["role"] == "mandataire"
    assert client.get(path).status_code == 401
    assert client.get(path, headers=api_headers(stranger)).status_code == 404
    assert client.get(path, headers=api_headers(buyer)).status_code == 403


def test_the_api_refuses_a_notice_it_cannot_work_on_with_a_french_message(client, member_staff, api_headers):
    notice = NoticeFactory(cpv_main="")
    response = client.get(
        f"/api/clusters/dijon/notices/{notice.pk}/consortia", headers=api_headers(member_staff)
    )
    assert response.status_code == 422 and "ni lots ni code CPV" in response.json()["detail"]


def test_only_the_coordination_declares_and_withdraws_the_sharing(
    client, coordinator, member_admin, other_cluster
):
    address = reverse("procurement:consortium_sharing", kwargs={"cluster_slug": "dijon"})
    client.force_login(member_admin)
    assert client.post(address, {"cluster": other_cluster.pk}).status_code == 403
    assert not WatchSharing.objects.exists()

    client.force_login(coordinator)
    client.post(address, {"cluster": other_cluster.pk, "action": "declare"})
    assert WatchSharing.objects.filter(partner_cluster=other_cluster).count() == 1
    assert "en attente du leur" in client.get(address).content.decode()

    client.post(address, {"cluster": other_cluster.pk, "action": "withdraw"})
    assert not WatchSharing.objects.exists()
    assert client.post(address, {"cluster": "999999"}).status_code == 404


def test_the_proposal_form_opens_a_response_with_its_members_roles_and_lots(
    client, member_admin, event_notice, event_members, own_organisation, other_organisation
):
    client.force_login(member_admin)
    page = client.get(url(event_notice))
    proposal = next(p for p in page.context["advice"].proposals if len(p.members) == 2)
    fields = {
        "notice": event_notice.pk,
        "organisations": [m.organisation.pk for m in proposal.members],
        "mandataire": proposal.mandataire.pk,
        "lot_assignments": proposal.lot_assignments,
    }

    client.post(reverse("responses:open", kwargs={"cluster_slug": "dijon"}), fields)

    response = JointResponse.objects.get(notice=event_notice)
    roles = dict(response.participants.values_list("organisation_id", "role"))
    assert roles == {
        proposal.mandataire.pk: "mandataire",
        next(m.organisation.pk for m in proposal.members if m.role == "cotraitant"): "cotraitant",
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "awarded_contract"}, "n'est pas un appel à la concurrence"),
        ({"status": "cancelled"}, "annulé ou attribué"),
    ],
)
def test_a_notice_that_is_not_an_open_call_is_answered_with_a_clear_message(
    client, member_admin, event_members, fields, message
):
    notice = NoticeFactory(**fields)
    client.force_login(member_admin)
    assert message in client.get(url(notice)).context["error"]


def test_a_call_past_its_deadline_is_answered_with_a_clear_message(client, member_admin, event_members):
    notice = NoticeFactory(deadline_at=timezone.now() - timedelta(days=1))
    client.force_login(member_admin)
    assert "date limite de cet appel est passée" in client.get(url(notice)).context["error"]


def test_a_notice_in_one_lot_is_split_into_its_trades_each_performed_by_an_able_member(
    client, member_admin, cluster, own_organisation, other_organisation
):
    notice = NoticeFactory(
        title="Organisation et captation vidéo des journées professionnelles",
        description="Organisation des journées et captation vidéo des conférences.",
        cpv_main="79952000",
        cpv_additional=["92111000"],
    )
    Lot.objects.create(notice=notice, number="1", title="Lot unique", cpv_codes=["79952000", "92111000"])
    CapabilityProfileFactory(
        organisation=own_organisation,
        cpv_codes=["79952000"],
        keywords="organisation de journées professionnelles, conférences",
        annual_turnover=Decimal(300_000),
    )
    CapabilityProfileFactory(
        organisation=other_organisation,
        cpv_codes=["92111000"],
        keywords="captation vidéo, films, conférences",
        annual_turnover=Decimal(250_000),
    )

    advice = consortium_advice(cluster=cluster, notice=notice)

    assert [unit.id for unit in advice.units] == ["cpv-7995", "cpv-9211"]
    best = advice.proposals[0]
    assert best.complete and best.lot_assignments == []
    assert {m.organisation: [u.id for u in m.units] for m in best.members} == {
        own_organisation: ["cpv-7995"],
        other_organisation: ["cpv-9211"],
    }
    client.force_login(member_admin)
    body = client.get(url(notice)).content.decode()
    assert '<th scope="col">Domaines</th>' in body and '<th scope="col">Lots</th>' not in body


def test_when_no_member_is_able_no_empty_proposal_is_shown_but_what_is_missing(
    cluster, event_notice, own_organisation
):
    CapabilityProfileFactory(organisation=own_organisation, cpv_codes=["45210000"], keywords="maçonnerie")

    advice = consortium_advice(cluster=cluster, notice=event_notice)

    assert advice.proposals == [] and not advice.complete
    assert "Aucun membre du pôle n'est capable de ce que demande cet avis :" in advice.notes
    assert any(note.startswith("Lot 2 — Salons : aucun membre") for note in advice.notes)
