"""From a notice to a proposed groupement to an opened response, in headless Chromium."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from coursive.procurement.models import Lot
from coursive.procurement.tests.matching_factories import CapabilityProfileFactory, NoticeFactory
from coursive.responses.models import JointResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_member_goes_from_a_notice_to_a_proposed_groupement_and_opens_the_response(
    browser_page, log_in, member_admin, cluster, own_organisation, other_organisation
):
    notice = NoticeFactory(
        title="Organisation de manifestations",
        cpv_main="79952000",
        selection_text="Pour le lot no 1 : chiffre d'affaires global annuel supérieur à 900 000 euros HT.",
    )
    Lot.objects.create(notice=notice, number="1", title="Colloques", cpv_codes=["79952000"])
    for organisation, turnover in ((own_organisation, 500_000), (other_organisation, 450_000)):
        CapabilityProfileFactory(
            organisation=organisation,
            cpv_codes=["79952000"],
            keywords="organisation de manifestations, colloques, séminaires",
            annual_turnover=Decimal(turnover),
        )
    page = browser_page
    log_in(member_admin)
    page.goto(f"/p/{cluster.slug}/marches/avis/{notice.pk}/")

    page.get_by_role("link", name="Proposer un groupement").click()
    expect(page.get_by_role("heading", name="Proposition 1")).to_contain_text("Complète")
    expect(page.locator(".consortium table").first).to_contain_text("Mandataire")
    page.get_by_role("button", name="Ouvrir la réponse avec ce groupement").first.click()

    expect(page.get_by_text("Réponse ouverte.")).to_be_visible()
    response = JointResponse.objects.get(notice=notice)
    assert set(response.participants.values_list("organisation_id", flat=True)) == {
        own_organisation.pk,
        other_organisation.pk,
    }
