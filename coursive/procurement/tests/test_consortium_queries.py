"""The consortium advice reads the database a fixed number of times, however many members and proposals."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coursive.accounts.models import Cluster
from coursive.directory.tests.factories import OrganisationFactory
from coursive.procurement.consortium_selectors import consortium_advice
from coursive.procurement.models import WatchSharing
from coursive.procurement.tests import matching_factories
from coursive.procurement.tests.matching_factories import CapabilityProfileFactory, NoticeFactory
from coursive.responses.models import JointResponse, Participant

pytestmark = pytest.mark.django_db


def _members(cluster, count: int) -> None:
    """Event organisers of the cluster, each with a past response the explanation recalls."""
    for n in range(count):
        organisation = OrganisationFactory(cluster=cluster)
        CapabilityProfileFactory(
            organisation=organisation,
            cpv_codes=["79952000"],
            keywords="organisation de manifestations, colloques, salons",
            annual_turnover=Decimal(300_000 + n),
        )
        past = JointResponse.objects.create(cluster=cluster, notice=NoticeFactory(), status="lost")
        Participant.objects.create(response=past, organisation=organisation, role="mandataire")


def _queries_of_advice(cluster, notice) -> tuple[list[str], object]:
    fresh = Cluster.objects.get(pk=cluster.pk)  # no engine kept from an earlier call
    with CaptureQueriesContext(connection) as queries:
        advice = consortium_advice(cluster=fresh, notice=notice)
    return [query["sql"] for query in queries], advice


@pytest.mark.parametrize("count", [2, 7])
def test_the_advice_reads_a_fixed_number_of_times_whatever_the_members(cluster, count):
    notice = matching_factories.event_notice()
    _members(cluster, count)

    queries, advice = _queries_of_advice(cluster, notice)

    assert len(advice.proposals) == (1 if count == 2 else 3)
    # Lots, the engine's five reads (the CPV nomenclature once per process), the directory, the partner
    # clusters when the own members fall short, and the past responses.
    assert len(queries) <= 9
    assert sum('FROM "responses_participant"' in sql for sql in queries) == 1
    assert sum(sql.startswith('SELECT "procurement_lot"') for sql in queries) == 1
    for proposal in advice.proposals:
        recalled = [line for line in proposal.explanation if "dans les réponses du pôle" in line]
        assert len(recalled) == len(proposal.members)


def test_capability_profiles_are_not_read_again_after_the_engine(cluster):
    notice = matching_factories.event_notice()
    _members(cluster, 3)

    queries, advice = _queries_of_advice(cluster, notice)

    assert advice.complete
    assert not [sql for sql in queries if sql.startswith('SELECT "procurement_capabilityprofile"')]


def test_partner_pools_add_one_read_per_partner_cluster(cluster, other_cluster, own_organisation):
    notice = matching_factories.event_notice()
    CapabilityProfileFactory(
        organisation=own_organisation,
        cpv_codes=["79952000"],
        keywords="organisation de manifestations, colloques, salons",
        annual_turnover=Decimal(600_000),
    )
    _members(other_cluster, 2)
    WatchSharing.objects.create(cluster=cluster, partner_cluster=other_cluster)
    WatchSharing.objects.create(cluster=other_cluster, partner_cluster=cluster)

    queries, advice = _queries_of_advice(cluster, notice)

    assert any(proposal.with_partners for proposal in advice.proposals)
    assert sum('FROM "responses_participant"' in sql for sql in queries) == 1
    assert len(queries) <= 9 + 5
