"""The invoicing endpoints fuzzed from the OpenAPI schema, pointed at a real issued invoice: no server error,
every refusal is JSON with a sentence, every answer matches the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from coursive.accounts.services import api_token_create
from coursive.api.api import api
from coursive.api.tests.test_fuzzing import app_in_test_transaction, errors_are_clear_json
from coursive.invoicing.services import invoice_draft_create, invoice_issue

from .factories import rent_line

schema = schemathesis.openapi.from_dict(api.get_openapi_schema()).include(path_regex="/invoices")


@pytest.fixture
def records(cluster, coordinator, seller, own_organisation):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])
    invoice = invoice_issue(invoice=draft, issued_by=coordinator)
    _token, raw = api_token_create(user=coordinator, name="fuzzing")
    return {
        "headers": {"Authorization": f"Bearer {raw}"},
        "path": {"slug": cluster.slug, "invoice_id": invoice.pk},
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
def test_invoicing_api_never_fails_and_explains_every_refusal(case, records):
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
