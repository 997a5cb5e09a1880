"""A member declares its need in headless Chromium and sees the aggregate and the tier reached move."""

import pytest
from playwright.sync_api import expect

from .factories import CampaignFactory, NeedFactory, OfferFactory, with_tiers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_member_declares_its_need_and_the_tier_reached_follows(
    browser_page, log_in, member_admin, cluster, other_organisation
):
    campaign = CampaignFactory(cluster=cluster)
    with_tiers(OfferFactory(campaign=campaign), ("10", "4.20"), ("100", "3.80"))
    NeedFactory(campaign=campaign, organisation=other_organisation, quantity=60)
    page = browser_page
    log_in(member_admin)
    page.goto(f"/p/{cluster.slug}/achats/{campaign.pk}/")
    expect(page.get_by_text("Palier à 4,20")).to_be_visible()

    page.get_by_label("Quantité").fill("45")
    page.get_by_role("button", name="Déclarer mon besoin").click()

    expect(page.get_by_role("status")).to_contain_text("Votre besoin est enregistré")
    expect(page.get_by_text("2 structures, 105\u00a0ramettes au total")).to_be_visible()
    expect(page.get_by_text("Palier à 3,80")).to_be_visible()
    expect(page.get_by_role("button", name="Modifier mon besoin")).to_be_visible()
