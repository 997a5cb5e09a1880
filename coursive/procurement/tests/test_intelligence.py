"""Market intelligence: the figures of a CPV area and of a buyer on a small known set of contracts, and the
pages that show them."""

import html
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coursive.procurement.importer import import_records
from coursive.procurement.intelligence import area_awards, buyer_awards, market_figures, top_buyers
from coursive.procurement.records import Award, Winner

from .notice_records import award_notice, awarded_contract, contract_notice

pytestmark = pytest.mark.django_db

DIJON = "21210231500019"
BEAUNE = "21210054100011"
ALPHA = Winner(name="Alpha Spectacles", identifier="80000004200019", identifier_type="SIRET")
BETA = Winner(name="Beta Production", identifier="80000005300017", identifier_type="SIRET")
GAMMA = Winner(name="Gamma")


def contract(number: int, cpv_main: str, amount: str, winners: list[Winner], **overrides):
    award = Award(amount=Decimal(amount), awarded_on=date(2025, 5, number), winners=winners)
    return awarded_contract(number, cpv_main=cpv_main, awards=[award], **overrides)


@pytest.fixture
def market():
    """In division 92, for 100 000 €: an award notice for Dijon whose CPV code and buyer come from its
    contract notice (40 000 €, Beta), and three DECP contracts: 10 000 € to Alpha for Dijon, 30 000 € to
    Alpha and Beta together for Beaune, 20 000 € to Gamma for Dijon. Outside: 999 € to Alpha in division 79.
    Open: one call for tenders in division 92."""
    won = award_notice("award-92", refers_to_id="call-92")
    won.awards = [Award(amount=Decimal("40000"), awarded_on=date(2025, 6, 1), winners=[BETA])]
    soon = timezone.now() + timedelta(days=10)
    import_records(
        [
            contract_notice("call-92", cpv_main="92312000", cpv_additional=[], lots=[], deadline_at=soon),
            won,
            contract(1, "92312000", "10000", [ALPHA]),
            contract(2, "92310000", "30000", [ALPHA, BETA], buyer_siret=BEAUNE, buyer_name="Ville de Beaune"),
            contract(3, "92312000", "20000", [GAMMA]),
            contract(4, "79822500", "999", [ALPHA]),
            contract_notice(
                "open-92", title="Spectacle de fin d'année", cpv_main="92312100", lots=[], deadline_at=soon
            ),
        ],
        name="market",
    )


def test_the_figures_of_a_division_count_sum_and_share_its_contracts(market):
    figures = market_figures(awards=area_awards(prefix="92"))

    assert figures.contract_count == 4
    assert figures.total == Decimal("100000.00")
    assert figures.median == Decimal("25000.00")
    assert (figures.group_count, figures.group_share) == (1, 25)


def test_the_top_winners_count_a_groupement_for_each_of_its_members(market):
    figures = market_figures(awards=area_awards(prefix="92"))

    winners = [(w.name, w.count, w.total, w.group_count) for w in figures.top_winners]
    assert winners == [
        ("Beta Production", 2, Decimal("70000.00"), 1),
        ("Alpha Spectacles", 2, Decimal("40000.00"), 1),
        ("Gamma", 1, Decimal("20000.00"), 0),
    ]


def test_the_top_buyers_of_an_area_include_award_notices_through_their_contract_notice(market):
    buyers = [(b.siret, b.name, b.count, b.total) for b in top_buyers(awards=area_awards(prefix="92"))]

    assert buyers == [
        (DIJON, "Ville de Dijon", 3, Decimal("70000.00")),
        (BEAUNE, "Ville de Beaune", 1, Decimal("30000.00")),
    ]


def test_a_narrower_area_keeps_only_its_codes(market):
    figures = market_figures(awards=area_awards(prefix="92312"))

    assert (figures.contract_count, figures.total, figures.group_share) == (3, Decimal("70000.00"), 0)


def test_a_buyers_figures_cover_every_area_it_buys_in(market):
    figures = market_figures(awards=buyer_awards(siret=DIJON))

    assert (figures.contract_count, figures.total, figures.median) == (
        4,
        Decimal("70999.00"),
        Decimal("15000.00"),
    )
    assert figures.recent[0].notice.official_id == "award-92"


def test_an_area_without_contracts_has_no_median_nor_share(market):
    figures = market_figures(awards=area_awards(prefix="45"))

    assert (figures.contract_count, figures.total, figures.median, figures.group_share) == (
        0,
        None,
        None,
        None,
    )
    assert figures.top_winners == [] and figures.recent == []


def area_url(code: str, cluster_slug: str = "dijon") -> str:
    return reverse("procurement:cpv_area", kwargs={"cluster_slug": cluster_slug, "code": code})


def buyer_url(siret: str, cluster_slug: str = "dijon") -> str:
    return reverse("procurement:buyer", kwargs={"cluster_slug": cluster_slug, "siret": siret})


def page_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_area_page_shows_its_place_in_the_nomenclature_figures_and_open_calls(
    client, member_staff, market
):
    client.force_login(member_staff)

    text = page_text(client, area_url("92310000"))

    assert "92310000 — Services de création et d'interprétation d'œuvres artistiques et littéraires" in text
    assert area_url("92000000") in text and area_url("92300000") in text
    assert area_url("92312000") in text
    assert "100\u202f000\u00a0€" in text
    assert "Spectacle de fin d'année" in text
    assert buyer_url(BEAUNE) in text


def test_the_division_page_shows_its_total_median_share_and_winners(client, member_staff, market):
    client.force_login(member_staff)

    text = page_text(client, area_url("92000000"))

    assert "100\u202f000\u00a0€" in text and "25\u202f000\u00a0€" in text
    assert "25 % (1 marché)" in text
    assert "Beta Production" in text and "groupement" in text
    assert "?kind=call&status=open&division=92" in text


def test_an_area_code_with_its_check_digit_is_read_and_a_malformed_one_answers_404(
    client, member_staff, market
):
    client.force_login(member_staff)

    assert client.get(area_url("92000000-1")).status_code == 200
    assert client.get(area_url("banane")).status_code == 404


def test_a_code_missing_from_the_nomenclature_still_has_its_page(client, member_staff, market):
    client.force_login(member_staff)

    text = page_text(client, area_url("92999999"))

    assert "code absent de la nomenclature CPV 2008" in text


def test_the_buyer_page_shows_its_figures_divisions_and_open_calls(client, member_staff, market):
    client.force_login(member_staff)

    text = page_text(client, buyer_url(DIJON))

    assert "Ville de Dijon" in text and "212 102 315 00019" in text
    assert "70\u202f999\u00a0€" in text
    assert area_url("92000000") in text and area_url("79000000") in text
    assert "Spectacle de fin d'année" in text


def test_an_unknown_or_malformed_buyer_answers_404(client, member_staff, market):
    client.force_login(member_staff)

    assert client.get(buyer_url("99999999999999")).status_code == 404
    assert client.get(buyer_url("dijon")).status_code == 404


@pytest.mark.parametrize("url", [area_url("92000000"), buyer_url(DIJON)])
def test_a_member_of_another_cluster_gets_a_404(client, stranger, market, url):
    client.force_login(stranger)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [area_url("92000000"), buyer_url(DIJON)])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, market, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", [area_url("92000000"), buyer_url(DIJON)])
def test_every_role_of_the_cluster_sees_the_intelligence_pages(client, buyer, resident, market, url):
    for user in (buyer, resident):
        client.force_login(user)

        assert client.get(url).status_code == 200
