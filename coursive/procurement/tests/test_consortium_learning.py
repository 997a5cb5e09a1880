"""Learning from awards and from the cluster's own past responses."""

from decimal import Decimal

import pytest
from django.urls import reverse

from coursive.procurement.consortium_selectors import history_lines
from coursive.procurement.grouping_selectors import area_groupings, naf_section, name_legal_form
from coursive.procurement.intelligence import area_awards
from coursive.procurement.models import Award, AwardWinner
from coursive.procurement.tests.matching_factories import DecpContractFactory, NoticeFactory
from coursive.responses.models import JointResponse, Participant

pytestmark = pytest.mark.django_db


def _award(cpv: str, amount: int, winners: list[tuple[str, str]]) -> Award:
    award = Award.objects.create(notice=DecpContractFactory(cpv_main=cpv), amount=Decimal(amount))
    for position, (name, siret) in enumerate(winners):
        AwardWinner.objects.create(
            award=award, name=name, identifier=siret, identifier_type="SIRET", position=position
        )
    return award


def test_awards_with_several_titulaires_tell_who_wins_together_and_how(cluster, own_organisation):
    _award(
        "79810000", 30_000, [("IMPRIMERIE DU CENTRE SARL", "11111111100011"), ("CT COPY", "22222222200022")]
    )
    _award(
        "79823000", 50_000, [("IMPRIMERIE DU CENTRE SARL", "11111111100011"), ("CT COPY", "22222222200022")]
    )
    _award("79810000", 90_000, [("ASSOCIATION ARTS GRAPHIQUES", "33333333300033"), ("A", ""), ("B", "")])
    _award("79810000", 10_000, [("SEUL TITULAIRE", "44444444400044")])
    _award("92312000", 70_000, [("COMPAGNIE X", ""), ("COMPAGNIE Y", "")])

    groupings = area_groupings(awards=area_awards(prefix="798"), cluster=cluster)

    assert groupings.group_count == 3
    assert groupings.sizes == [(2, 2), (3, 1)]
    assert groupings.median_amount == Decimal(50_000)
    assert groupings.total == Decimal(170_000)
    assert groupings.partners[0].label == "CT COPY + IMPRIMERIE DU CENTRE SARL"
    assert groupings.partners[0].count == 2 and groupings.partners[0].total == Decimal(80_000)
    assert groupings.kinds[0].label == "SARL (d'après le nom)"
    assert groupings.unknown_kind == 4 and groupings.winner_count == 7


def test_a_winner_of_the_directory_is_described_from_its_record(cluster, own_organisation):
    _award("79810000", 30_000, [(own_organisation.legal_name, own_organisation.siret), ("CT COPY", "")])

    groupings = area_groupings(awards=area_awards(prefix="79"), cluster=cluster)

    assert groupings.known[0].organisation == own_organisation
    assert groupings.known[0].naf_section == naf_section(own_organisation.naf_id)
    assert groupings.kinds[0].label == own_organisation.get_legal_form_display()


def test_legal_forms_and_naf_sections_are_read_as_written():
    assert name_legal_form("Studio Lumière SASU") == "SASU"
    assert name_legal_form("SASSENAGE IMPRESSION") == ""
    assert name_legal_form("Assoc. Les Tréteaux") == "Association"
    assert naf_section("90.01Z") == "R" and naf_section("18.12Z") == "C" and naf_section("73.11Z") == "M"


def test_the_cpv_area_page_shows_who_wins_together(client, member_staff):
    _award("79810000", 30_000, [("CT COPY", ""), ("REPROTECHNIQUE", "")])
    client.force_login(member_staff)

    response = client.get(
        reverse("procurement:cpv_area", kwargs={"cluster_slug": "dijon", "code": "79810000"})
    )

    assert "Qui gagne ensemble dans ce domaine" in response.content.decode()
    assert response.context["groupings"].group_count == 1


def test_the_explanation_recalls_the_clusters_past_responses_of_the_members(
    cluster, other_cluster, own_organisation, other_organisation, foreign_organisation
):
    won = JointResponse.objects.create(
        cluster=cluster, notice=NoticeFactory(), status="won", awarded_amount=120_000
    )
    lost = JointResponse.objects.create(cluster=cluster, notice=NoticeFactory(), status="lost")
    foreign = JointResponse.objects.create(cluster=other_cluster, notice=NoticeFactory(), status="won")
    for response in (won, lost):
        Participant.objects.create(response=response, organisation=own_organisation, role="mandataire")
        Participant.objects.create(response=response, organisation=other_organisation, role="cotraitant")
    Participant.objects.create(response=foreign, organisation=foreign_organisation, role="mandataire")

    lines = history_lines(cluster=cluster, organisations=[own_organisation, other_organisation])

    assert lines[0] == (
        "Déjà associés dans des réponses du pôle (Compagnie La Mouette, Studio Grand Angle) : 2 réponse(s), "
        "1 gagnée(s) (120\u202f000\u00a0€), 1 perdue(s)"
    )
    assert len(lines) == 3
    assert history_lines(cluster=cluster, organisations=[foreign_organisation]) == []
