"""Lending in headless Chromium: the coordinator checks the sound desk out to a member, then takes it back."""

import pytest
from playwright.sync_api import expect

from coursive.lending.models import Loan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_coordinator_lends_an_item_and_records_its_return(
    browser_page, log_in, coordinator, item, own_organisation
):
    page = browser_page
    log_in(coordinator)
    page.goto("/p/dijon/prets/")

    page.get_by_role("link", name="Sortir Console son Yamaha MG16").click()
    page.get_by_label("Structure qui emprunte").select_option(label="Compagnie La Mouette")
    page.get_by_label("Personne qui emporte le matériel").fill("Bastien Lacroix")
    page.get_by_label("Retour prévu le").fill("2099-01-15")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.locator(".alert-warning")).to_contain_text(
        "Sorti chez Compagnie La Mouette (Bastien Lacroix)"
    )
    page.get_by_role("link", name="Enregistrer le retour").click()
    page.get_by_label("État au retour").select_option(label="Usé")
    page.get_by_label("Dégâts constatés").fill("Bouton de gain arraché")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", name="Retour")).to_be_visible()
    loan = Loan.objects.get()
    assert (loan.borrower_name, loan.checkin_condition) == ("Bastien Lacroix", "worn")
    assert loan.damages.get().description == "Bouton de gain arraché"
