"""The notice page: who may see it, what it shows of the notice, the notices that change it, the demo
banner, the members put forward with their reasons and the buyer's past contracts."""

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coursive.directory.tests.factories import OrganisationFactory
from coursive.procurement.importer import import_records
from coursive.procurement.matching_selectors import matches_for_notice
from coursive.procurement.models import Notice
from coursive.procurement.records import Award, Winner

from .matching_factories import CapabilityProfileFactory
from .notice_records import award_notice, awarded_contract, cancellation, contract_notice, corrigendum

pytestmark = pytest.mark.django_db


def notice_url(notice, cluster_slug="dijon"):
    return reverse("procurement:notice_detail", kwargs={"cluster_slug": cluster_slug, "notice_id": notice.pk})


def imported(*records) -> Notice:
    """Imports the records; returns the first one's notice."""
    import_records(records, name="notices")
    return Notice.objects.get(official_id=records[0].official_id)


def page_text(client, notice) -> str:
    response = client.get(notice_url(notice))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def call():
    return imported(contract_notice(deadline_at=timezone.now() + timedelta(days=5)))


def test_a_member_sees_the_notice_its_buyer_lots_values_flags_and_countdown(client, member_staff, call):
    client.force_login(member_staff)

    text = page_text(client, call)

    assert "Conception graphique de la saison culturelle" in text
    assert "212 102 315 00019" in text
    assert "plus que 5 jours" in text
    assert "Identité visuelle" in text and "Impression des programmes" in text
    assert "45\u202f000,00\u00a0€" in text and "30\u202f000,00\u00a0€" in text
    assert "79822500 — Services de conception graphique" in text
    assert reverse("procurement:cpv_area", kwargs={"cluster_slug": "dijon", "code": "79822500"}) in text
    assert "article L2113-15" in text and "Clause sociale" in text
    assert "Côte-d'Or (21)" in text and "FRC11 (Côte-d'Or)" in text
    assert (
        '<pre class="raw-record">&lt;ANNONCE&gt;25-100001&lt;/ANNONCE&gt;</pre>'
        in client.get(notice_url(call)).content.decode()
    )


def test_every_role_of_the_cluster_sees_the_notice(client, buyer, resident, call):
    for user in (buyer, resident):
        client.force_login(user)

        assert client.get(notice_url(call)).status_code == 200


@pytest.mark.parametrize(("who", "offered"), [("member_staff", True), ("buyer", False), ("resident", False)])
def test_only_the_cluster_insiders_are_offered_a_groupement(client, request, call, who, offered):
    client.force_login(request.getfixturevalue(who))
    groupements = reverse("procurement:consortia", kwargs={"cluster_slug": "dijon", "notice_id": call.pk})

    assert (groupements in page_text(client, call)) is offered
    assert client.get(groupements).status_code == (200 if offered else 403)


def test_a_member_of_another_cluster_gets_a_404(client, stranger, call):
    client.force_login(stranger)

    assert client.get(notice_url(call)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, call):
    response = client.get(notice_url(call))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_missing_notice_answers_404(client, member_staff, cluster):
    client.force_login(member_staff)

    response = client.get(
        reverse("procurement:notice_detail", kwargs={"cluster_slug": "dijon", "notice_id": 999})
    )

    assert response.status_code == 404


def test_the_demo_banner_shows_only_when_dates_are_shifted_with_the_real_dates(client, member_staff, call):
    client.force_login(member_staff)
    unshifted = page_text(client, call)
    Notice.objects.filter(pk=call.pk).update(
        demo_date_shift_days=1200, published_on=date(2022, 7, 22) + timedelta(days=1200)
    )

    shifted = page_text(client, call)

    assert "Données de démonstration : dates décalées" not in unshifted
    assert "Données de démonstration : dates décalées" in shifted
    assert "décalées de 1200 jours" in shifted
    assert "Publié en réalité le 22 juillet 2022" in shifted


