import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from config.settings import CONTENT_SECURITY_POLICY_REPORT_ONLY as DEVELOPMENT_REPORT_ONLY_POLICY
from coursive.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory

PRODUCTION_ENV = {
    "COURSIVE_ENV": "production",
    "SECRET_KEY": "a-production-secret-key-long-enough-for-the-check-0123456789",
    "ALLOWED_HOSTS": "coursive.example",
}
READ_SETTINGS = """
import json
from config import settings as s
print(json.dumps({name: getattr(s, name, None) for name in [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "CONTENT_SECURITY_POLICY", "PASSWORD_HASHERS", "AXES_FAILURE_LIMIT",
]}))
"""


def production_settings(**env: str) -> subprocess.CompletedProcess:
    # The settings module reads the environment once, at import: a fresh interpreter gives production's.
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "-c", READ_SETTINGS],
        env={**environment, **PRODUCTION_ENV, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_mode_turns_on_secure_cookies_hsts_csp_and_argon2():
    result = production_settings()

    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["script-src"] == directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert values["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert values["AXES_FAILURE_LIMIT"] == 5


def test_production_mode_refuses_debug():
    result = production_settings(DEBUG="true")

    assert result.returncode != 0
    assert "refuses DEBUG" in result.stderr


@pytest.mark.django_db
def test_login_without_the_csrf_token_is_refused():
    UserFactory(email="claire@mouette.fr")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("accounts:login"), {"username": "claire@mouette.fr", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_pages_are_sent_with_the_content_security_policy_in_production(client, settings):
    # Development sends the same policy, report-only; production enforces it.
    settings.CONTENT_SECURITY_POLICY = DEVELOPMENT_REPORT_ONLY_POLICY
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = None

    response = client.get(reverse("accounts:login"))

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
