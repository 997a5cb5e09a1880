"""Which notices a saved search turns into alerts, and that it does so once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from coursive.procurement.models import Alert, Notice, NoticeStatus
from coursive.procurement.records import NoticeKind
from coursive.procurement.watch_services import alerts_generate

from .watch_factories import SavedSearchFactory, WatchNoticeFactory

pytestmark = pytest.mark.django_db


def alerted(saved_search) -> set[str]:
    return set(Alert.objects.filter(saved_search=saved_search).values_list("notice__official_id", flat=True))


def test_a_cpv_code_finds_every_notice_with_a_code_below_it(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation, cpv_codes=["79800000"])
    WatchNoticeFactory(official_id="design", cpv_main="79822500")
    WatchNoticeFactory(official_id="printing-in-a-lot", cpv_main="45000000", cpv_additional=["79810000"])
    WatchNoticeFactory(official_id="advertising", cpv_main="79340000")

    created = alerts_generate()

    assert created == 2
    assert alerted(search) == {"design", "printing-in-a-lot"}


def test_a_division_code_finds_the_whole_division(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation, cpv_codes=["79000000"])
    WatchNoticeFactory(official_id="design", cpv_main="79822500")
    WatchNoticeFactory(official_id="advertising", cpv_main="79340000")
    WatchNoticeFactory(official_id="works", cpv_main="45000000")

    alerts_generate()

    assert alerted(search) == {"design", "advertising"}


def test_keywords_match_whatever_the_accents_the_case_and_the_plural(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation, cpv_codes=[], keywords="Théâtre affiche")
    WatchNoticeFactory(official_id="posters", title="Affiches du THEATRE municipal", description="")
    WatchNoticeFactory(official_id="theatres", title="Programmation des théâtres", description="Une affiche.")
    WatchNoticeFactory(official_id="posters-only", title="Affiches de la médiathèque", description="")

    alerts_generate()

    assert alerted(search) == {"posters", "theatres"}


def test_a_keyword_matches_a_whole_word_not_part_of_one(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation, cpv_codes=[], keywords="art")
    WatchNoticeFactory(official_id="art", title="Médiation autour de l'art contemporain", description="")
    WatchNoticeFactory(official_id="map", title="Cartographie des équipements", description="")

    alerts_generate()

    assert alerted(search) == {"art"}


def test_departements_keep_notices_placed_there_or_nowhere_in_particular(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation, departements=["21", "71"])
    WatchNoticeFactory(official_id="dijon", departements=["21"])
    WatchNoticeFactory(official_id="macon-and-lyon", departements=["69", "71"], nuts_codes=["FRK26", "FRC13"])
    WatchNoticeFactory(official_id="lyon", departements=["69"], nuts_codes=["FRK26"])
    WatchNoticeFactory(official_id="nationwide", departements=[], nuts_codes=["FR"])
    WatchNoticeFactory(official_id="unknown-place", departements=[], nuts_codes=[])
    WatchNoticeFactory(official_id="abroad", departements=[], nuts_codes=["DE300"])

    alerts_generate()

    assert alerted(search) == {"dijon", "macon-and-lyon", "nationwide", "unknown-place"}


def test_a_minimum_value_leaves_out_smaller_contracts_but_not_those_of_unknown_value(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation, min_value=Decimal("40000"))
    WatchNoticeFactory(official_id="large", estimated_value=Decimal("45000"))
    WatchNoticeFactory(official_id="exact", estimated_value=Decimal("40000"))
    WatchNoticeFactory(official_id="small", estimated_value=Decimal("12000"))
    WatchNoticeFactory(official_id="unknown", estimated_value=None)

    alerts_generate()

    assert alerted(search) == {"large", "exact", "unknown"}


def test_procedures_keep_only_the_ones_chosen(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation, procedures=["open", "restricted"])
    WatchNoticeFactory(official_id="open", procedure="open")
    WatchNoticeFactory(official_id="restricted", procedure="restricted")
    WatchNoticeFactory(official_id="mapa", procedure="adapted")
    WatchNoticeFactory(official_id="unstated", procedure="")

    alerts_generate()

    assert alerted(search) == {"open", "restricted"}


def test_only_calls_for_tenders_one_can_still_answer_are_alerted(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation)
    WatchNoticeFactory(official_id="open")
    WatchNoticeFactory(official_id="no-deadline", deadline_at=None)
    WatchNoticeFactory(official_id="past", deadline_at=timezone.now() - timedelta(hours=1))
    WatchNoticeFactory(official_id="closed", status=NoticeStatus.CLOSED)
    WatchNoticeFactory(official_id="cancelled", status=NoticeStatus.CANCELLED, cancelled_at=timezone.now())
    WatchNoticeFactory(official_id="corrigendum", kind=NoticeKind.CORRIGENDUM)
    WatchNoticeFactory(official_id="award", kind=NoticeKind.AWARD_NOTICE, status=NoticeStatus.AWARDED)

    alerts_generate()

    assert alerted(search) == {"open", "no-deadline"}


def test_a_search_that_asks_for_awards_gets_those_of_the_last_month(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation, include_awarded=True)
    today = timezone.localdate()
    awarded = {"kind": NoticeKind.AWARDED_CONTRACT, "status": NoticeStatus.AWARDED, "deadline_at": None}
    WatchNoticeFactory(official_id="open")
    WatchNoticeFactory(official_id="recent-award", published_on=today - timedelta(days=3), **awarded)
    WatchNoticeFactory(official_id="old-award", published_on=today - timedelta(days=400), **awarded)

    alerts_generate()

    assert alerted(search) == {"open", "recent-award"}


def test_generating_again_creates_nothing_new(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation)
    WatchNoticeFactory.create_batch(3)
    alerts_generate()

    created = alerts_generate()

    assert created == 0
    assert Alert.objects.filter(saved_search=search).count() == 3


def test_a_new_notice_is_alerted_once_to_each_search_it_matches(own_organisation, other_organisation):
    ours = SavedSearchFactory(organisation=own_organisation)
    theirs = SavedSearchFactory(organisation=other_organisation, cpv_codes=["79822500"])
    WatchNoticeFactory(official_id="first")
    alerts_generate()
    WatchNoticeFactory(official_id="second")

    created = alerts_generate()

    assert created == 2
    assert alerted(ours) == alerted(theirs) == {"first", "second"}


def test_a_paused_search_gets_no_alert(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation, is_active=False)
    WatchNoticeFactory()

    assert alerts_generate() == 0
    assert alerted(search) == set()


def test_generation_can_be_limited_to_some_notices(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation)
    WatchNoticeFactory(official_id="just-imported")
    WatchNoticeFactory(official_id="older")

    alerts_generate(notices=Notice.objects.filter(official_id="just-imported"))

    assert alerted(search) == {"just-imported"}


def test_one_query_per_saved_search_whatever_the_number_of_notices(
    own_organisation, django_assert_max_num_queries
):
    for index in range(3):
        SavedSearchFactory(organisation=own_organisation, name=f"Recherche {index}")
    WatchNoticeFactory.create_batch(30)

    # One query for the searches, then per search one to select its notices and one to insert the alerts.
    with django_assert_max_num_queries(1 + 3 * 2):
        created = alerts_generate()

    assert created == 90
