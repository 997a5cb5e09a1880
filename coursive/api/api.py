from functools import wraps

from django.http import Http404, HttpResponseNotAllowed
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from . import (
    account,
    invoicing,
    leases,
    lending,
    organisations,
    people,
    premises,
    procurement,
    purchasing,
    responses,
)
from .auth import CsrfSessionAuth, TokenAuth
from .docs import LocalSwagger
from .errors import error_response, register_error_handlers

DESCRIPTION = """L'API de Coursive : les pôles, l'annuaire de leurs structures, les personnes qui y travaillent, les
avis de marchés publics et leurs rapprochements avec les structures.

Authentification : un jeton d'API personnel dans l'en-tête `Authorization: Bearer crs_…`, ou la session du
navigateur (les méthodes qui écrivent demandent alors l'en-tête `X-CSRFToken`). Les droits sont ceux des pages.

Erreurs : toujours du JSON, `{"detail": "<phrase>", "errors": {"<champ>": ["<message>", …]}}`. Un pôle dont
vous ne faites pas partie répond 404, comme un pôle qui n'existe pas."""


class CoursiveAPI(NinjaAPI):
    """django-ninja answers a wrong method in plain text and an unknown address in HTML: both are JSON here,
    like every other error."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        patterns = [self._with_json_errors(pattern) for pattern in patterns]
        return [*patterns, path("<path:unknown>", self._unknown_address)], app_name, namespace

    def _with_json_errors(self, pattern: URLPattern) -> URLPattern:
        view = pattern.callback

        @wraps(view)
        def json_view(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                return self._unknown_address(request)
            if isinstance(response, HttpResponseNotAllowed):
                return self._method_not_allowed(request, allowed=response["Allow"])
            return response

        return URLPattern(pattern.pattern, json_view, pattern.default_args, pattern.name)

    def _method_not_allowed(self, request, *, allowed: str):
        detail = _("Méthode %(method)s non acceptée ici. Méthodes acceptées : %(allowed)s.") % {
            "method": request.method,
            "allowed": allowed,
        }
        response = error_response(self, request, 405, detail)
        response["Allow"] = allowed
        return response

    def _unknown_address(self, request, unknown: str = ""):
        return error_response(
            self, request, 404, _("Cette adresse n'existe pas dans l'API : voir /api/docs.")
        )


api = CoursiveAPI(
    title="Coursive API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    # The token comes first: the session check would refuse a token-only write for want of a CSRF token.
    auth=[TokenAuth(), CsrfSessionAuth()],
    docs=LocalSwagger(),
    openapi_extra={
        "tags": [
            {"name": "Compte", "description": "L'utilisateur connecté"},
            {"name": "Pôles", "description": "Les PTCE dont l'utilisateur fait partie"},
            {"name": "Structures", "description": "L'annuaire des structures d'un pôle"},
            {"name": "Personnes", "description": "Les personnes des structures"},
            {
                "name": "Marchés publics",
                "description": "Les avis de marchés et les rapprochements avec les structures",
            },
            {"name": "Réponses groupées", "description": "Les groupements proposés et les réponses communes"},
            {
                "name": "Lieux et matériel",
                "description": "Les ressources partagées, leurs disponibilités et les réservations",
            },
            {
                "name": "Prêts de matériel",
                "description": "Les prêts de matériel et de véhicules entre structures",
            },
            {
                "name": "Baux et coworking",
                "description": "Les baux, la grille des loyers et les appels de loyer",
            },
            {"name": "Facturation", "description": "Les factures, les avoirs et les paiements"},
            {
                "name": "Achats groupés",
                "description": "Les campagnes d'achats groupés et les besoins des structures",
            },
        ]
    },
)
register_error_handlers(api)
api.add_router("", account.router)
api.add_router("", organisations.router)
api.add_router("", people.router)
api.add_router("", procurement.router)
api.add_router("", responses.router)
api.add_router("", premises.router)
api.add_router("", lending.router)
api.add_router("", leases.router)
api.add_router("", invoicing.router)
api.add_router("", purchasing.router)
