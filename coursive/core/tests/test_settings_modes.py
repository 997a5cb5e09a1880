"""The production mode is decided when settings load, so each case starts a fresh interpreter."""

import json
import os
import subprocess
import sys

from django.conf import settings

REAL_KEY = "k" * 20 + "-une-vraie-clé-aléatoire-de-test"
SETTINGS_VARIABLES = ("COURSIVE_ENV", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT")
SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "debug": s.DEBUG,
    "allowed_hosts": s.ALLOWED_HOSTS,
    "session_cookie_secure": s.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": s.CSRF_COOKIE_SECURE,
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
    "hsts_seconds": s.SECURE_HSTS_SECONDS,
    "csp": s.CONTENT_SECURITY_POLICY,
}))
"""


def _start(**variables: str) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **variables)
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_debug():
    result = _start(COURSIVE_ENV="production", DEBUG="true", SECRET_KEY=REAL_KEY)
    assert result.returncode != 0
    assert "refuses DEBUG=true" in result.stderr


def test_production_refuses_a_missing_secret_key():
    result = _start(COURSIVE_ENV="production")
    assert result.returncode != 0
    assert "needs SECRET_KEY" in result.stderr


def test_production_refuses_the_development_secret_key():
    result = _start(COURSIVE_ENV="production", SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY)
    assert result.returncode != 0
    assert "needs SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _start(COURSIVE_ENV="production", SECRET_KEY="trop-courte")
    assert result.returncode != 0
    assert "needs SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_key_and_secures_cookies_and_content():
    result = _start(COURSIVE_ENV="production", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS="coursive.example")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["debug"] is False
    assert shown["allowed_hosts"] == ["coursive.example"]
    assert shown["session_cookie_secure"] is True
    assert shown["csrf_cookie_secure"] is True
    assert shown["ssl_redirect"] is True
    assert shown["hsts_seconds"] > 0
    assert shown["csp"]["DIRECTIVES"]["default-src"] == ["'self'"]
    assert shown["csp"]["DIRECTIVES"]["frame-ancestors"] == ["'none'"]


def test_development_mode_starts_without_any_variable():
    result = _start()
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["debug"] is True
    assert shown["session_cookie_secure"] is False
    assert shown["csp"] is None
