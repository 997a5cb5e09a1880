"""The directory's live search in headless Chromium: typing and choosing filters refresh the results in place
and keep the address shareable."""

import pytest
from playwright.sync_api import expect

from coursive.directory.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_typing_and_filtering_refresh_the_results_in_place(
    browser_page, log_in, member_staff, cluster, own_organisation
):
    OrganisationFactory.create_batch(25, cluster=cluster, description="Studio photo.")
    page = browser_page
    log_in(member_staff)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Annuaire")
    page.evaluate("window.notReloaded = true")

    page.get_by_label("Rechercher").press_sequentially("mouet", delay=40)
    expect(page.locator(".results-count")).to_contain_text("1 structure")
    page.get_by_label("Rechercher").fill("")
    page.get_by_label("Forme juridique").select_option("association")
    expect(page.locator(".results-count")).to_contain_text("26 structures")
    page.get_by_role("link", name="Page 2").click()

    expect(page.locator(".pagination [aria-current=page]")).to_contain_text("2")
    assert "legal_form=association" in page.url and "page=2" in page.url
    assert page.evaluate("window.notReloaded") is True
