"""The API fuzzed from its own OpenAPI schema: whatever a client sends, no server error, every refusal is
JSON with a message, and every answer matches the schema.

Requests go through Django's real WSGI handler inside the test's transaction, so each example sees the
fixtures and nothing outlives the test."""

import json
from datetime import time, timedelta
from decimal import Decimal

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from coursive.accounts.models import Membership
from coursive.accounts.services import api_token_create
from coursive.api.api import api
from coursive.directory.tests.factories import PersonFactory
from coursive.invoicing.services import invoice_draft_create, invoice_issue
from coursive.invoicing.tests.factories import rent_line, seller_for
from coursive.leases.services.leases import lease_create
from coursive.leases.tests.conftest import lease_fields
from coursive.leases.tests.factories import IndexValueFactory, OfficeFactory, grid_with_reductions
from coursive.lending.services import loan_check_out
from coursive.premises import services as premises_services
from coursive.premises.calendar import local_moment
from coursive.premises.models import Resource
from coursive.premises.tests.conftest import future_workday
from coursive.premises.tests.factories import FeatureFactory, ResourceFactory
from coursive.procurement.models import Lot
from coursive.procurement.tests.matching_factories import CapabilityProfileFactory, NoticeFactory
from coursive.purchasing.tests.factories import CampaignFactory, OfferFactory, with_tiers
from coursive.responses.services import participant_answer, response_open, share_set, subcontractor_declare

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
def records(
    settings,
    tmp_path,
    cluster,
    coordinator,
    member_staff,
    own_organisation,
    other_organisation,
    foreign_organisation,
):
    """One real record behind every identifier the API takes, so each endpoint is fuzzed against data."""
    settings.MEDIA_ROOT = tmp_path
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
            **_response_ids(coordinator, notice, own_organisation, other_organisation),
            **_premises_ids(cluster, coordinator, member_staff, own_organisation),
            **_money_ids(cluster, coordinator, own_organisation),
        },
    }


def _response_ids(coordinator, notice, own_organisation, other_organisation) -> dict:
    opened = response_open(
        membership=Membership.objects.get(user=coordinator),
        notice=notice,
        organisations=[own_organisation, other_organisation],
        mandataire=own_organisation,
        lot_assignments=[],
    )
    # A member who has accepted, takes the lot and declares a subcontractor on it, for the DC2 and DC4.
    own = opened.participants.get(organisation=own_organisation)
    participant_answer(participant=own, accept=True, reason="", answered_by=None)
    lot = notice.lots.get()
    share_set(participant=own, lot=lot, work="Affiches", amount=None)
    subcontractor = subcontractor_declare(
        participant=own,
        name="Imprimerie de l'Exemple",
        siret="73282932000074",
        address="1 rue de l'Exemple, 21000 Dijon",
        work="Impression des affiches",
        lot=lot,
        amount_excl_vat=Decimal("800.00"),
        vat_rate=Decimal("20.00"),
        accepted_at_bid=True,
    )
    return {
        "response_id": opened.pk,
        "participant_id": opened.participants.last().pk,
        "subcontractor_id": subcontractor.pk,
    }


def _premises_ids(cluster, coordinator, member_staff, own_organisation) -> dict:
    room = ResourceFactory(cluster=cluster)
    room.features.add(FeatureFactory(cluster=cluster, slug="videoprojecteur"))
    day = future_workday()
    booking = premises_services.booking_create(
        resource=room,
        membership=Membership.objects.get(user=member_staff),
        starts_at=local_moment(day, time(10)),
        ends_at=local_moment(day, time(12)),
    )
    reference = IndexValueFactory(cluster=cluster, year=2025, quarter=3)
    grid_with_reductions(cluster)
    lease = lease_create(
        cluster=cluster,
        resource=OfficeFactory(cluster=cluster),
        organisation=own_organisation,
        fields=lease_fields(index_kind="ILAT", reference_index=reference),
    )
    item = Resource.objects.create(cluster=cluster, kind=Resource.Kind.EQUIPMENT, name="Micro HF")
    loan = loan_check_out(
        resource=item,
        organisation=own_organisation,
        borrower_name="Léa",
        due_on=timezone.localdate() + timedelta(days=2),
        condition="good",
        checked_out_by=coordinator,
    )
    return {"resource_id": room.pk, "booking_id": booking.pk, "lease_id": lease.pk, "loan_id": loan.pk}


def _money_ids(cluster, coordinator, own_organisation) -> dict:
    seller_for(cluster)
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])
    invoice = invoice_issue(invoice=draft, issued_by=coordinator)
    campaign = CampaignFactory(cluster=cluster)
    with_tiers(OfferFactory(campaign=campaign), ("10", "4.20"))
    return {"invoice_id": invoice.pk, "campaign_id": campaign.pk}


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
