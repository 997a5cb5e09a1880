"""The procurement demo: real notices, some of their calls made current with the shift said, and profiles
that make the demo members' opportunities real."""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from coursive.directory.demo import demo_load
from coursive.directory.models import Organisation
from coursive.procurement.demo import DATA_DIR, calls_to_open, notices_demo_shift, procurement_demo_load
from coursive.procurement.importer import import_notices
from coursive.procurement.matching_selectors import matches_for_organisation, open_notices
from coursive.procurement.models import CapabilityProfile, Notice, NoticeStatus, ProfileReference
from coursive.procurement.tests.matching_factories import NoticeFactory

pytestmark = pytest.mark.django_db

EVENTS_CALL = DATA_DIR / "boamp_xml" / "test-pub-5.xml"  # 16-186359, events for the ministères sociaux
AWARDED_CALL = DATA_DIR / "boamp_xml" / "test-pub-9.xml"  # 17-40964
ITS_AWARD = DATA_DIR / "boamp_xml" / "test-attribution-8.xml"


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


@pytest.mark.parametrize("name", ["La Manufacture du Furan", "Lumen et Décibel"])
def test_a_demo_member_of_each_cluster_sees_a_real_open_call_with_its_reasons(name):
    demo_load()
    procurement_demo_load()
    organisation = Organisation.objects.select_related("cluster").get(legal_name=name)

    [(notice, match)] = matches_for_organisation(organisation=organisation)

    assert (notice.source, notice.official_id, notice.status) == ("boamp", "16-186359", NoticeStatus.OPEN)
    assert notice.demo_date_shift_days > 0
    assert match.reasons[0].startswith("Code CPV 79952000 (Services d'organisation d'événements)")
    assert any("406\u202f250\u00a0€" in reason for reason in match.reasons)


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
