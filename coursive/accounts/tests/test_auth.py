import re

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core import mail
from django.urls import reverse

from config import test_settings
from coursive.accounts.models import User
from coursive.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
NEW_PASSWORD = "Une-phrase-de-passe-toute-neuve-2026"


def login(client, email: str, password: str):
    return client.post(LOGIN_URL, {"username": email, "password": password})


def reset_link_from(message) -> str:
    return re.search(r"https?://[^/\s]+(/compte/mot-de-passe/nouveau/\S+/)", message.body).group(1)


def test_login_with_email_and_password_opens_a_session(client):
    user = UserFactory(email="claire@mouette.fr")

    response = login(client, "claire@mouette.fr", DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_ignores_the_case_of_the_email(client):
    user = UserFactory(email="claire@mouette.fr")

    login(client, "  Claire@Mouette.FR ", DEFAULT_PASSWORD)

    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_page_labels_the_email_field_for_autofill(client):
    response = client.get(LOGIN_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Adresse e-mail" in content
    assert 'autocomplete="email"' in content
    assert 'autocomplete="current-password"' in content


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="claire@mouette.fr")

    response = login(client, "claire@mouette.fr", "pas-le-bon")

    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_is_locked_after_too_many_failures_even_with_the_right_password(client):
    UserFactory(email="claire@mouette.fr")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "claire@mouette.fr", "pas-le-bon").status_code == 200

    locked = login(client, "claire@mouette.fr", "pas-le-bon")
    after = login(client, "claire@mouette.fr", DEFAULT_PASSWORD)

    assert locked.status_code == 429
    assert "Connexion bloquée" in locked.content.decode()
    assert "réessayez dans 15 minutes" in locked.content.decode()
    assert reverse("accounts:password_reset") in locked.content.decode()
    assert after.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account(client):
    UserFactory(email="claire@mouette.fr")
    other = UserFactory(email="paul@angle.fr")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "claire@mouette.fr", "pas-le-bon")

    login(client, "paul@angle.fr", DEFAULT_PASSWORD)

    assert client.session["_auth_user_id"] == str(other.pk)


def test_logout_needs_a_post(client):
    user = UserFactory()
    client.force_login(user)

    refused = client.get(reverse("accounts:logout"))
    response = client.post(reverse("accounts:logout"))

    assert refused.status_code == 405
    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="claire@mouette.fr")

    response = client.post(reverse("accounts:password_reset"), {"email": "claire@mouette.fr"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["claire@mouette.fr"]
    assert "nouveau mot de passe" in mail.outbox[0].subject
    form_page = client.get(reset_link_from(mail.outbox[0]), follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_link_works_only_once(client):
    UserFactory(email="claire@mouette.fr")
    client.post(reverse("accounts:password_reset"), {"email": "claire@mouette.fr"})
    link = reset_link_from(mail.outbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    second = client.get(link, follow=True)

    assert second.context["validlink"] is False
    assert "Ce lien n'est plus valable" in second.content.decode()


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@exemple.fr"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_reaches_an_invited_person_without_a_password_yet(client):
    User.objects.create_user("invitee@mouette.fr", full_name="Inès Vitée")

    client.post(reverse("accounts:password_reset"), {"email": "invitee@mouette.fr"})

    assert [message.to for message in mail.outbox] == [["invitee@mouette.fr"]]


def test_password_reset_ignores_a_deactivated_account(client):
    UserFactory(email="parti@mouette.fr", is_active=False)

    client.post(reverse("accounts:password_reset"), {"email": "parti@mouette.fr"})

    assert mail.outbox == []


def test_choosing_a_new_password_lifts_the_login_lock(client):
    user = UserFactory(email="claire@mouette.fr")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "claire@mouette.fr", "pas-le-bon")
    client.post(reverse("accounts:password_reset"), {"email": "claire@mouette.fr"})
    form_page = client.get(reset_link_from(mail.outbox[0]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    response = login(client, "claire@mouette.fr", NEW_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_password_change_needs_the_old_password(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:password_change")

    refused = client.post(
        url, {"old_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    accepted = client.post(
        url, {"old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert refused.status_code == 200
    assert accepted.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_change_page_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_production_hashes_passwords_with_argon2(settings):
    assert test_settings.PRODUCTION_PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = test_settings.PRODUCTION_PASSWORD_HASHERS

    encoded = make_password("une phrase de passe", hasher="argon2")

    assert encoded.startswith("argon2$argon2id$")
    assert check_password("une phrase de passe", encoded)
    assert not check_password("une autre phrase", encoded)
