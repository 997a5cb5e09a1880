"""The leases and loans endpoints fuzzed from the OpenAPI schema, pointed at real records: whatever a client
sends, no server error, every refusal is JSON with a sentence, every answer matches the schema."""

import json
from datetime import timedelta

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from coursive.accounts.services import api_token_create
from coursive.api.api import api
from coursive.lending.services import loan_check_out
from coursive.premises.models import Resource

schema = schemathesis.openapi.from_dict(api.get_openapi_schema()).include(
    path_regex=r"/(leases|rent-grids|rent-calls|loans)"
)
django_wsgi = WSGIHandler()


def app_in_test_transaction(environ, start_response):
    """Django's WSGI handler, keeping the connection that holds the test's transaction open."""
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
    if 400 <= response.status_code < 500:
        body = json.loads(response.content)
        assert isinstance(body.get("detail"), str) and body["detail"], body


@pytest.fixture
def records(cluster, coordinator, lease, own_organisation):
    item = Resource.objects.create(
        cluster=cluster, kind=Resource.Kind.EQUIPMENT, name="Micro HF", condition="good"
    )
    loan = loan_check_out(
        resource=item,
        organisation=own_organisation,
        borrower_name="Léa",
        due_on=timezone.localdate() + timedelta(days=2),
        condition="good",
        checked_out_by=coordinator,
    )
    _token, raw = api_token_create(user=coordinator, name="fuzzing")
    return {
        "headers": {"Authorization": f"Bearer {raw}"},
        "path": {"slug": cluster.slug, "lease_id": lease.pk, "loan_id": loan.pk},
    }


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_leases_and_loans_api_never_fails_and_explains_every_refusal(case, records):
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
