"""Settings for the test suite: the real ones, with an in-process task runner and a fast password hash."""

from config.settings import *  # noqa: F403
from config.settings import PASSWORD_HASHERS

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Argon2 stays the production hasher (tested in coursive/accounts/tests); tests hash with MD5 for speed.
PRODUCTION_PASSWORD_HASHERS = PASSWORD_HASHERS
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# No collected static files in tests: WhiteNoise would warn about the missing folder on every request.
STATIC_ROOT = None
