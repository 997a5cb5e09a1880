"""Saving a search: every value checked with a message naming its field, nothing written on refusal, and
the notices already published alerted at once; imports alert the searches their new notices match."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management import call_command
from django.utils import timezone

from coursive.procurement import services
from coursive.procurement.importer import import_records
from coursive.procurement.management.commands import import_notices as import_command
from coursive.procurement.models import Alert, ImportRun, ImportStatus, SavedSearch, WatchFeedToken
from coursive.procurement.watch_services import saved_search_create, saved_search_update

from .notice_records import contract_notice
from .watch_factories import SavedSearchFactory, WatchNoticeFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Graphisme en Bourgogne",
    "cpv_codes": ["79822500-2", "92000000"],
    "keywords": "  affiches   saison ",
    "departements": ["21", "2a", "1"],
    "min_value": Decimal("10000"),
    "procedures": ["open", "adapted"],
    "include_awarded": False,
    "is_active": True,
}


def test_a_valid_search_is_saved_with_its_values_normalised(own_organisation, member_admin):
    search = saved_search_create(organisation=own_organisation, created_by=member_admin, fields=VALID)

    search.refresh_from_db()
    assert search.cluster == own_organisation.cluster and search.created_by == member_admin
    assert search.cpv_codes == ["79822500", "92000000"]
    assert search.keywords == "affiches saison"
    assert search.departements == ["21", "2A", "01"]
    assert search.procedures == ["open", "adapted"]


def test_each_bad_value_is_refused_with_a_french_message_on_its_field(own_organisation, member_admin):
    fields = VALID | {
        "cpv_codes": ["7982", "99999999"],
        "departements": ["21", "96", "XX"],
        "min_value": Decimal("-1"),
        "procedures": ["auction"],
    }

    with pytest.raises(ValidationError) as refused:
        saved_search_create(organisation=own_organisation, created_by=member_admin, fields=fields)

    errors = refused.value.message_dict
    assert errors["cpv_codes"] == [
        "Code CPV mal formé : 7982. Un code compte 8 chiffres, par exemple 79822500."
    ]
    assert errors["departements"] == ["Département inconnu : 96, XX. Indiquez des codes comme 21, 2A ou 974."]
    assert errors["min_value"] == ["La valeur minimale ne peut pas être négative."]
    assert errors["procedures"] == ["Procédure inconnue : auction."]
    assert not SavedSearch.objects.exists() and not WatchFeedToken.objects.exists()


def test_a_cpv_code_missing_from_the_nomenclature_is_refused(own_organisation, member_admin):
    with pytest.raises(ValidationError) as refused:
        saved_search_create(
            organisation=own_organisation, created_by=member_admin, fields=VALID | {"cpv_codes": ["79999999"]}
        )

    assert refused.value.message_dict["cpv_codes"] == [
        "Code CPV absent de la nomenclature CPV 2008 : 79999999."
    ]


def test_a_search_must_say_what_is_bought(own_organisation, member_admin):
    fields = VALID | {"cpv_codes": [], "keywords": ""}

    with pytest.raises(ValidationError) as refused:
        saved_search_create(organisation=own_organisation, created_by=member_admin, fields=fields)

    assert "au moins un code CPV ou un mot-clé" in refused.value.message_dict[NON_FIELD_ERRORS][0]


def test_keywords_made_only_of_common_words_are_refused(own_organisation, member_admin):
    with pytest.raises(ValidationError) as refused:
        saved_search_create(
            organisation=own_organisation, created_by=member_admin, fields=VALID | {"keywords": "de la pour"}
        )

    assert "aucun mot significatif" in refused.value.message_dict["keywords"][0]


def test_a_refused_update_leaves_the_saved_search_as_it_was(own_organisation):
    search = SavedSearchFactory(organisation=own_organisation, name="Graphisme")

    with pytest.raises(ValidationError):
        saved_search_update(saved_search=search, fields={"name": "Autre nom", "departements": ["999"]})

    search.refresh_from_db()
    assert (search.name, search.departements) == ("Graphisme", [])


def test_a_new_search_alerts_the_open_notices_at_once_and_gets_feed_addresses(
    own_organisation, member_admin, django_capture_on_commit_callbacks
):
    WatchNoticeFactory(official_id="open-call")

    with django_capture_on_commit_callbacks(execute=True):
        search = saved_search_create(organisation=own_organisation, created_by=member_admin, fields=VALID)

    assert list(search.alerts.values_list("notice__official_id", flat=True)) == ["open-call"]
    assert WatchFeedToken.objects.filter(organisation=own_organisation).exists()


def future_notice():
    return contract_notice("26-300001", deadline_at=timezone.now() + timedelta(days=20))


def test_a_finished_import_run_alerts_the_searches_its_notices_match(
    own_organisation, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    search = SavedSearchFactory(organisation=own_organisation, cpv_codes=["79822500"])
    run = ImportRun.objects.create(uploaded_by=coordinator, file="imports/boamp.xml", file_name="boamp.xml")
    monkeypatch.setattr(
        services,
        "import_notices",
        lambda paths, run: import_records([future_notice()], name="boamp.xml", run=run),
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.import_run_execute(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    assert list(search.alerts.values_list("notice__official_id", flat=True)) == ["26-300001"]


def test_the_import_command_alerts_the_searches_its_notices_match(own_organisation, monkeypatch, capsys):
    search = SavedSearchFactory(organisation=own_organisation, cpv_codes=["79822500"])
    monkeypatch.setattr(
        import_command,
        "import_notices",
        lambda files, progress: import_records([future_notice()], name="boamp.xml"),
    )

    call_command("import_notices", "boamp.xml")

    assert Alert.objects.filter(saved_search=search).count() == 1
    assert "1 alerte de veille créée." in capsys.readouterr().out
