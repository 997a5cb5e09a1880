"""In headless Chromium: a member opens a response from a proposed consortium, invites a member of a
partner cluster, who accepts from its own cluster."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from coursive.accounts.tests.factories import DEFAULT_PASSWORD
from coursive.procurement.models import Lot
from coursive.procurement.tests.matching_factories import CapabilityProfileFactory, NoticeFactory
from coursive.responses.models import InvitationStatus, JointResponse

from .helpers import share_watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def log_in(page, email):
    page.context.clear_cookies()
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def event_notice():
    """Two lots; the second asks more turnover than either member has alone."""
    notice = NoticeFactory(
        title="Conception, organisation et réalisation de manifestations",
        description="Colloques, séminaires, journées professionnelles et salons.",
        cpv_main="79952000",
        selection_text=(
            "Pour le lot no 1 : chiffre d'affaires global annuel supérieur à 200 000 euros HT. "
            "Pour le lot no 2 : chiffre d'affaires global annuel supérieur à 900 000 euros HT."
        ),
    )
    Lot.objects.create(notice=notice, number="1", title="Colloques", cpv_codes=["79952000"])
    Lot.objects.create(notice=notice, number="2", title="Salons", cpv_codes=["79952000"])
    return notice


def test_open_from_a_proposed_consortium_invite_a_partner_who_accepts(
    browser_page,
    member_admin,
    own_organisation,
    other_organisation,
    cluster,
    other_cluster,
    stranger,
    foreign_organisation,
):
    notice = event_notice()
    for organisation, turnover in ((own_organisation, 500_000), (other_organisation, 450_000)):
        CapabilityProfileFactory(
            organisation=organisation,
            cpv_codes=["79952000", "79951000"],
            keywords="organisation de manifestations, colloques, séminaires, salons, journées professionnelles",
            annual_turnover=Decimal(turnover),
        )
    share_watch(cluster, other_cluster)
    page = browser_page

    log_in(page, member_admin.email)
    page.goto(f"/p/dijon/marches/avis/{notice.pk}/groupements/")
    page.get_by_role("button", name="Ouvrir la réponse avec ce groupement").first.click()
    expect(page.get_by_role("heading", name="Membres du groupement")).to_be_visible()
    page.get_by_label("Structure à inviter").select_option(value=str(foreign_organisation.pk))
    page.get_by_role("button", name="Inviter").click()
    expect(page.get_by_text("Invitation envoyée à Manufacture du Furan")).to_be_visible()
    response = JointResponse.objects.get()

    log_in(page, stranger.email)
    page.goto("/p/saint-etienne/reponses/")
    page.get_by_role("link", name=re.compile("Conception, organisation")).click()
    page.get_by_role("button", name="Accepter l'invitation").click()

    expect(page.get_by_text("Vous faites maintenant partie du groupement.")).to_be_visible()
    statuses = dict(response.participants.values_list("organisation", "invitation_status"))
    assert statuses[foreign_organisation.pk] == InvitationStatus.ACCEPTED
    assert statuses[own_organisation.pk] == InvitationStatus.ACCEPTED
    assert other_organisation.pk in statuses
