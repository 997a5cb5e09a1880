"""In headless Chromium: a member finds a room, books it, and sees the booking in the calendar, which moves
from week to week in place (htmx) without reloading the page."""

import pytest
from playwright.sync_api import expect

from coursive.premises.models import Booking

from .conftest import future_workday
from .factories import ResourceFactory

# The calendar writes time ranges with an en dash.
DASH = "\u2013"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_member_books_a_room_and_sees_it_in_the_calendar(browser_page, log_in, member_staff, cluster):
    room = ResourceFactory(cluster=cluster, name="Salle des Canuts", capacity=8)
    day = future_workday()
    page = browser_page
    log_in(member_staff)

    page.goto(f"/p/{cluster.slug}/lieux/")
    page.get_by_role("link", name="Salle des Canuts").click()
    page.get_by_label("Début").fill(f"{day}T14:00")
    page.get_by_label("Fin").fill(f"{day}T16:30")
    page.get_by_label("Objet").fill("Répétition publique")
    page.get_by_label("Participants").fill("6")
    page.get_by_role("button", name="Réserver").click()
    expect(page.get_by_text("Réservation confirmée.")).to_be_visible()
    assert Booking.objects.get(resource=room).title == "Répétition publique"

    page.goto(f"/p/{cluster.slug}/lieux/calendrier/?vue=semaine&jour={day}")
    chip = page.locator(".booking-chip", has_text="Répétition publique")
    expect(chip).to_contain_text(f"14:00{DASH}16:30")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("link", name="Suivant →").click()
    expect(page.locator(".booking-chip", has_text="Répétition publique")).to_have_count(0)
    page.get_by_role("link", name="← Précédent").click()
    expect(page.locator(".booking-chip", has_text="Répétition publique")).to_be_visible()
    page.get_by_role("link", name="Jour", exact=True).click()
    expect(page.locator(".timeline .booking-chip")).to_contain_text("Répétition publique")
    assert page.evaluate("window.notReloaded") is True
    assert f"jour={day}" in page.url
