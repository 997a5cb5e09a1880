from django.test import Client

from coursive.accounts.models import ApiToken
from coursive.accounts.services import api_token_create, api_token_revoke
from coursive.directory.models import Organisation


def test_anonymous_visitor_gets_401_json_on_every_endpoint(client, cluster_endpoints):
    for method, url, body in [("get", "/api/me", None), ("get", "/api/clusters", None), *cluster_endpoints]:
        response = getattr(client, method)(url, body, content_type="application/json")

        assert response.status_code == 401, (method, url)
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'
        assert "Authentification requise" in response.json()["detail"]


def test_bearer_token_authenticates_and_records_its_use(client, coordinator):
    token, raw = api_token_create(user=coordinator, name="script")

    response = client.get("/api/me", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 200
    assert response.json()["email"] == coordinator.email
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_unknown_token_is_refused(client, coordinator):
    api_token_create(user=coordinator, name="script")

    response = client.get("/api/me", headers={"Authorization": "Bearer crs_not-a-real-token"})

    assert response.status_code == 401


def test_revoked_token_is_refused(client, coordinator):
    token, raw = api_token_create(user=coordinator, name="script")
    api_token_revoke(user=coordinator, token_id=token.pk)

    response = client.get("/api/me", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_token_of_a_deactivated_user_is_refused(client, coordinator):
    _token, raw = api_token_create(user=coordinator, name="script")
    coordinator.is_active = False
    coordinator.save()

    response = client.get("/api/me", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 401


def test_token_write_needs_no_csrf_token(coordinator, api_headers, cluster, organisation_payload):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"/api/clusters/{cluster.slug}/organisations",
        organisation_payload,
        content_type="application/json",
        headers=api_headers(coordinator),
    )

    assert response.status_code == 201


def test_session_reads_without_a_token(client, member_staff):
    client.force_login(member_staff)

    response = client.get("/api/me")

    assert response.status_code == 200
    assert response.json()["email"] == member_staff.email


def test_session_write_without_csrf_token_is_refused(coordinator, cluster, organisation_payload):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post(
        f"/api/clusters/{cluster.slug}/organisations", organisation_payload, content_type="application/json"
    )

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Organisation.objects.filter(legal_name="Compagnie Les Ondes").exists()


def test_session_write_with_csrf_token_is_accepted(coordinator, cluster, organisation_payload):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    client.get("/api/docs")  # The docs page is where a browser picks up its CSRF cookie.

    response = client.post(
        f"/api/clusters/{cluster.slug}/organisations",
        organisation_payload,
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )

    assert response.status_code == 201
    assert Organisation.objects.filter(legal_name="Compagnie Les Ondes", cluster=cluster).exists()


def test_anonymous_write_gets_401_rather_than_a_csrf_refusal(cluster, organisation_payload):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        f"/api/clusters/{cluster.slug}/organisations", organisation_payload, content_type="application/json"
    )

    assert response.status_code == 401


def test_member_of_another_cluster_gets_the_404_of_a_missing_cluster(
    client, api_headers, stranger, cluster_endpoints
):
    headers = api_headers(stranger)
    missing = client.get("/api/clusters/nulle-part/organisations", headers=headers)

    for method, url, body in cluster_endpoints:
        response = getattr(client, method)(url, body, content_type="application/json", headers=headers)

        assert response.status_code == 404, (method, url)
        assert response.json() == missing.json() == {"detail": "Pôle introuvable.", "errors": {}}
