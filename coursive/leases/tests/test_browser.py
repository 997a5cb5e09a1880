"""Leases in headless Chromium: the coordinator lets an office from the grid, the tenant reads why it pays
what it pays, and the month's rent call is generated."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_lease_from_the_grid_is_explained_to_the_tenant_and_called(
    browser_page, log_in, coordinator, member_staff, office, own_organisation, grid
):
    page = browser_page
    log_in(coordinator)
    page.goto("/p/dijon/baux/bail/nouveau/")
    page.get_by_label("Bureau").select_option(label="Bureau 204")
    page.get_by_label("Structure preneuse").select_option(label="Compagnie La Mouette")
    page.get_by_label("Surface louée (m²)").fill("20")
    page.get_by_label("Prise d'effet").fill("2026-01-01")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Pourquoi ce loyer")).to_be_visible()

    page.goto("/p/dijon/baux/appels/?mois=2026-01")
    page.get_by_role("button", name="Générer les appels de janvier 2026").click()
    expect(page.locator("table")).to_contain_text("290,00 €")

    page.context.clear_cookies()
    log_in(member_staff)
    page.goto("/p/dijon/baux/")
    page.get_by_role("link", name="Bureau 204", exact=True).click()
    expect(page.locator(".leases-explain")).to_contain_text("Loyer selon la grille, par mois")
    expect(page.locator(".leases-explain")).to_contain_text("250,00 € HT")
