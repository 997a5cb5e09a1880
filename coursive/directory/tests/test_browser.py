"""One journey through the real interface in headless Chromium: log in, search the directory, edit one's own
organisation, be refused another's."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_member_admin_searches_edits_their_organisation_and_is_refused_another(
    browser_page, log_in, member_admin, own_organisation, other_organisation
):
    page = browser_page
    log_in(member_admin)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Annuaire")

    page.get_by_label("Rechercher").fill("grand angle")
    page.get_by_label("Rechercher").press("Enter")
    expect(page.get_by_role("link", name="Studio Grand Angle")).to_be_visible()
    expect(page.get_by_role("link", name="Compagnie La Mouette")).to_have_count(0)

    page.goto(f"/p/{own_organisation.cluster.slug}/structures/{own_organisation.pk}/modifier/")
    page.get_by_label("Nom d'usage").fill("La Mouette")
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("La Mouette")
    own_organisation.refresh_from_db()
    assert own_organisation.trade_name == "La Mouette"

    response = page.goto(f"/p/{other_organisation.cluster.slug}/structures/{other_organisation.pk}/modifier/")
    assert response.status == 403
