import random
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursive.procurement.cpv import CpvNomenclature
from coursive.procurement.matching import (
    DEFAULT_THRESHOLD,
    WEIGHTS,
    MatchingEngine,
    NoticeProfile,
    OrganisationProfile,
)

CPV_FILE = Path(__file__).resolve().parents[3] / "data" / "cpv_2008_fr_en.csv"
POINTS = re.compile(r" — (\d+)/(\d+) points$")
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def nomenclature():
    return CpvNomenclature.from_csv(CPV_FILE)


def studio(**fields) -> OrganisationProfile:
    values = {
        "id": 1,
        "name": "Studio Trait",
        "cpv_codes": ["79822000"],
        "keywords": "graphisme, identité visuelle, affiches, mise en page",
        "description": "Studio de création graphique à Dijon : identités visuelles, affiches, éditions.",
        "departements": ["21"],
        "annual_turnover": Decimal(120_000),
    }
    return OrganisationProfile(**(values | fields))


def graphic_design_notice(**fields) -> NoticeProfile:
    values = {
        "id": "N1",
        "title": "Conception graphique de l'identité visuelle du musée",
        "description": "Création du logo, de la charte graphique et des affiches de la saison culturelle.",
        "cpv_codes": ["79822500-7"],
        "departements": ["21"],
        "estimated_value": Decimal(40_000),
        "min_turnover": Decimal(80_000),
    }
    return NoticeProfile(**(values | fields))


def points_in(reasons: list[str]) -> int:
    return sum(int(match.group(1)) for reason in reasons if (match := POINTS.search(reason)))


def test_the_studio_is_put_forward_for_a_graphic_design_notice_with_plain_french_reasons(nomenclature):
    engine = MatchingEngine([studio()], nomenclature)

    [match] = engine.members_for_notice(graphic_design_notice())

    assert match.eligible and match.total >= DEFAULT_THRESHOLD
    assert match.reasons[0] == (
        "Code CPV 79822500 (Services de conception graphique) : compris dans votre code 79822000 "
        "(Services de composition) — 32/40 points"
    )
    assert match.reasons[1].startswith("Mots en commun avec votre profil : ")
    assert "Lieu d'exécution : Côte-d'Or (21), dans votre zone d'intervention — 15/15 points" in match.reasons
    assert (
        f"Chiffre d'affaires 120{NNBSP}000{NBSP}€ : au-dessus du minimum exigé de 80{NNBSP}000{NBSP}€ — 10/10 points"
        in match.reasons
    )


def test_each_component_reason_carries_its_points_and_they_add_up_to_the_total(nomenclature):
    engine = MatchingEngine([studio()], nomenclature)

    match = engine.score(graphic_design_notice(), studio())

    assert [component.name for component in match.components] == list(WEIGHTS)
    for component, reason in zip(match.components, match.reasons, strict=False):
        assert reason.endswith(f"— {component.points}/{component.weight} points")
        assert component.points == round(component.weight * component.score)
    assert points_in(match.reasons) == sum(component.points for component in match.components) == match.total


def test_a_contract_reserved_to_ess_enterprises_is_open_to_an_ess_member_only(nomenclature):
    ess, other = studio(id=1, is_ess=True), studio(id=2)
    engine = MatchingEngine([ess, other], nomenclature)
    notice = graphic_design_notice(reservations=["ess"])

    matches = engine.members_for_notice(notice)

    assert [match.organisation_id for match in matches] == [1]
    assert (
        "Marché réservé aux entreprises de l'économie sociale et solidaire (art. L2113-15) : "
        "votre structure y a accès — 5/5 points"
    ) in matches[0].reasons
    refused = engine.score(notice, other)
    assert not refused.eligible
    assert any("votre structure n'y a pas accès — 0/5 points" in reason for reason in refused.reasons)


@pytest.mark.parametrize(
    ("reservation", "flag", "article"),
    [("insertion", "is_insertion", "L2113-13"), ("disability", "is_disability", "L2113-12")],
)
def test_contracts_reserved_to_insertion_or_disability_enterprises(nomenclature, reservation, flag, article):
    allowed, other = studio(id=1, **{flag: True}), studio(id=2, is_ess=True)
    engine = MatchingEngine([allowed, other], nomenclature)
    notice = graphic_design_notice(reservations=[reservation])

    assert [match.organisation_id for match in engine.members_for_notice(notice)] == [1]
    assert article in engine.score(notice, allowed).reasons[4]
    assert not engine.score(notice, other).eligible


def test_a_contract_reserved_to_either_of_two_kinds_is_open_to_both(nomenclature):
    siae, esat = studio(id=1, is_insertion=True), studio(id=2, is_disability=True)
    engine = MatchingEngine([siae, esat], nomenclature)

    matches = engine.members_for_notice(graphic_design_notice(reservations=["insertion", "disability"]))

    assert [match.organisation_id for match in matches] == [1, 2]
    assert " ou " in matches[0].reasons[4]


