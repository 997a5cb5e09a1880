from pathlib import Path

import pytest

from coursive.core.text import restore_lost_letters, tokens
from coursive.procurement.cpv import CpvNomenclature, Level
from coursive.procurement.cpv_suggest import CpvSuggester, NoticeTermTable, suggest_cpv

DATA = Path(__file__).resolve().parents[3] / "data"
EVENT_ORGANISATION = {"79950000", "79952000", "79952100", "79953000"}


@pytest.fixture(scope="module")
def nomenclature():
    return CpvNomenclature.from_csv(DATA / "cpv_2008_fr_en.csv")


@pytest.fixture(scope="module")
def table():
    return NoticeTermTable.load(DATA / "cpv_notice_terms.json")


@pytest.fixture(scope="module", params=["labels only", "labels and learnt table"])
def suggester(request, nomenclature, table):
    return CpvSuggester(nomenclature, table if request.param != "labels only" else None)


def test_graphic_design_is_suggested_for_a_visual_identity(suggester):
    suggestions = suggester.suggest("conception graphique et identité visuelle")
    assert suggestions[0].code == "79822500"
    assert suggestions[0].label == "Services de conception graphique"
    assert "conception, graphique" in suggestions[0].reason


def test_event_organisation_is_suggested_for_festivals(suggester):
    suggestions = suggester.suggest("organisation de festivals et d'événements", limit=3)
    assert {suggestion.code for suggestion in suggestions} <= EVENT_ORGANISATION
    assert "79952000" in {suggestion.code for suggestion in suggestions}


def test_suggestions_are_ranked_and_limited(suggester):
    suggestions = suggester.suggest(
        "Compagnie de théâtre : spectacles vivants et médiation culturelle", limit=4
    )
    assert len(suggestions) == 4
    assert [suggestion.score for suggestion in suggestions] == sorted(
        (suggestion.score for suggestion in suggestions), reverse=True
    )
    assert suggestions[0].code.startswith("92")


def test_ranking_divisions_puts_the_cultural_services_first(nomenclature, table):
    suggester = CpvSuggester(nomenclature, table)
    divisions = [
        code for code, _ in suggester.rank("spectacles vivants, concerts et théâtre", Level.DIVISION)
    ]
    assert divisions[0] == "92000000"
    assert all(code.endswith("000000") for code in divisions)


def test_the_learnt_table_bridges_buyers_words_to_codes(nomenclature, table):
    assert "77310000" not in {code for code, *_ in suggest_cpv("faucardage des fossés", nomenclature)}
    suggestion = suggest_cpv("faucardage des fossés", nomenclature, table=table)[0]
    assert suggestion.code == "77310000"
    assert "Mots employés par les acheteurs avec ce code : faucardage" in suggestion.reason


def test_a_text_without_any_known_word_gets_no_suggestion(suggester):
    assert suggester.suggest("zzzz qwxv") == []


def test_letters_lost_to_a_bad_decoding_are_restored_from_the_vocabulary():
    known = set(tokens("médiathèque contrôle"))
    assert restore_lost_letters("M\ufffddiath\ufffdque", known) == "Mediatheque"
    assert restore_lost_letters("Contr\ufffdle d'acc\ufffds", known) == "Controle d'acces"


def test_a_damaged_notice_title_still_finds_its_division(suggester):
    divisions = [
        code for code, _ in suggester.rank("R\ufffdfection des toitures de l'\ufffdcole", Level.DIVISION)
    ]
    assert "45000000" in divisions[:3]


def test_a_table_is_learnt_from_notices_and_survives_a_round_trip(nomenclature, tmp_path):
    examples = [("Conception de l'affiche du festival", "79822500-7"), ("Affiches et flyers", "79822500")]
    table = NoticeTermTable.learn([*examples, ("Code hors nomenclature", "74000000")], nomenclature)
    assert table.notices == {"79822500": 2}
    assert table.terms["79822500"]["affich"] == 2
    table.save(tmp_path / "table.json", source="test")
    loaded = NoticeTermTable.load(tmp_path / "table.json")
    assert (loaded.notices, loaded.terms) == (table.notices, table.terms)


def test_one_letter_leftovers_of_initials_do_not_dilute_the_text(suggester):
    plain = suggester.suggest("conception graphique")
    with_initials = suggester.suggest("conception graphique pour la S.E.T.E.")
    assert [(s.code, s.score) for s in with_initials] == [(s.code, s.score) for s in plain]


def test_words_spread_over_a_group_back_off_to_that_group_and_its_division(nomenclature):
    # Given buyers who used « tonte » with three different codes of group 773 (one notice each), and once
    # with a code of another division
    examples = [
        ("Tonte des pelouses des écoles", "77313000"),
        ("Tonte et débroussaillage des talus", "77312000"),
        ("Tonte des terrains de sport", "77320000"),
        ("Tondeuses autoportées pour la tonte", "16311000"),
    ]
    suggester = CpvSuggester(nomenclature, NoticeTermTable.learn(examples, nomenclature))
    # When a text speaks of « tonte » only, the group and the division that gather that evidence come first
    assert suggester.rank("tonte", Level.GROUP)[0][0] == "77300000"
    assert suggester.rank("tonte", Level.DIVISION)[0][0] == "77000000"


def test_a_division_described_by_many_labels_with_the_words_ranks_first_without_a_table(nomenclature):
    suggester = CpvSuggester(nomenclature)
    divisions = [code for code, _ in suggester.rank("livres, revues et journaux", Level.DIVISION)]
    groups = [code for code, _ in suggester.rank("livres, revues et journaux", Level.GROUP)]
    assert divisions[0] == "22000000"
    assert set(groups[:2]) == {"22100000", "22200000"}
