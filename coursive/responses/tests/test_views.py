"""The workspace pages tried from the inside and the outside: participants and the coordination see it;
a member of another organisation, another cluster and an anonymous visitor get nothing."""

import pytest
from django.urls import reverse

from coursive.accounts.models import Role
from coursive.accounts.tests.factories import MembershipFactory
from coursive.procurement.tests.matching_factories import NoticeFactory
from coursive.responses.models import InvitationStatus, JointResponse, Participant, ResponseStatus

from .helpers import notice_with_lots, open_with, pass_deadline, share_watch

pytestmark = pytest.mark.django_db


def workspace_url(response, slug="dijon") -> str:
    return reverse("responses:workspace", args=[slug, response.pk])


@pytest.fixture
def response(member_admin):
    return open_with(member_admin)


def test_participants_and_the_coordinator_see_the_workspace(client, response, member_staff, coordinator):
    for user in (member_staff, coordinator):
        client.force_login(user)
        page = client.get(workspace_url(response))
        assert page.status_code == 200
        assert "Pièces à produire" in page.content.decode()


@pytest.mark.parametrize("who", ["outsider_admin", "buyer", "resident"])
def test_other_members_of_the_cluster_get_a_404(client, response, request, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(workspace_url(response)).status_code == 404
    assert client.get(reverse("responses:dc1", args=["dijon", response.pk])).status_code == 404
    assert (
        client.post(reverse("responses:status", args=["dijon", response.pk]), {"status": "won"}).status_code
        == 404
    )
    response.refresh_from_db()
    assert response.status == ResponseStatus.SPOTTED


def test_another_cluster_gets_a_404_under_either_address(client, response, stranger):
    client.force_login(stranger)

    assert client.get(workspace_url(response)).status_code == 404
    assert client.get(workspace_url(response, slug="saint-etienne")).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, response):
    page = client.get(workspace_url(response))

    assert page.status_code == 302
    assert "/compte/connexion/" in page["Location"]


def test_the_board_shows_only_the_responses_the_user_takes_part_in(
    client, response, outsider_admin, member_staff
):
    own_title = response.notice.title
    other = open_with(outsider_admin, notice=NoticeFactory(title="Captation des concerts d'été"))

    client.force_login(member_staff)
    content = client.get(reverse("responses:board", args=["dijon"])).content.decode()

    assert own_title in content
    assert other.notice.title not in content


def test_the_coordinator_board_shows_every_response_of_the_cluster(
    client, response, outsider_admin, coordinator
):
    open_with(outsider_admin, notice=NoticeFactory(title="Captation des concerts d'été"))

    client.force_login(coordinator)
    content = client.get(reverse("responses:board", args=["dijon"])).content.decode()

    assert "Captation des concerts d&#x27;été" in content
    assert response.notice.title in content


def test_opening_from_a_proposed_consortium_redirects_to_the_workspace(
    client, member_admin, own_organisation, other_organisation
):
    notice, lots = notice_with_lots()
    client.force_login(member_admin)

    page = client.post(
        reverse("responses:open", args=["dijon"]),
        {
            "notice": notice.pk,
            "organisations": [own_organisation.pk, other_organisation.pk],
            "mandataire": own_organisation.pk,
            "lot_assignments": [
                f"{lots[0].pk}:{own_organisation.pk}",
                f"{lots[1].pk}:{other_organisation.pk}",
            ],
        },
    )

    created = JointResponse.objects.get()
    assert page.status_code == 302 and page["Location"] == workspace_url(created)
    assert created.participants.count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {"notice": "abc"},
        {"notice": "999999"},
        {"notice": "NOTICE", "organisations": ["999999"]},
        {"notice": "NOTICE", "mandataire": "OTHER"},
        {"notice": "NOTICE", "lot_assignments": ["nonsense"]},
    ],
)
def test_bad_opening_input_writes_nothing(client, member_admin, other_organisation, data):
    notice = NoticeFactory()
    data = {
        key: (
            [str(notice.pk) if v == "NOTICE" else v for v in value]
            if isinstance(value, list)
            else {"NOTICE": str(notice.pk), "OTHER": str(other_organisation.pk)}.get(value, value)
        )
        for key, value in data.items()
    }
    client.force_login(member_admin)

    page = client.post(reverse("responses:open", args=["dijon"]), data, follow=True)

    assert page.status_code == 200
    assert not JointResponse.objects.exists()
    assert [m.level_tag for m in page.context["messages"]] == ["error"]


def test_a_buyer_cannot_open_a_response(client, buyer):
    client.force_login(buyer)

    page = client.post(reverse("responses:open", args=["dijon"]), {"notice": NoticeFactory().pk})

    assert page.status_code == 403
    assert not JointResponse.objects.exists()


def test_an_invited_admin_accepts_and_a_staff_member_cannot_answer(
    client, member_admin, other_organisation, outsider_admin, cluster
):
    response = open_with(member_admin, other_organisation)
    invited = response.participants.get(organisation=other_organisation)
    colleague = MembershipFactory(
        cluster=cluster, role=Role.MEMBER_STAFF, organisation=other_organisation
    ).user
    url = reverse("responses:answer", args=["dijon", response.pk, invited.pk])

    client.force_login(colleague)
    assert client.get(workspace_url(response)).status_code == 200
    assert client.post(url, {"decision": "accept"}).status_code == 403
    client.force_login(outsider_admin)
    assert client.post(url, {"decision": "accept"}).status_code == 302

    invited.refresh_from_db()
    assert invited.invitation_status == InvitationStatus.ACCEPTED


