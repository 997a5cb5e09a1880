from coursive.accounts.models import Role
from coursive.accounts.tests.factories import MembershipFactory


def test_me_lists_the_users_roles_in_each_cluster(client, api_headers, member_admin, own_organisation):
    # given the member admin also coordinates a second cluster
    second = MembershipFactory(user=member_admin, role=Role.COORDINATOR).cluster

    response = client.get("/api/me", headers=api_headers(member_admin))

    assert response.status_code == 200
    body = response.json()
    assert body["email"] == member_admin.email
    assert body["full_name"] == member_admin.full_name
    assert sorted(body["memberships"], key=lambda item: item["cluster"]["slug"]) == sorted(
        [
            {
                "cluster": {"slug": "dijon", "name": "Pôle Coursive Dijon"},
                "role": "member_admin",
                "organisation_id": own_organisation.pk,
            },
            {
                "cluster": {"slug": second.slug, "name": second.name},
                "role": "coordinator",
                "organisation_id": None,
            },
        ],
        key=lambda item: item["cluster"]["slug"],
    )


def test_clusters_lists_only_the_users_clusters(client, api_headers, buyer, cluster, other_cluster):
    response = client.get("/api/clusters", headers=api_headers(buyer))

    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "dijon",
            "name": "Pôle Coursive Dijon",
            "territory": cluster.territory,
            "model": "creative",
            "contact_email": cluster.contact_email,
            "website": "",
            "charter": cluster.charter,
        }
    ]


def test_clusters_of_a_stranger_show_nothing_of_another_cluster(client, api_headers, stranger, cluster):
    response = client.get("/api/clusters", headers=api_headers(stranger))

    assert [item["slug"] for item in response.json()] == ["saint-etienne"]
