"""One JSON shape for every error the API answers: {"detail": "<a French sentence>", "errors": {field: [...]}}.

Services raise Django's ValidationError, django-ninja raises its own for a malformed request, the access
helpers raise Http404 and PermissionDenied: each is turned into that shape here."""

import json
import logging
from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("django.request")

# French messages for the pydantic error types a client can provoke; the placeholders come from the
# error's context.
PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("Ce champ est obligatoire."),
    "extra_forbidden": gettext_lazy("Champ inconnu."),
    "string_type": gettext_lazy("Ce champ doit être une chaîne de caractères."),
    "int_type": gettext_lazy("Ce champ doit être un nombre entier."),
    "int_parsing": gettext_lazy("Ce champ doit être un nombre entier."),
    "int_from_float": gettext_lazy("Ce champ doit être un nombre entier."),
    "bool_type": gettext_lazy("Ce champ doit valoir true ou false."),
    "bool_parsing": gettext_lazy("Ce champ doit valoir true ou false."),
    "date_type": gettext_lazy("Date invalide : utilisez le format AAAA-MM-JJ."),
    "date_parsing": gettext_lazy("Date invalide : utilisez le format AAAA-MM-JJ."),
    "date_from_datetime_parsing": gettext_lazy("Date invalide : utilisez le format AAAA-MM-JJ."),
    "date_from_datetime_inexact": gettext_lazy("Date invalide : utilisez le format AAAA-MM-JJ."),
    "enum": gettext_lazy("Valeur non autorisée. Valeurs possibles : {expected}."),
    "list_type": gettext_lazy("Ce champ doit être une liste."),
    "model_type": gettext_lazy("Un objet JSON est attendu."),
    "model_attributes_type": gettext_lazy("Un objet JSON est attendu."),
    "dict_type": gettext_lazy("Un objet JSON est attendu."),
    "greater_than_equal": gettext_lazy("La valeur doit être supérieure ou égale à {ge}."),
    "less_than_equal": gettext_lazy("La valeur doit être inférieure ou égale à {le}."),
    "string_too_long": gettext_lazy("Ce texte est trop long : {max_length} caractères au plus."),
    "string_pattern_mismatch": gettext_lazy("Format invalide : lettres non accentuées, chiffres, - et _."),
}


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, errors: dict | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or {}}, status=status)


def invalid_fields_detail(errors: dict) -> str:
    return _("Les données envoyées sont invalides : %(fields)s.") % {"fields": ", ".join(errors)}


def _pydantic_message(error: dict) -> str:
    context = error.get("ctx", {})
    if error["type"] == "value_error":
        return str(context.get("error", error["msg"]))
    template = PYDANTIC_MESSAGES.get(error["type"])
    if template is None:
        return _("Valeur invalide.")
    # Pydantic lists enum values in English ("'a', 'b' or 'c'").
    context = {**context, "expected": str(context.get("expected", "")).replace(" or ", " ou ")}
    return str(template).format(**context)


def _field_name(location: tuple) -> str:
    source, *path = location
    if source == "body":
        # The first step is the view's parameter name, which means nothing to the client.
        path = path[1:]
    return ".".join(str(step) for step in path) or source


def _request_errors(exc: NinjaValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(tuple(error["loc"])), []).append(_pydantic_message(error))
    return errors


def _is_duplicate_siret(error: DjangoValidationError) -> bool:
    unique_check = (error.params or {}).get("unique_check", ())
    return error.code == "unique_together" and "siret" in unique_check


def _field_messages(field: str, error: DjangoValidationError) -> list[str]:
    # Django's own message for a missing foreign key ("L'instance code NAF avec…") reads as a database error.
    if field == "naf" and error.code == "invalid":
        message = _("Code NAF inconnu : %(code)s. Indiquez un code NAF rév. 2 de l'INSEE, comme 90.01Z.")
        return [message % {"code": (error.params or {}).get("value", "")}]
    return error.messages


def _model_errors(exc: DjangoValidationError) -> tuple[list[str], dict[str, list[str]]]:
    """The messages that concern no field, and the others by API field name."""
    if not hasattr(exc, "error_dict"):
        return exc.messages, {}
    general, errors = [], {}
    for field, field_errors in exc.error_dict.items():
        for error in field_errors:
            if field == NON_FIELD_ERRORS and _is_duplicate_siret(error):
                errors.setdefault("siret", []).append(_("Une structure de ce pôle a déjà ce SIRET."))
            elif field == NON_FIELD_ERRORS:
                general.extend(error.messages)
            else:
                # The API names its fields as the model does ("naf" for the NAF code's foreign key).
                errors.setdefault(field, []).extend(_field_messages(field, error))
    return general, errors


def register_error_handlers(api: NinjaAPI) -> None:
    handlers = {
        NinjaValidationError: _on_request_error,
        DjangoValidationError: _on_model_error,
        AuthenticationError: _on_authentication_error,
        HttpError: _on_http_error,
        Http404: _on_not_found,
        PermissionDenied: _on_permission_denied,
        Exception: _on_server_error,
    }
    for exception_class, handler in handlers.items():
        api.add_exception_handler(exception_class, partial(handler, api))


def _on_request_error(api, request, exc: NinjaValidationError) -> HttpResponse:
    errors = _request_errors(exc)
    return error_response(api, request, 422, invalid_fields_detail(errors), errors)


def _on_model_error(api, request, exc: DjangoValidationError) -> HttpResponse:
    general, errors = _model_errors(exc)
    sentences = [*general, invalid_fields_detail(errors)] if errors else general
    return error_response(api, request, 422, " ".join(sentences), errors)


def _on_authentication_error(api, request, exc: AuthenticationError) -> HttpResponse:
    detail = _(
        "Authentification requise : connectez-vous, ou envoyez un jeton d'API dans l'en-tête "
        "« Authorization: Bearer crs_… »."
    )
    response = error_response(api, request, 401, detail)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _unparsable_body_message(cause: Exception) -> str:
    if isinstance(cause, json.JSONDecodeError):
        return _("Le corps de la requête n'est pas du JSON valide (ligne %(line)s, colonne %(column)s).") % {
            "line": cause.lineno,
            "column": cause.colno,
        }
    return _("Le corps de la requête n'est pas du JSON valide en UTF-8.")


def _on_http_error(api, request, exc: HttpError) -> HttpResponse:
    # django-ninja raises a bare 400 when the body cannot be parsed; the cause says why.
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        message = _unparsable_body_message(exc.__cause__)
        return error_response(api, request, 400, message, {"body": [message]})
    return error_response(api, request, exc.status_code, exc.message)


def _on_not_found(api, request, exc: Http404) -> HttpResponse:
    return error_response(api, request, 404, str(exc) or _("Ressource introuvable."))


def _on_permission_denied(api, request, exc: PermissionDenied) -> HttpResponse:
    return error_response(api, request, 403, str(exc) or _("Vous n'avez pas le droit de faire cela."))


def _on_server_error(api, request, exc: Exception) -> HttpResponse:
    # Logged as Django logs an uncaught exception, so the usual alerting still sees it.
    logger.error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    return error_response(
        api, request, 500, _("Erreur interne du serveur : l'équipe technique est prévenue.")
    )
