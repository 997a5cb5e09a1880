"""In headless Chromium: the coordination drafts, fills and issues an invoice through the pages, and a person
of the customer organisation downloads its Factur-X PDF."""

import pytest
from facturx import get_facturx_xml_from_pdf, xml_check_xsd
from playwright.sync_api import expect

from .factories import seller_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_invoice_issued_in_the_pages_is_downloaded_by_the_member(
    browser_page, log_in, coordinator, member_staff, cluster, own_organisation, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    seller_for(cluster)
    page = browser_page
    log_in(coordinator)
    page.goto(f"/p/{cluster.slug}/factures/nouvelle/")
    page.get_by_label("Structure membre").select_option(label=own_organisation.legal_name)
    page.get_by_role("button", name="Créer le brouillon").click()

    page.get_by_label("Désignation").fill("Régie lumière, 3 services")
    page.get_by_label("Quantité").fill("3")
    page.get_by_label("Unité").fill("service")
    page.get_by_label("Prix unitaire HT (€)").fill("210")
    page.get_by_role("button", name="Ajouter la ligne").click()
    expect(page.locator("tfoot")).to_contain_text("756,00 €")
    page.get_by_role("button", name="Émettre (numéro définitif et PDF Factur-X)").click()
    expect(page.locator("h1")).to_contain_text("FA-")
    number = page.locator("h1").inner_text().split()[-1]

    log_in(member_staff)
    page.goto(f"/p/{cluster.slug}/factures/")
    page.get_by_role("link", name=number).click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le PDF Factur-X").click()
    pdf = tmp_path / "download.pdf"
    download_info.value.save_as(pdf)

    _name, xml = get_facturx_xml_from_pdf(pdf.read_bytes())
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert number.encode() in xml
