"""The procurement demo: real notices, some of their calls made current with the shift said, and profiles
that make the demo members' opportunities real."""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from coursive.accounts.models import Membership, Role
from coursive.directory.demo import demo_emails, demo_load
from coursive.directory.demo_data import DEMO_PASSWORD
from coursive.directory.models import Organisation
from coursive.procurement.demo import (
    DATA_DIR,
    calls_to_open,
    demo_notice_files,
    notices_demo_shift,
    procurement_demo_load,
)
from coursive.procurement.importer import import_notices
from coursive.procurement.matching import DEFAULT_THRESHOLD
from coursive.procurement.matching_selectors import matches_for_organisation, open_notices
from coursive.procurement.models import CapabilityProfile, Notice, NoticeStatus, ProfileReference
from coursive.procurement.readers import read_notices
from coursive.procurement.records import NoticeRecord
from coursive.procurement.tests.matching_factories import NoticeFactory

pytestmark = pytest.mark.django_db

EVENTS_CALL = DATA_DIR / "boamp_xml" / "test-pub-5.xml"  # 16-186359, events for the ministères sociaux
AWARDED_CALL = DATA_DIR / "boamp_xml" / "test-pub-9.xml"  # 17-40964
ITS_AWARD = DATA_DIR / "boamp_xml" / "test-attribution-8.xml"
# No shipped call fits a contemporary theatre company: the only call for cultural or event services, BOAMP
# 16-186359, buys event organisation and asks 406 250 € of turnover where La Mouette declares 186 000 €.
# Its page says that no open call reaches the threshold rather than show an invented one.
NO_SHIPPED_CALL_FITS = {"Compagnie La Mouette"}


def dates(notices) -> dict:
    return {
        notice.pk: (notice.published_on, notice.deadline_at, notice.demo_date_shift_days)
        for notice in notices
    }


def test_the_demo_opens_real_calls_says_so_and_changes_nothing_when_run_again():
    demo_load()
    first = procurement_demo_load()
    shifted = dates(Notice.objects.exclude(demo_date_shift_days=0))

    again = procurement_demo_load()

    assert (again.notices, again.shifted, again.profiles) == (first.notices, first.shifted, first.profiles)
    assert first.notices > 2_500 and again.import_summary.created == 0
    assert dates(Notice.objects.exclude(demo_date_shift_days=0)) == shifted
    assert set(open_notices().values_list("pk", flat=True)) == set(shifted)
    assert first.shifted >= 30
    assert CapabilityProfile.objects.count() == first.profiles == 28
    assert ProfileReference.objects.filter(notice__isnull=False).count() == 0


@pytest.mark.parametrize("name", ["La Manufacture du Furan", "Lumen et Décibel", "Studio Grand Angle"])
def test_a_demo_member_of_each_cluster_sees_a_real_open_call_with_its_reasons(name):
    demo_load()
    procurement_demo_load()
    organisation = Organisation.objects.select_related("cluster").get(legal_name=name)

    [(notice, match)] = matches_for_organisation(organisation=organisation)

    assert (notice.source, notice.official_id, notice.status) == ("boamp", "16-186359", NoticeStatus.OPEN)
    assert notice.demo_date_shift_days > 0
    assert match.reasons[0].startswith("Code CPV 79952000 (Services d'organisation d'événements)")
    assert any("406\u202f250\u00a0€" in reason for reason in match.reasons)


def shipped_records() -> dict:
    """Every notice of the files the demo imports, as read from them, by source and official id."""
    records = {}
    for path in demo_notice_files():
        for record in read_notices(path):
            if isinstance(record, NoticeRecord):
                records.setdefault((record.source, record.official_id), record)
    return records


def log_in(client, email: str) -> None:
    """Through the login form, as a visitor of the demo does."""
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302


def member_admin_pages(client) -> dict:
    """The « Opportunités » page of each demo member admin, logged in with the demo password, by
    organisation."""
    admins = Membership.objects.filter(role=Role.MEMBER_ADMIN, user__email__in=demo_emails()).select_related(
        "user", "cluster", "organisation"
    )
    pages = {}
    for membership in admins:
        log_in(client, membership.user.email)
        url = reverse("procurement:my_matches", kwargs={"cluster_slug": membership.cluster.slug})
        pages[membership.organisation.legal_name] = (membership.cluster.slug, client.get(url))
    return pages


