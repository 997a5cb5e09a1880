"""The engines' explanations in the reader's language: French as written without a translator, and whatever
language is active when the Django layer shows them (pages and API)."""

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from coursive.procurement.consortium import Candidate, Instance, Unit, explain, missing, solve
from coursive.procurement.consortium_selectors import consortium_advice
from coursive.procurement.cpv import CpvNomenclature
from coursive.procurement.matching import MatchingEngine, NoticeProfile, OrganisationProfile
from coursive.procurement.matching_selectors import matches_for_notice
from coursive.procurement.profile_selectors import cpv_suggestions_for
from coursive.procurement.tests import matching_factories
from coursive.procurement.tests.matching_factories import CapabilityProfileFactory, NoticeFactory

CPV_FILE = Path(__file__).resolve().parents[3] / "data" / "cpv_2008_fr_en.csv"
GRAPHIC_DESIGN = "Studio de design graphique : identité visuelle, affiches, mise en page."


@pytest.fixture(scope="module")
def nomenclature():
    return CpvNomenclature.from_csv(CPV_FILE)


@pytest.fixture
def event_members(own_organisation, other_organisation):
    for organisation, turnover in ((own_organisation, 500_000), (other_organisation, 450_000)):
        CapabilityProfileFactory(
            organisation=organisation,
            cpv_codes=["79952000", "79951000"],
            keywords="organisation de manifestations, colloques, séminaires, salons, journées professionnelles",
            annual_turnover=Decimal(turnover),
        )


def two_lots(**fields) -> Instance:
    """Two lots each performed by a different member: the larger one, citing one reference, is mandataire."""
    units = [Unit("a", "Lot 1", True), Unit("b", "Lot 2", True)]
    candidates = [Candidate(1, "Lumen", Decimal(600_000), 1), Candidate(2, "Décibel", Decimal(400_000))]
    return Instance(units, candidates, {("a", 1): 70, ("b", 2): 70}, **fields)


@pytest.mark.django_db
def test_matching_reasons_are_in_french_by_default_and_in_english_when_english_is_active(
    cluster, own_organisation
):
    CapabilityProfileFactory(organisation=own_organisation)
    notice = NoticeFactory()

    [french] = matches_for_notice(cluster=cluster, notice=notice)
    with translation.override("en"):
        [english] = matches_for_notice(cluster=cluster, notice=notice)
        reasons = english.reasons

    assert french.reasons[0] == (
        "Code CPV 79822500 (Services de conception graphique) : c'est l'un de vos codes — 40/40 points"
    )
    assert (
        reasons[0]
        == "CPV code 79822500 (Services de conception graphique): it is one of your codes — 40/40 points"
    )
    assert "Place of performance: Côte-d'Or (21), within your area of operation — 15/15 points" in reasons


@pytest.mark.django_db
def test_the_api_gives_the_reasons_in_the_language_the_client_accepts(
    client, api_headers, resident, own_organisation
):
    CapabilityProfileFactory(organisation=own_organisation)
    notice = NoticeFactory()
    path = f"/api/clusters/dijon/notices/{notice.pk}/matches"

    english = client.get(path, headers=api_headers(resident) | {"Accept-Language": "en"}).json()
    french = client.get(path, headers=api_headers(resident)).json()

    assert english[0]["reasons"][0].startswith("CPV code 79822500")
    assert french[0]["reasons"][0].startswith("Code CPV 79822500")


@pytest.mark.django_db
def test_a_consortium_explanation_is_in_french_by_default_and_in_english_when_english_is_active(
    cluster, event_members
):
    notice = matching_factories.event_notice()

    french = consortium_advice(cluster=cluster, notice=notice).proposals[0].explanation
    with translation.override("en"):
        english = consortium_advice(cluster=cluster, notice=notice).proposals[0].explanation

    assert any(line.startswith("Chiffre d'affaires exigé : 900\u202f000\u00a0€ ;") for line in french)
    assert any(
        line.startswith("Turnover required: 900\u202f000\u00a0€; the groupement's") for line in english
    )
    assert any(
        "of the groupement's turnover, 0 references, leads 2 lots out of 2" in line for line in english
    )


@pytest.mark.django_db
def test_a_cpv_suggestion_reason_is_in_french_by_default_and_in_english_when_english_is_active(
    own_organisation,
):
    own_organisation.description = GRAPHIC_DESIGN
    own_organisation.save()

    french = {suggestion.code: suggestion.reason for suggestion in cpv_suggestions_for(own_organisation)}
    with translation.override("en"):
        english = {suggestion.code: suggestion.reason for suggestion in cpv_suggestions_for(own_organisation)}

    assert french["79822500"].startswith("Libellé proche de votre texte : ")
    assert english["79822500"].startswith("Label close to your text: ")
    assert english.keys() == french.keys()


def test_the_mandataire_line_says_its_references_and_lots_in_the_singular_or_plural():
    instance = two_lots()
    [best] = solve(instance, k=1)

    lines = explain(instance, best)
    with translation.override("en"):
        english = explain(instance, best, translation)

    assert lines[-1] == (
        "Mandataire proposé : Lumen — 60 % du chiffre d'affaires du groupement, 1 référence, mène 1 lot sur 2"
    )
    assert english[-1] == (
        "Proposed lead contractor (mandataire): Lumen — 60 % of the groupement's turnover, 1 reference, leads "
        "1 lot out of 2"
    )


def test_a_groupement_too_small_is_said_in_the_singular_for_one_member():
    instance = two_lots(max_size=1)
    [best] = solve(instance, k=1)

    with translation.override("en"):
        english = missing(instance, best, translation)

    assert missing(instance, best)[0].endswith("n'entrent pas dans un groupement de 1 membre au plus")
    assert english[0].endswith(": the able members do not fit in a groupement of at most 1 member")


def test_a_passed_deadline_is_dated_in_the_active_language(nomenclature):
    member = OrganisationProfile(1, "Studio Trait", cpv_codes=["79822000"], departements=["21"])
    deadline = datetime(2026, 11, 3, 12, tzinfo=UTC)
    notice = NoticeProfile("N1", "Conception graphique", cpv_codes=["79822500"], deadline=deadline)
    now = datetime(2026, 11, 26, tzinfo=UTC)
    engine = MatchingEngine([member], nomenclature, now=now, translator=translation)

    with translation.override("en"):
        assert engine.score(notice, member).reasons[-1] == "Bid deadline passed (3 November 2026)"
    assert (
        engine.score(notice, member).reasons[-1]
        == "Date limite de remise des offres dépassée (3 novembre 2026)"
    )
