import html
import json
import re

import pytest
from django.urls import reverse

from coursive.accounts.models import ApiToken, ErasureRequest
from coursive.accounts.services import api_token_authenticate, api_token_create
from coursive.accounts.tests.factories import UserFactory
from coursive.directory.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_profile_lists_the_clusters_and_roles_of_the_user(client, member_admin, cluster, own_organisation):
    client.force_login(member_admin)

    response = client.get(PROFILE_URL)

    content = page_text(response)
    assert response.status_code == 200
    assert response.context["nav_section"] == "account"
    assert cluster.name in content
    assert "Administrateur d'une structure membre" in content
    assert own_organisation.display_name in content
    assert reverse("directory:list", kwargs={"cluster_slug": cluster.slug}) in content
    assert reverse("members:list", kwargs={"cluster_slug": cluster.slug}) in content


def test_profile_shows_nothing_of_other_clusters(client, member_staff, stranger, other_cluster):
    client.force_login(member_staff)

    response = client.get(PROFILE_URL)

    assert other_cluster.name not in page_text(response)


def test_profile_sends_anonymous_visitors_to_login(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_profile_update_changes_name_and_email(client):
    user = UserFactory(email="claire@mouette.fr", full_name="Claire Dupont")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile_update"), {"full_name": "Claire Martin", "email": "Claire@Mouette.org"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.email) == ("Claire Martin", "claire@mouette.org")


def test_profile_update_with_an_email_already_taken_names_the_field_and_changes_nothing(client):
    UserFactory(email="paul@angle.fr")
    user = UserFactory(email="claire@mouette.fr", full_name="Claire Dupont")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile_update"), {"full_name": "Claire Martin", "email": "PAUL@angle.fr"}
    )

    form = response.context["profile_form"]
    assert response.status_code == 200
    assert form.errors["email"] == ["Un compte existe déjà avec cette adresse e-mail."]
    assert 'aria-describedby="id_email_helptext id_email_error"' in page_text(response)
    user.refresh_from_db()
    assert (user.full_name, user.email) == ("Claire Dupont", "claire@mouette.fr")


def test_profile_update_refuses_a_malformed_email(client):
    user = UserFactory(email="claire@mouette.fr")
    client.force_login(user)

    response = client.post(reverse("accounts:profile_update"), {"full_name": "Claire", "email": "claire@"})

    assert "email" in response.context["profile_form"].errors
    user.refresh_from_db()
    assert user.email == "claire@mouette.fr"


def test_token_is_shown_once_and_authenticates(client):
    user = UserFactory()
    client.force_login(user)

    created = client.post(reverse("accounts:token_create"), {"name": "Tableur de suivi"})
    raw = created.context["new_token_value"]
    later = client.get(PROFILE_URL)

    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    assert raw in page_text(created)
    assert "il ne sera plus jamais affiché" in page_text(created)
    assert raw not in page_text(later)
    assert "Tableur de suivi" in page_text(later)
    token = ApiToken.objects.get(user=user)
    assert token.key_hash != raw
    assert api_token_authenticate(raw) == user


def test_token_without_a_name_is_refused(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("accounts:token_create"), {"name": "  "})

    assert "name" in response.context["token_form"].errors
    assert not ApiToken.objects.filter(user=user).exists()


def test_revoked_token_no_longer_authenticates(client):
    user = UserFactory()
    token, raw = api_token_create(user=user, name="Tableur")
    client.force_login(user)

    response = client.post(reverse("accounts:token_revoke", kwargs={"token_id": token.pk}))

    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert api_token_authenticate(raw) is None


def test_a_user_cannot_revoke_someone_elses_token(client):
    owner = UserFactory()
    token, raw = api_token_create(user=owner, name="Tableur")
    client.force_login(UserFactory())

    client.post(reverse("accounts:token_revoke", kwargs={"token_id": token.pk}))

    assert api_token_authenticate(raw) == owner


def test_token_pages_send_anonymous_visitors_to_login(client):
    token, _raw = api_token_create(user=UserFactory(), name="Tableur")

    created = client.post(reverse("accounts:token_create"), {"name": "Intrus"})
    revoked = client.post(reverse("accounts:token_revoke", kwargs={"token_id": token.pk}))

    assert created.status_code == revoked.status_code == 302
    assert ApiToken.objects.count() == 1


def test_personal_data_download_holds_the_users_data_and_not_anothers(client, own_organisation):
    user = UserFactory(email="claire@mouette.fr", full_name="Claire Dupont")
    PersonFactory(organisation=own_organisation, user=user, first_name="Claire", job_title="Régisseuse")
    PersonFactory(organisation=own_organisation, first_name="Autre", email="autre@mouette.fr")
    api_token_create(user=user, name="Tableur")
    client.force_login(user)

    response = client.get(reverse("accounts:personal_data"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees-coursive.json"'
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["compte"]["email"] == "claire@mouette.fr"
    assert [person["fonction"] for person in data["fiches_personne"]] == ["Régisseuse"]
    assert [token["nom"] for token in data["jetons_api"]] == ["Tableur"]
    assert "autre@mouette.fr" not in page_text(response)


def test_personal_data_download_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("accounts:personal_data"))

    assert response.status_code == 302


def test_erasure_request_is_recorded_and_its_state_shown(client):
    user = UserFactory(email="claire@mouette.fr")
    client.force_login(user)

    response = client.post(reverse("accounts:erasure_request"), {"reason": "Je quitte la structure."})
    page = client.get(PROFILE_URL)

    assert response.status_code == 302
    request = ErasureRequest.objects.get(user=user)
    assert (request.status, request.reason, request.requester_email) == (
        ErasureRequest.Status.PENDING,
        "Je quitte la structure.",
        "claire@mouette.fr",
    )
    assert re.search(r"demande d'effacement du .+ est en attente", page_text(page))
    assert 'action="{}"'.format(reverse("accounts:erasure_request")) not in page_text(page)


def test_asking_twice_for_erasure_keeps_one_pending_request(client):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("accounts:erasure_request"), {"reason": ""})
    client.post(reverse("accounts:erasure_request"), {"reason": "Encore"})

    assert ErasureRequest.objects.filter(user=user).count() == 1


def test_refused_erasure_request_shows_the_answer_and_allows_asking_again(client, coordinator):
    user = UserFactory()
    ErasureRequest.objects.create(
        user=user,
        requester_email=user.email,
        status=ErasureRequest.Status.REFUSED,
        answer="Factures en cours.",
    )
    client.force_login(user)

    page = client.get(PROFILE_URL)

    assert "Factures en cours." in page_text(page)
    assert 'action="{}"'.format(reverse("accounts:erasure_request")) in page_text(page)


def test_erasure_request_sends_anonymous_visitors_to_login(client):
    response = client.post(reverse("accounts:erasure_request"), {"reason": ""})

    assert response.status_code == 302
    assert not ErasureRequest.objects.exists()