def test_a_turnover_below_a_lawful_minimum_is_not_put_forward(nomenclature):
    small = studio(annual_turnover=Decimal(60_000))
    engine = MatchingEngine([small], nomenclature)

    match = engine.score(graphic_design_notice(), small)

    assert not match.eligible
    assert engine.members_for_notice(graphic_design_notice(), threshold=0) == []
    assert "en dessous du minimum exigé de 80" in match.reasons[3]


def test_a_minimum_above_twice_the_estimated_value_is_capped_and_said_so(nomenclature):
    member = studio(annual_turnover=Decimal(120_000))
    engine = MatchingEngine([member], nomenclature)
    notice = graphic_design_notice(estimated_value=Decimal(50_000), min_turnover=Decimal(300_000))

    match = engine.score(notice, member)

    assert match.eligible
    assert match.component("capacity").points == 10
    assert match.reasons[-1] == (
        f"Le minimum de chiffre d'affaires demandé (300{NNBSP}000{NBSP}€) dépasse le double de la valeur estimée "
        f"(50{NNBSP}000{NBSP}€) que permet l'article R2142-7 du code de la commande publique : il est ramené à "
        f"100{NNBSP}000{NBSP}€"
    )


def test_an_unknown_turnover_gets_half_the_capacity_points_and_stays_eligible(nomenclature):
    member = studio(annual_turnover=None)
    match = MatchingEngine([member], nomenclature).score(graphic_design_notice(), member)

    assert match.eligible
    assert match.component("capacity").points == 5
    assert match.reasons[3].startswith("Chiffre d'affaires non renseigné")


def test_without_a_minimum_capacity_follows_the_share_of_the_estimated_value(nomenclature):
    member = studio(annual_turnover=Decimal(30_000))
    notice = graphic_design_notice(min_turnover=None, estimated_value=Decimal(100_000))

    match = MatchingEngine([member], nomenclature).score(notice, member)

    assert match.component("capacity").points == 3
    assert f"30{NBSP}% de la valeur estimée du marché" in match.reasons[3]


@pytest.mark.parametrize(
    ("zone", "points", "wording"),
    [
        (["21"], 15, "Côte-d'Or (21), dans votre zone d'intervention"),
        ([], 12, "vous intervenez dans toute la France"),
        (["25"], 8, "hors de votre zone mais dans la même région (Bourgogne-Franche-Comté)"),
        (["33"], 0, "Côte-d'Or (21), hors de votre zone d'intervention"),
    ],
)
def test_geography_prefers_the_intervention_zone_then_the_region(nomenclature, zone, points, wording):
    member = studio(departements=zone)
    match = MatchingEngine([member], nomenclature).score(graphic_design_notice(), member)

    assert match.component("geography").points == points
    assert wording in match.reasons[2]


def test_a_notice_past_its_deadline_is_not_put_forward(nomenclature):
    engine = MatchingEngine([studio()], nomenclature, now=datetime(2026, 11, 26, tzinfo=UTC))
    notice = graphic_design_notice(deadline=datetime(2026, 11, 3, 12, tzinfo=UTC))

    assert engine.members_for_notice(notice) == []
    assert (
        engine.score(notice, studio()).reasons[-1]
        == "Date limite de remise des offres dépassée (3 novembre 2026)"
    )


def test_the_threshold_hides_weak_matches(nomenclature):
    weak = studio(id=2, cpv_codes=["79000000"], keywords="comptabilité", description="Cabinet comptable")
    engine = MatchingEngine([studio(), weak], nomenclature)

    assert engine.score(graphic_design_notice(), weak).total < DEFAULT_THRESHOLD
    assert [match.organisation_id for match in engine.members_for_notice(graphic_design_notice())] == [1]
    assert len(engine.members_for_notice(graphic_design_notice(), threshold=0)) == 2


def test_accents_case_and_plurals_do_not_hide_shared_words(nomenclature):
    company = studio(cpv_codes=[], keywords="THEATRES, Spectacles jeune public", description="")
    notice = graphic_design_notice(
        title="Spectacle de théâtre pour le jeune public", description="", cpv_codes=[]
    )

    match = MatchingEngine([company], nomenclature).score(notice, company)

    assert match.component("text").points == WEIGHTS["text"]
    assert {"spectacle", "théâtre", "jeune", "public"} <= set(
        match.reasons[1].split(": ")[1].split(" — ")[0].split(", ")
    )


def test_ties_are_broken_by_organisation_id(nomenclature):
    engine = MatchingEngine([studio(id=3), studio(id=1), studio(id=2)], nomenclature)

    assert [match.organisation_id for match in engine.members_for_notice(graphic_design_notice())] == [
        1,
        2,
        3,
    ]


def test_profiles_refuse_unknown_reservations_and_malformed_codes():
    with pytest.raises(ValueError):
        graphic_design_notice(reservations=["artists"])
    with pytest.raises(ValueError):
        studio(cpv_codes=["7982"])


