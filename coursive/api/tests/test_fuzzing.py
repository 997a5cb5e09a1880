"""The API fuzzed from its own OpenAPI schema: whatever a client sends, no server error, every refusal is
JSON with a message, and every answer matches the schema.

Requests go through Django's real WSGI handler inside the test's transaction, so each example sees the
fixtures and nothing outlives the test."""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from coursive.accounts.services import api_token_create
from coursive.api.api import api
from coursive.directory.tests.factories import PersonFactory
from coursive.procurement.models import Lot
from coursive.procurement.tests.matching_factories import CapabilityProfileFactory, NoticeFactory

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
django_wsgi = WSGIHandler()


def app_in_test_transaction(environ, start_response):
    """Django's WSGI handler without the connection recycling at request boundaries, which would close the
    connection holding the test's transaction (Django's test client suspends it the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = django_wsgi(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def errors_are_clear_json(ctx, response, case):
    """Every refusal is JSON carrying a sentence in "detail"."""
    if 400 <= response.status_code < 500:
        body = json.loads(response.content)
        assert isinstance(body.get("detail"), str), body
        assert body["detail"], body


@pytest.fixture
def records(cluster, coordinator, own_organisation, other_organisation, foreign_organisation):
    PersonFactory(organisation=own_organisation, is_public_contact=True)
    person = PersonFactory(organisation=own_organisation)
    # A call with a lot, and a profile it matches, so the procurement endpoints answer with data.
    notice = NoticeFactory()
    Lot.objects.create(notice=notice, number="1", title="Affiches", cpv_codes=["79822500"])
    CapabilityProfileFactory(organisation=own_organisation)
    _token, raw = api_token_create(user=coordinator, name="fuzzing")
    return {
        "headers": {"Authorization": f"Bearer {raw}"},
        "path": {
            "slug": cluster.slug,
            "organisation_id": own_organisation.pk,
            "person_id": person.pk,
            "notice_id": notice.pk,
        },
    }


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_never_fails_and_explains_every_refusal(case, records):
    # Random identifiers would only ever meet a 404: pointing them at real records fuzzes the bodies and
    # filters against data. Malformed identifiers are covered in test_errors.py.
    case.path_parameters = {name: records["path"][name] for name in case.path_parameters}
    case.call_and_validate(
        app=app_in_test_transaction,
        headers=records["headers"],
        checks=[
            not_a_server_error,
            errors_are_clear_json,
            response_schema_conformance,
            content_type_conformance,
        ],
    )
