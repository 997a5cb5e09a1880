"""In headless Chromium: a member opens a response from a proposed consortium, invites a member of a
partner cluster, who accepts from its own cluster."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from coursive.procurement.tests.matching_factories import CapabilityProfileFactory, event_notice
from coursive.responses.models import InvitationStatus, JointResponse

from .helpers import share_watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_open_from_a_proposed_consortium_invite_a_partner_who_accepts(
    browser_page,
    log_in,
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

    log_in(member_admin)
    page.goto(f"/p/dijon/marches/avis/{notice.pk}/groupements/")
    page.get_by_role("button", name="Ouvrir la réponse avec ce groupement").first.click()
    expect(page.get_by_role("heading", name="Membres du groupement")).to_be_visible()
    page.get_by_label("Structure à inviter").select_option(value=str(foreign_organisation.pk))
    page.get_by_role("button", name="Inviter").click()
    expect(page.get_by_text("Invitation envoyée à Manufacture du Furan")).to_be_visible()
    response = JointResponse.objects.get()

    log_in(stranger)
    page.goto("/p/saint-etienne/reponses/")
    page.get_by_role("link", name=re.compile("Conception, organisation")).click()
    page.get_by_role("button", name="Accepter l'invitation").click()

    expect(page.get_by_text("Vous faites maintenant partie du groupement.")).to_be_visible()
    statuses = dict(response.participants.values_list("organisation", "invitation_status"))
    assert statuses[foreign_organisation.pk] == InvitationStatus.ACCEPTED
    assert statuses[own_organisation.pk] == InvitationStatus.ACCEPTED
    assert other_organisation.pk in statuses