WORDS = (
    "théâtre spectacle musique danse festival affiche graphisme édition livre médiation atelier jeunesse "
    "scolaire patrimoine exposition vidéo film son lumière régie scène concert chorale cirque conte lecture "
    "bibliothèque numérique site internet photographie reportage impression papeterie signalétique décor "
    "costume formation accompagnement évaluation étude diagnostic communication presse relations publics"
).split()
CODES = (
    "79822500 79822000 79820000 79800000 79810000 79341000 79340000 79952000 79952100 79953000 79950000 "
    "92312000 92312100 92312110 92320000 92300000 92000000 92111000 92100000 92500000 92521000 22100000 "
    "22120000 22000000 80500000 80530000 72413000 72212000 39154000 39000000 45212300 45000000"
).split()
PLACES = ["21", "25", "39", "58", "71", "89", "90", "70", "75", "69", "13", "33"]


def synthetic(seed: int, organisations: int, notices: int) -> tuple[list, list]:
    """Profiles drawn from a few cultural CPV codes, words and places: many near misses, some matches."""
    rng = random.Random(seed)

    def words(count):
        return " ".join(rng.choices(WORDS, k=count))

    members = [
        OrganisationProfile(
            id=index,
            name=f"Membre {index}",
            cpv_codes=rng.sample(CODES, rng.randint(0, 3)),
            keywords=words(6),
            description=words(25),
            references=[words(6) for _ in range(rng.randint(0, 2))],
            departements=rng.sample(PLACES, rng.randint(0, 3)),
            annual_turnover=rng.choice([None, Decimal(40_000), Decimal(150_000), Decimal(900_000)]),
            is_ess=rng.random() < 0.4,
            is_insertion=rng.random() < 0.1,
            is_disability=rng.random() < 0.1,
        )
        for index in range(organisations)
    ]
    calls = [
        NoticeProfile(
            id=f"N{index:03d}",
            title=words(6),
            description=words(30),
            cpv_codes=rng.sample(CODES, rng.randint(0, 2)),
            lot_id=rng.choice([None, "1", "2"]),
            departements=rng.sample(PLACES, rng.randint(0, 2)),
            estimated_value=rng.choice([None, Decimal(30_000), Decimal(200_000)]),
            min_turnover=rng.choice([None, None, Decimal(50_000), Decimal(1_000_000)]),
            reservations=rng.choice([[], [], [], ["ess"], ["insertion", "disability"]]),
        )
        for index in range(notices)
    ]
    return members, calls


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000), threshold=st.sampled_from([0, 25, 45, 60, 75]))
def test_the_ranking_of_members_is_the_one_scoring_every_pair_gives(seed, threshold):
    members, calls = synthetic(seed, organisations=60, notices=12)
    engine = MatchingEngine(members)

    for notice in calls:
        scored = [engine.score(notice, member) for member in members]
        expected = sorted(
            (
                (match.organisation_id, match.total)
                for match in scored
                if match.eligible and match.total >= threshold
            ),
            key=lambda pair: (-pair[1], pair[0]),
        )
        found = engine.members_for_notice(notice, limit=None, threshold=threshold)
        assert [(match.organisation_id, match.total) for match in found] == expected


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_rankings_both_ways_agree(seed):
    members, calls = synthetic(seed, organisations=50, notices=30)
    engine = MatchingEngine(members)

    for notice in calls:
        for match in engine.members_for_notice(notice, limit=None, threshold=40):
            member = members[match.organisation_id]
            found = engine.notices_for_member(member, calls, limit=None, threshold=40)
            same = [
                other.total
                for other in found
                if (other.notice_id, other.lot_id) == (notice.id, notice.lot_id)
            ]
            assert same == [match.total]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_reasons_always_add_up_to_the_total(seed):
    members, calls = synthetic(seed, organisations=10, notices=10)
    engine = MatchingEngine(members)

    for notice in calls:
        for member in members:
            match = engine.score(notice, member)
            assert points_in(match.reasons) == match.total
            assert 0 <= match.total <= 100


def test_notices_for_a_member_are_best_first_then_by_notice_and_lot(nomenclature):
    members, calls = synthetic(7, organisations=40, notices=60)
    engine = MatchingEngine(members, nomenclature)

    for member in members[:10]:
        found = engine.notices_for_member(member, calls, limit=None, threshold=30)
        keys = [(-match.total, match.notice_id, match.lot_id or "") for match in found]
        assert keys == sorted(keys)
        assert engine.notices_for_member(member, calls, limit=3, threshold=30) == found[:3]


def test_a_batch_shared_between_processes_gives_the_same_matches_and_reasons(nomenclature):
    members, calls = synthetic(11, organisations=80, notices=40)
    engine = MatchingEngine(members, nomenclature)

    alone = engine.matches(calls, threshold=40)
    shared = engine.matches(calls, threshold=40, workers=2)

    assert alone
    assert [(m.notice_id, m.lot_id, m.organisation_id, m.components) for m in shared] == [
        (m.notice_id, m.lot_id, m.organisation_id, m.components) for m in alone
    ]
    assert [match.reasons for match in shared] == [match.reasons for match in alone]
