"""The cluster's own page, its edit form, and the home page listing a user's clusters."""

import pytest
from django.urls import reverse

from coursive.accounts.models import Role
from coursive.accounts.tests.factories import MembershipFactory, UserFactory
from coursive.directory.models import MembershipStatus
from coursive.directory.tests.factories import OrganisationFactory


def cluster_url(cluster, name="cluster"):
    return reverse(f"directory:{name}", kwargs={"cluster_slug": cluster.slug})


CLUSTER = {
    "name": "Pôle Coursive Dijon",
    "model": "creative",
    "territory": "Dijon Métropole et Côte-d'Or",
    "charter": "Coopérer.\n\nMutualiser.",
    "contact_email": "coordination@coursive.example",
}


def test_a_member_sees_the_cluster_with_its_charter_and_counts(
    client, member_staff, cluster, other_organisation
):
    OrganisationFactory(cluster=cluster, membership_status=MembershipStatus.PARTNER)
    cluster.charter = "Coopérer.\n\nMutualiser."
    cluster.save()
    client.force_login(member_staff)

    response = client.get(cluster_url(cluster))

    content = response.content.decode()
    assert response.status_code == 200
    assert "<p>Coopérer.</p>" in content and "<p>Mutualiser.</p>" in content
    assert response.context["counts"] == {"member": 2, "partner": 1, "former": 0}
    assert cluster_url(cluster, "cluster_edit") not in content
    assert response.context["nav_section"] == "cluster"


def test_the_cluster_page_is_hidden_from_other_clusters_and_anonymous_visitors(client, stranger, cluster):
    anonymous = client.get(cluster_url(cluster))
    client.force_login(stranger)
    foreign = client.get(cluster_url(cluster))

    assert (anonymous.status_code, foreign.status_code) == (302, 404)


def test_the_coordinator_edits_the_cluster(client, coordinator, cluster):
    client.force_login(coordinator)

    shown = client.get(cluster_url(cluster))
    response = client.post(cluster_url(cluster, "cluster_edit"), CLUSTER, follow=True)

    cluster.refresh_from_db()
    assert cluster_url(cluster, "cluster_edit") in shown.content.decode()
    assert (cluster.territory, cluster.contact_email) == (
        "Dijon Métropole et Côte-d'Or",
        CLUSTER["contact_email"],
    )
    assert cluster.slug == "dijon"
    assert "La présentation du pôle a été enregistrée." in response.content.decode()


def test_a_bad_contact_email_is_refused_and_the_cluster_is_unchanged(client, coordinator, cluster):
    client.force_login(coordinator)

    response = client.post(
        cluster_url(cluster, "cluster_edit"),
        CLUSTER | {"name": "Nouveau nom", "contact_email": "pas-un-email"},
    )

    cluster.refresh_from_db()
    assert "contact_email" in response.context["form"].errors
    assert cluster.name == "Pôle Coursive Dijon"


@pytest.mark.parametrize("actor", ["member_admin", "buyer"])
def test_only_the_coordinator_may_edit_the_cluster(request, client, actor, cluster):
    client.force_login(request.getfixturevalue(actor))

    response = client.post(cluster_url(cluster, "cluster_edit"), CLUSTER | {"name": "Autre"})

    cluster.refresh_from_db()
    assert response.status_code == 403
    assert cluster.name == "Pôle Coursive Dijon"


def test_the_cluster_edit_page_is_out_of_reach_of_other_clusters_and_anonymous_visitors(
    client, stranger, cluster
):
    anonymous = client.post(cluster_url(cluster, "cluster_edit"), CLUSTER | {"name": "Autre"})
    client.force_login(stranger)
    foreign = client.post(cluster_url(cluster, "cluster_edit"), CLUSTER | {"name": "Autre"})

    cluster.refresh_from_db()
    assert (anonymous.status_code, foreign.status_code) == (302, 404)
    assert cluster.name == "Pôle Coursive Dijon"


def test_the_home_page_lists_every_cluster_of_the_user_with_their_role(
    client, cluster, other_cluster, own_organisation
):
    user = UserFactory()
    MembershipFactory(user=user, cluster=cluster, role=Role.MEMBER_ADMIN, organisation=own_organisation)
    MembershipFactory(user=user, cluster=other_cluster, role=Role.BUYER)
    client.force_login(user)

    content = client.get(reverse("home")).content.decode()

    assert cluster_url(cluster, "list") in content and cluster_url(other_cluster, "list") in content
    assert "Administrateur d&#x27;une structure membre — Compagnie La Mouette" in content
    assert "Acheteur" in content


def test_the_home_page_tells_a_user_without_cluster_whom_to_contact(client, db):
    client.force_login(UserFactory())

    content = client.get(reverse("home")).content.decode()

    assert "Écrivez à la coordination de votre pôle" in content
