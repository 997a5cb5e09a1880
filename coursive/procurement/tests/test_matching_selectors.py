from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coursive.directory.models import EssStatus, Organisation, TurnoverBand
from coursive.directory.tests.factories import OrganisationFactory
from coursive.procurement.matching import DEFAULT_THRESHOLD
from coursive.procurement.matching_selectors import (
    cpv_nomenclature,
    matches_for_notice,
    matches_for_organisation,
    notice_profiles,
    organisation_profiles,
)
from coursive.procurement.models import Lot, NoticeStatus
from coursive.procurement.records import NoticeKind

from .matching_factories import CapabilityProfileFactory, NoticeFactory, ProfileReferenceFactory

pytestmark = [pytest.mark.django_db]

GRAPHIC_DESIGN = "Studio de design graphique : identité visuelle, affiches, programmes et mise en page."


@pytest.fixture
def studio(cluster):
    organisation = OrganisationFactory(cluster=cluster, legal_name="Studio Trait", description=GRAPHIC_DESIGN)
    CapabilityProfileFactory(organisation=organisation)
    return organisation


@pytest.fixture
def theatre(cluster):
    """A theatre company with no capability profile: matched on its directory record only."""
    return OrganisationFactory(cluster=cluster, legal_name="Compagnie du Pont")


def fresh(organisation):
    """The organisation as a new request loads it, so nothing cached on its cluster is reused."""
    return Organisation.objects.select_related("cluster").get(pk=organisation.pk)


def test_a_graphic_design_studio_is_put_forward_for_a_graphic_design_notice_with_reasons(studio, theatre):
    notice = NoticeFactory()

    matches = matches_for_notice(cluster=studio.cluster, notice=notice)

    assert [match.organisation_id for match in matches] == [studio.pk]
    assert matches[0].total >= DEFAULT_THRESHOLD
    assert matches[0].reasons[0].startswith("Code CPV 79822500 (Services de conception graphique)")
    assert any("Côte-d'Or (21), dans votre zone d'intervention" in reason for reason in matches[0].reasons)


def test_the_studio_sees_the_notice_among_its_opportunities_with_reasons(studio):
    notice = NoticeFactory()

    [(found, match)] = matches_for_organisation(organisation=fresh(studio))

    assert found == notice
    assert match.notice_id == str(notice.pk)
    assert "c'est l'un de vos codes" in match.reasons[0]


def test_a_notice_reserved_to_the_ess_is_not_put_forward_to_an_organisation_outside_it(cluster, studio):
    ess_studio = OrganisationFactory(
        cluster=cluster, description=GRAPHIC_DESIGN, ess_status=EssStatus.BY_RIGHT
    )
    CapabilityProfileFactory(organisation=ess_studio)
    notice = NoticeFactory(reserved_ess=True)

    matches = matches_for_notice(cluster=cluster, notice=notice)

    assert [match.organisation_id for match in matches] == [ess_studio.pk]
    assert matches_for_organisation(organisation=fresh(studio)) == []
    assert any("votre structure y a accès" in reason for reason in matches[0].reasons)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": NoticeStatus.CANCELLED},
        {"cancelled_at": timezone.now()},
        {"deadline_at": timezone.now() - timedelta(hours=1)},
        {"deadline_at": None},
        {"kind": NoticeKind.AWARDED_CONTRACT, "status": NoticeStatus.AWARDED},
    ],
)
def test_a_notice_no_longer_open_is_not_proposed(studio, fields):
    NoticeFactory(**fields)

    assert matches_for_organisation(organisation=fresh(studio)) == []


def test_a_notice_past_its_deadline_puts_no_member_forward(studio):
    notice = NoticeFactory(deadline_at=timezone.now() - timedelta(days=1))

    assert matches_for_notice(cluster=studio.cluster, notice=notice) == []


def test_the_query_count_of_opportunities_does_not_grow_with_the_notices(studio, theatre):
    cpv_nomenclature()  # read once per process, like a warm server
    NoticeFactory()

    with CaptureQueriesContext(connection) as one_notice:
        matches_for_organisation(organisation=fresh(studio))
    for _ in range(5):
        notice = NoticeFactory()
        Lot.objects.create(notice=notice, number="1", title="Affiches", cpv_codes=["79822500"])
    with CaptureQueriesContext(connection) as six_notices:
        assert len(matches_for_organisation(organisation=fresh(studio))) == 6

    assert len(six_notices) == len(one_notice) <= 7


def test_each_organisation_is_put_forward_once_with_its_best_lot(studio):
    notice = NoticeFactory(cpv_main="79800000")
    Lot.objects.create(notice=notice, number="1", title="Nettoyage des locaux", cpv_codes=["90910000"])
    design = Lot.objects.create(notice=notice, number="2", title="Identité visuelle", cpv_codes=["79822500"])

    [match] = matches_for_notice(cluster=studio.cluster, notice=notice)

    assert match.lot_id == str(design.pk)


def test_a_lot_takes_its_own_codes_and_place_and_the_notice_conditions():
    notice = NoticeFactory(min_turnover=Decimal(40_000), reserved_ess=True)
    Lot.objects.create(notice=notice, number="1", cpv_codes=["79822500"], nuts_codes=["FRC12"])
    Lot.objects.create(notice=notice, number="2", estimated_value=Decimal(20_000))

    first, second = notice_profiles([notice])

    assert (first.cpv_codes, first.departements, first.min_turnover) == (("79822500",), ("58",), 40_000)
    assert (second.cpv_codes, second.departements, second.estimated_value) == (("79822500",), ("21",), 20_000)
    assert first.reservations == second.reservations == {"ess"}


def test_an_organisation_without_a_profile_is_matched_on_its_directory_record(cluster, studio, theatre):
    ProfileReferenceFactory(profile=studio.capability_profile)
    Organisation.objects.filter(pk=theatre.pk).update(turnover_band=TurnoverBand.FROM_250K)

    profiles = {profile.id: profile for profile in organisation_profiles(cluster=cluster)}

    assert profiles[theatre.pk].departements == ("21",)
    assert profiles[theatre.pk].annual_turnover == Decimal(250_000)
    assert "théâtre" in profiles[theatre.pk].description
    assert profiles[studio.pk].references == ("Affiches de la saison 2024 du théâtre municipal",)
    assert profiles[studio.pk].cpv_codes == ("79822500",)


def test_organisations_of_another_cluster_are_never_put_forward(other_cluster, foreign_organisation, studio):
    CapabilityProfileFactory(organisation=foreign_organisation)
    foreign_organisation.description = GRAPHIC_DESIGN
    foreign_organisation.save()

    matches = matches_for_notice(cluster=studio.cluster, notice=NoticeFactory())

    assert {match.organisation_id for match in matches} == {studio.pk}
