import pytest
from django.urls import reverse

from coursive.accounts.models import ErasureRequest, Membership, Role
from coursive.accounts.services import erasure_request_create
from coursive.accounts.tests.factories import MembershipFactory
from coursive.directory.models import Person
from coursive.directory.services import organisation_update
from coursive.directory.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def queue_url(cluster) -> str:
    return reverse("members:erasure_requests", kwargs={"cluster_slug": cluster.slug})


def decide_url(cluster, erasure_request) -> str:
    return reverse(
        "members:erasure_decide", kwargs={"cluster_slug": cluster.slug, "request_id": erasure_request.pk}
    )


@pytest.fixture
def leaving(cluster, own_organisation):
    """A staff member of `own_organisation` who asked for erasure, with a person record and a past edit."""
    user = MembershipFactory(
        cluster=cluster,
        role=Role.MEMBER_STAFF,
        organisation=own_organisation,
        user__email="partante@mouette.fr",
    ).user
    PersonFactory(organisation=own_organisation, user=user, first_name="Léa", last_name="Partante")
    organisation_update(organisation=own_organisation, by=user, fields={"description": "Théâtre de rue."})
    return erasure_request_create(user=user, reason="Je quitte le pôle.")


def test_coordinator_sees_pending_requests_of_the_clusters_people_only(
    client, cluster, coordinator, leaving, stranger
):
    foreign = erasure_request_create(user=stranger)
    handled = erasure_request_create(user=coordinator)
    ErasureRequest.objects.filter(pk=handled.pk).update(status=ErasureRequest.Status.REFUSED)
    client.force_login(coordinator)

    response = client.get(queue_url(cluster))

    assert response.status_code == 200
    assert list(response.context["requests"]) == [leaving]
    assert "partante@mouette.fr" in response.content.decode()
    assert foreign.requester_email not in response.content.decode()


@pytest.mark.parametrize("role_fixture", ["member_admin", "member_staff", "buyer"])
def test_only_coordinators_open_the_erasure_queue(client, cluster, leaving, role_fixture, request):
    client.force_login(request.getfixturevalue(role_fixture))

    responses = [
        client.get(queue_url(cluster)),
        client.post(decide_url(cluster, leaving), {"decision": "approve"}),
    ]

    assert [response.status_code for response in responses] == [403, 403]
    leaving.refresh_from_db()
    assert leaving.status == ErasureRequest.Status.PENDING


def test_erasure_queue_of_another_cluster_answers_not_found(client, cluster, leaving, stranger):
    client.force_login(stranger)

    responses = [
        client.get(queue_url(cluster)),
        client.post(decide_url(cluster, leaving), {"decision": "approve"}),
    ]

    assert [response.status_code for response in responses] == [404, 404]
    leaving.refresh_from_db()
    assert leaving.status == ErasureRequest.Status.PENDING


def test_erasure_queue_sends_anonymous_visitors_to_login(client, cluster, leaving):
    response = client.post(decide_url(cluster, leaving), {"decision": "approve"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    leaving.refresh_from_db()
    assert leaving.status == ErasureRequest.Status.PENDING


def test_a_request_of_someone_outside_the_cluster_cannot_be_decided_here(
    client, cluster, coordinator, stranger
):
    foreign = erasure_request_create(user=stranger)
    client.force_login(coordinator)

    response = client.post(decide_url(cluster, foreign), {"decision": "approve"})

    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.anonymised_at is None


def test_approval_anonymises_the_person_and_keeps_the_organisations_history(
    client, cluster, coordinator, leaving, own_organisation
):
    user = leaving.user
    history_before = own_organisation.history.count()
    client.force_login(coordinator)

    response = client.post(decide_url(cluster, leaving), {"decision": "approve", "answer": ""})

    assert response.status_code == 302
    leaving.refresh_from_db()
    user.refresh_from_db()
    assert (leaving.status, leaving.handled_by) == (ErasureRequest.Status.DONE, coordinator)
    assert user.anonymised_at is not None
    assert not user.is_active
    assert "partante" not in user.email
    assert not Membership.objects.filter(user=user).exists()
    person = Person.objects.get(organisation=own_organisation, anonymised_at__isnull=False)
    assert (person.first_name, person.last_name, person.email, person.user) == (
        "Personne",
        "anonymisée",
        "",
        None,
    )
    assert own_organisation.history.count() == history_before
    assert own_organisation.history.filter(history_user=user, description="Théâtre de rue.").exists()


def test_refusal_needs_an_answer(client, cluster, coordinator, leaving):
    client.force_login(coordinator)

    response = client.post(decide_url(cluster, leaving), {"decision": "refuse", "answer": " "})

    assert response.status_code == 200
    assert response.context["form"].errors["answer"] == [
        "Expliquez à la personne pourquoi sa demande est refusée."
    ]
    leaving.refresh_from_db()
    assert leaving.status == ErasureRequest.Status.PENDING


def test_refusal_with_an_answer_keeps_the_persons_data(client, cluster, coordinator, leaving):
    client.force_login(coordinator)

    client.post(
        decide_url(cluster, leaving), {"decision": "refuse", "answer": "Factures en cours jusqu'en 2027."}
    )

    leaving.refresh_from_db()
    assert (leaving.status, leaving.answer) == (
        ErasureRequest.Status.REFUSED,
        "Factures en cours jusqu'en 2027.",
    )
    assert leaving.user.anonymised_at is None
    assert leaving.user.email == "partante@mouette.fr"


def test_a_handled_request_leaves_the_queue(client, cluster, coordinator, leaving):
    client.force_login(coordinator)
    client.post(decide_url(cluster, leaving), {"decision": "refuse", "answer": "Non."})

    queue = client.get(queue_url(cluster))
    again = client.post(decide_url(cluster, leaving), {"decision": "approve"})

    assert list(queue.context["requests"]) == []
    assert again.status_code == 404


def test_approving_the_last_coordinator_erasure_shows_the_reason(client, coordinator, cluster):
    request = erasure_request_create(user=coordinator)
    client.force_login(coordinator)

    response = client.post(
        f"/p/{cluster.slug}/membres/effacements/{request.pk}/", {"decision": "approve", "answer": ""}
    )

    request.refresh_from_db()
    assert response.status_code == 200
    assert "dernière personne à coordonner" in response.content.decode()
    assert request.status == "pending"