def test_an_invited_organisation_cannot_edit_before_accepting(
    client, member_admin, other_organisation, outsider_admin
):
    response = open_with(member_admin, other_organisation)
    client.force_login(outsider_admin)

    page = client.post(reverse("responses:status", args=["dijon", response.pk]), {"status": "abandoned"})

    assert page.status_code == 403
    response.refresh_from_db()
    assert response.status == ResponseStatus.SPOTTED


def test_a_partner_cluster_member_answers_under_its_own_cluster(
    client, member_admin, cluster, other_cluster, foreign_organisation, stranger
):
    share_watch(cluster, other_cluster)
    response = open_with(member_admin, foreign_organisation)
    invited = response.participants.get(organisation=foreign_organisation)
    client.force_login(stranger)

    assert client.get(workspace_url(response, slug="saint-etienne")).status_code == 200
    client.post(
        reverse("responses:answer", args=["saint-etienne", response.pk, invited.pk]), {"decision": "accept"}
    )

    invited.refresh_from_db()
    assert invited.invitation_status == InvitationStatus.ACCEPTED
    assert (
        client.get(reverse("responses:board", args=["saint-etienne"]))
        .content.decode()
        .count(response.notice.title)
        == 1
    )


def test_inviting_a_non_partner_organisation_shows_why_and_writes_nothing(
    client, member_admin, foreign_organisation, response
):
    client.force_login(member_admin)

    page = client.post(
        reverse("responses:invite", args=["dijon", response.pk]),
        {"organisation": foreign_organisation.pk, "role": "cotraitant"},
        follow=True,
    )

    assert "ne partage pas sa veille" in page.content.decode()
    assert not Participant.objects.filter(organisation=foreign_organisation).exists()


def test_after_the_deadline_the_page_says_the_membership_is_frozen(
    client, member_admin, other_organisation, cluster
):
    from coursive.directory.tests.factories import OrganisationFactory

    response = open_with(member_admin)
    third = OrganisationFactory(cluster=cluster)
    pass_deadline(response)
    client.force_login(member_admin)

    page = client.post(
        reverse("responses:invite", args=["dijon", response.pk]),
        {"organisation": third.pk, "role": "cotraitant"},
        follow=True,
    )

    assert "composition du groupement est figée" in page.content.decode()
    assert response.participants.count() == 1


def test_shares_and_checklist_forms_work_from_the_page(client, member_admin, own_organisation):
    notice, lots = notice_with_lots()
    response = open_with(member_admin, notice=notice)
    participant = response.participants.get()
    client.force_login(member_admin)

    client.post(
        reverse("responses:share_save", args=["dijon", response.pk]),
        {"participant": participant.pk, "lot": lots[0].pk, "work": "Charte", "amount": "12 500,50"},
    )
    client.post(
        reverse("responses:checklist_add", args=["dijon", response.pk]),
        {"label": "Échantillons d'affiches", "owner": participant.pk, "due_on": ""},
    )
    page = client.get(workspace_url(response))

    content = page.content.decode()
    assert "Échantillons d&#x27;affiches" in content
    assert str(participant.shares.get().amount) == "12500.50"
    assert page.context["totals"].total == participant.shares.get().amount


def test_status_and_outcome_are_recorded(client, member_admin, response):
    client.force_login(member_admin)

    client.post(
        reverse("responses:status", args=["dijon", response.pk]),
        {
            "status": "won",
            "awarded_amount": "48 000",
            "outcome_on": "2026-11-02",
            "outcome_notes": "Mieux-disant",
        },
    )

    response.refresh_from_db()
    assert (response.status, str(response.awarded_amount), str(response.outcome_on)) == (
        "won",
        "48000.00",
        "2026-11-02",
    )


def test_the_workspace_warns_about_documents_out_of_date_at_the_deadline(
    client, member_admin, own_organisation
):
    response = open_with(member_admin)
    client.force_login(member_admin)

    page = client.get(workspace_url(response))

    assert "Documents à mettre à jour avant la date limite" in page.content.decode()
    assert {w.organisation for w in page.context["document_warnings"]} == {own_organisation}


def test_the_new_response_page_lists_the_organisations_to_choose(client, member_admin, other_organisation):
    notice = NoticeFactory()
    client.force_login(member_admin)

    page = client.get(reverse("responses:new", args=["dijon"]), {"notice": notice.pk})

    assert page.status_code == 200
    assert other_organisation.legal_name in page.content.decode()
    assert client.get(reverse("responses:new", args=["dijon"]), {"notice": "abc"}).status_code == 404


def test_the_new_response_page_points_to_a_response_already_open(client, member_admin, response):
    client.force_login(member_admin)

    page = client.get(reverse("responses:new", args=["dijon"]), {"notice": response.notice.pk})

    assert workspace_url(response) in page.content.decode()


def test_the_technical_admin_lists_responses_read_only(client, response, django_user_model):
    admin_user = django_user_model.objects.create_superuser(
        email="root@coursive.example", password="x", full_name="Root"
    )
    client.force_login(admin_user)

    assert client.get(reverse("admin:responses_jointresponse_changelist")).status_code == 200
    assert client.get(reverse("admin:responses_jointresponse_change", args=[response.pk])).status_code == 200
    assert client.get(reverse("admin:documents_administrativedocument_changelist")).status_code == 200


def test_the_workspace_query_count_does_not_grow_with_the_team(client, member_admin, cluster):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coursive.directory.tests.factories import OrganisationFactory

    client.force_login(member_admin)
    small = open_with(member_admin, OrganisationFactory(cluster=cluster))
    large = open_with(member_admin, *(OrganisationFactory(cluster=cluster) for _ in range(4)))
    Participant.objects.filter(response__in=[small, large]).update(
        invitation_status=InvitationStatus.ACCEPTED
    )

    counts = []
    for response in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(workspace_url(response)).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
