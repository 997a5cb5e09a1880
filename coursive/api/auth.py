"""The two ways into the API: a personal token for scripts, the browser session for the pages and the docs."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from coursive.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer crs_…`, a token created from the account page."""

    def authenticate(self, request, token: str):
        return api_token_authenticate(token)


class CsrfSessionAuth(SessionAuth):
    """The logged-in browser session, with Django's CSRF check on unsafe methods.

    django-ninja checks CSRF before knowing whether anyone is logged in, so an anonymous call would get a
    403 about CSRF; checking only for a logged-in session lets anonymous calls get the 401 they deserve."""

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise PermissionDenied(
                _("Jeton CSRF absent ou invalide : envoyez l'en-tête X-CSRFToken avec une session.")
            )
        return request.COOKIES.get(self.param_name)
