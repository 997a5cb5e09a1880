"""The notice list's live search in headless Chromium: typing and choosing a facet refresh the results and
the facet counts in place, keep the focus where it was, and keep the address shareable."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coursive.procurement.importer import import_records
from coursive.procurement.records import ContractType

from .notice_records import awarded_contract, contract_notice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_typing_and_choosing_a_facet_refresh_results_and_counts_in_place(
    browser_page, log_in, member_staff, cluster
):
    soon = timezone.now() + timedelta(days=10)
    works = {"contract_type": ContractType.WORKS, "title": "Réfection de la toiture", "deadline_at": soon}
    import_records(
        [contract_notice("call", deadline_at=soon), contract_notice("works", **works), awarded_contract(1)],
        name="browser",
    )
    page = browser_page
    log_in(member_staff)
    page.goto(f"/p/{cluster.slug}/marches/")
    expect(page.locator(".results-count")).to_contain_text("3 avis")
    page.evaluate("window.notReloaded = true")

    page.get_by_label("Rechercher").press_sequentially("toiture", delay=40)
    expect(page.locator(".results-count")).to_contain_text("1 avis")
    expect(page.locator("#id_contract_type option[value=services]")).to_have_text("Services (0)")
    page.get_by_label("Rechercher").fill("")
    expect(page.locator(".results-count")).to_contain_text("3 avis")
    page.get_by_label("Type de marché").focus()
    page.get_by_label("Type de marché").select_option("services")

    expect(page.locator(".results-count")).to_contain_text("1 avis")
    expect(page.locator("#id_kind option[value=contract]")).to_have_text("Marchés attribués (DECP) (0)")
    expect(page.get_by_label("Type de marché")).to_be_focused()
    assert "contract_type=services" in page.url
    assert page.evaluate("window.notReloaded") is True