def test_the_demo_member_admins_of_both_clusters_see_real_calls_explained_in_french_or_none(client):
    demo_load()
    procurement_demo_load()

    pages = member_admin_pages(client)

    with_calls = {name for name, (_, response) in pages.items() if response.context["opportunities"]}
    assert with_calls == pages.keys() - NO_SHIPPED_CALL_FITS
    assert {pages[name][0] for name in with_calls} == {"dijon", "saint-etienne"}
    shipped = shipped_records()
    for _, response in pages.values():
        page = response.content.decode()
        for notice, _, match in response.context["opportunities"]:
            assert match.eligible and match.total >= DEFAULT_THRESHOLD
            assert match.reasons[0].startswith("Code CPV ") and all(" points" in r for r in match.reasons[:5])
            original = shipped[notice.source, notice.official_id]
            assert notice.title == original.title
            assert notice.published_on - timedelta(days=notice.demo_date_shift_days) == original.published_on
            assert notice.demo_date_shift_days > 0
            assert f"Dates décalées de {notice.demo_date_shift_days} jours pour la démonstration." in page
    for name in NO_SHIPPED_CALL_FITS:
        assert "Aucun avis ouvert n'atteint le seuil de 60 points" in pages[name][1].content.decode()


def test_the_notice_page_of_a_demo_match_says_its_dates_were_shifted(client):
    demo_load()
    procurement_demo_load()
    organisation = Organisation.objects.select_related("cluster").get(legal_name="Studio Grand Angle")
    [(notice, _)] = matches_for_organisation(organisation=organisation)
    log_in(client, "karim.benali@studio-grand-angle.example")

    response = client.get(
        reverse("procurement:notice_detail", kwargs={"cluster_slug": "dijon", "notice_id": notice.pk})
    )

    page = response.content.decode()
    assert "Données de démonstration : dates décalées." in page
    assert f"ses dates ont été décalées de {notice.demo_date_shift_days} jours pour la démonstration" in page
    assert "Studio Grand Angle" in page


def test_a_call_is_shifted_by_whole_weeks_to_be_open_today():
    import_notices([EVENTS_CALL])
    today = date(2026, 11, 26)

    notices_demo_shift(today=today)

    notice = Notice.objects.get(official_id="16-186359")
    assert notice.demo_date_shift_days % 7 == 0
    assert notice.published_on == date(2017, 1, 1) + timedelta(days=notice.demo_date_shift_days)
    assert notice.published_on <= today < timezone.localtime(notice.deadline_at).date()
    assert timezone.localtime(notice.deadline_at).time().hour == 12  # noon, as published (CET)
    assert notice.status == NoticeStatus.OPEN


def test_a_later_run_shifts_again_from_the_original_dates():
    import_notices([EVENTS_CALL])
    notices_demo_shift(today=date(2026, 11, 26))

    notices_demo_shift(today=date(2027, 3, 1))

    notice = Notice.objects.get(official_id="16-186359")
    assert notice.published_on - timedelta(days=notice.demo_date_shift_days) == date(2017, 1, 1)
    assert notice.published_on <= date(2027, 3, 1) < timezone.localtime(notice.deadline_at).date()


def test_a_call_already_awarded_is_left_as_published():
    import_notices([AWARDED_CALL, ITS_AWARD])

    notices_demo_shift(today=date(2026, 11, 26))

    assert not calls_to_open().exists()
    assert not Notice.objects.exclude(demo_date_shift_days=0).exists()


def test_a_call_still_open_as_published_is_left_as_published():
    call = NoticeFactory(published_on=date(2026, 11, 20))
    deadline = call.deadline_at

    notices_demo_shift(today=timezone.localdate())

    call.refresh_from_db()
    assert (call.demo_date_shift_days, call.published_on, call.deadline_at) == (
        0,
        date(2026, 11, 20),
        deadline,
    )


def test_a_real_import_never_shifts_dates():
    summary = import_notices([EVENTS_CALL])

    notice = Notice.objects.get(official_id="16-186359")
    assert summary.created == 1
    assert (notice.demo_date_shift_days, notice.published_on) == (0, date(2017, 1, 1))
    assert notice.status == NoticeStatus.CLOSED


def test_the_command_needs_the_directory_demo_first():
    with pytest.raises(CommandError, match="lancez d'abord « manage\\.py demo_load »"):
        call_command("demo_notices")


def test_the_command_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="COURSIVE_ENV=production"):
        call_command("demo_notices")