def test_a_cancelled_notice_says_so_and_links_to_its_cancellation(client, member_staff):
    notice = imported(contract_notice(), cancellation())
    cancelling = Notice.objects.get(official_id="25-100060")
    client.force_login(member_staff)

    text = page_text(client, notice)

    assert "Cette procédure a été annulée le 24 novembre 2026." in text
    assert notice_url(cancelling) in text
    assert notice_url(notice) in page_text(client, cancelling)


def test_an_amended_notice_says_so_and_shows_the_amended_values(client, member_staff):
    notice = imported(contract_notice(), corrigendum())
    client.force_login(member_staff)

    text = page_text(client, notice)

    assert "Cet avis a été rectifié le 20 novembre 2026" in text
    assert "Conception graphique de la saison culturelle 2027" in text
    assert "10 janvier 2027" in text


def test_an_awarded_notice_shows_its_award_to_a_groupement(client, member_staff):
    notice = imported(contract_notice(), award_notice())
    client.force_login(member_staff)

    text = page_text(client, notice)

    assert "Ce marché a été attribué" in text
    assert "Studio Grand Angle" in text and "Atelier Mouette" in text
    assert "groupement" in text and "28\u202f500,00\u00a0€" in text
    assert notice_url(Notice.objects.get(official_id="26-200001")) in text


def test_a_contract_won_alone_is_marked_so(client, member_staff):
    contract = imported(awarded_contract(1))
    client.force_login(member_staff)

    text = page_text(client, contract)

    assert "Compagnie 1" in text and "seul" in text and "groupement" not in text


def test_the_members_put_forward_come_with_their_score_and_reasons(client, member_staff, cluster):
    call = imported(contract_notice(reservations=[], deadline_at=timezone.now() + timedelta(days=5)))
    studio = OrganisationFactory(cluster=cluster, legal_name="Studio Trait", description="Design graphique.")
    CapabilityProfileFactory(organisation=studio)
    [match] = matches_for_notice(cluster=cluster, notice=call)
    client.force_login(member_staff)

    text = page_text(client, call)

    assert reverse("directory:detail", kwargs={"cluster_slug": "dijon", "organisation_id": studio.pk}) in text
    assert f"{match.total} points sur 100" in text
    assert all(reason in text for reason in match.reasons)


def test_another_clusters_members_are_never_put_forward(client, member_staff, other_cluster, call):
    foreign = OrganisationFactory(cluster=other_cluster, legal_name="Graphistes du Furan")
    CapabilityProfileFactory(organisation=foreign)
    client.force_login(member_staff)

    text = page_text(client, call)

    assert "Graphistes du Furan" not in text
    assert "Aucun membre du pôle ne ressort pour cet avis." in text


def decp(number: int, cpv_main: str, **overrides):
    return awarded_contract(number, cpv_main=cpv_main, title=f"Contrat {cpv_main}", **overrides)


def test_the_buyers_past_contracts_come_most_similar_first_without_the_notices_own_award(
    client, member_staff
):
    notice = imported(
        contract_notice(),
        award_notice(),
        decp(1, "92312000", published_on=date(2025, 9, 1)),
        decp(2, "79100000"),
        decp(3, "79822000"),
        decp(4, "79822500", buyer_siret="", buyer_name="VILLE DE DIJON"),
        decp(5, "79822500", buyer_siret="21231300400014", buyer_name="Ville de Beaune"),
    )
    client.force_login(member_staff)

    past = client.get(notice_url(notice)).context["past_awards"]

    titles = [award.notice.title for award in past]
    # Same class (the latest first), then same division, then the rest; another buyer's never.
    assert titles == ["Contrat 79822500", "Contrat 79822000", "Contrat 79100000", "Contrat 92312000"]


def test_past_contracts_show_their_winners_alone_or_in_groupement(client, member_staff):
    group = Award(amount=None, winners=[Winner(name="Collectif A"), Winner(name="Collectif B")])
    notice = imported(contract_notice(), decp(1, "79822500", awards=[group]))
    client.force_login(member_staff)

    text = page_text(client, notice)

    past = text[text.index("Les marchés passés de cet acheteur") :]
    assert "Collectif A" in past and "Collectif B" in past and "groupement" in past
