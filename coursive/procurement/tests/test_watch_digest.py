"""The daily digest: one e-mail per person of the organisation, listing what is new, sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from coursive.accounts.models import Role
from coursive.accounts.tests.factories import MembershipFactory
from coursive.procurement import tasks
from coursive.procurement.management.commands.send_watch_digests import Command
from coursive.procurement.models import Alert, NoticeStatus
from coursive.procurement.watch_services import alerts_generate, watch_digest_send, watch_digests_send_all

from .watch_factories import SavedSearchFactory, WatchNoticeFactory

pytestmark = pytest.mark.django_db

BASE_URL = "https://coursive.example"


@pytest.fixture
def search(own_organisation):
    return SavedSearchFactory(organisation=own_organisation, name="Graphisme")


@pytest.fixture
def people(member_admin, member_staff, coordinator, outsider_admin):
    """The organisation's admin and staff, plus the coordination and another organisation's admin."""
    return member_admin, member_staff


def send(organisation) -> int:
    return watch_digest_send(organisation=organisation, now=timezone.now(), base_url=BASE_URL)


def test_each_person_of_the_organisation_gets_the_new_notices_with_buyer_deadline_and_link(
    own_organisation, search, people
):
    deadline = timezone.now() + timedelta(days=12)
    notice = WatchNoticeFactory(
        title="Affiches de la saison", buyer_name="Ville de Beaune", deadline_at=deadline
    )
    WatchNoticeFactory(title="Programmes du festival")
    alerts_generate()

    sent = send(own_organisation)

    assert sent == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(person.email for person in people)
    assert all(len(message.to) == 1 for message in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "Veille des marchés : 2 nouveaux avis pour Compagnie La Mouette"
    assert "Affiches de la saison" in message.body and "Programmes du festival" in message.body
    assert "Acheteur : Ville de Beaune" in message.body
    assert f"{timezone.localtime(deadline):%H:%M}" in message.body
    assert f"{BASE_URL}/p/dijon/marches/avis/{notice.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{BASE_URL}/p/dijon/marches/avis/{notice.pk}/"' in html


def test_a_digest_goes_out_once(own_organisation, search, people):
    WatchNoticeFactory()
    alerts_generate()
    send(own_organisation)
    mail.outbox.clear()

    assert send(own_organisation) == 0
    assert mail.outbox == []
    assert not Alert.objects.filter(emailed_at__isnull=True).exists()


def test_nothing_is_sent_when_there_is_nothing_new(own_organisation, search, people):
    assert send(own_organisation) == 0
    assert mail.outbox == []


def test_the_next_digest_lists_only_what_came_after_the_last_one(own_organisation, search, people):
    WatchNoticeFactory(title="Affiches de la saison")
    alerts_generate()
    send(own_organisation)
    mail.outbox.clear()
    WatchNoticeFactory(title="Programmes du festival")
    alerts_generate()

    send(own_organisation)

    body = mail.outbox[0].body
    assert "Programmes du festival" in body and "Affiches de la saison" not in body
    assert mail.outbox[0].subject == "Veille des marchés : 1 nouvel avis pour Compagnie La Mouette"


def test_a_notice_found_by_two_searches_is_listed_once_with_both_names(
    own_organisation, search, member_admin
):
    SavedSearchFactory(organisation=own_organisation, name="Communication", cpv_codes=["79822500"])
    WatchNoticeFactory(title="Affiches de la saison")
    alerts_generate()

    send(own_organisation)

    body = mail.outbox[0].body
    assert body.count("Affiches de la saison") == 1
    assert "Trouvé par : Communication, Graphisme" in body


def test_what_was_seen_or_can_no_longer_be_answered_is_left_out_and_not_sent_later(
    own_organisation, search, member_admin
):
    seen = WatchNoticeFactory(title="Déjà vu sur la page")
    cancelled = WatchNoticeFactory(title="Annulé depuis")
    WatchNoticeFactory(title="Toujours ouvert")
    alerts_generate()
    Alert.objects.filter(notice=seen).update(seen_at=timezone.now())
    cancelled.status, cancelled.cancelled_at = NoticeStatus.CANCELLED, timezone.now()
    cancelled.save()

    send(own_organisation)

    body = mail.outbox[0].body
    assert "Toujours ouvert" in body
    assert "Déjà vu" not in body and "Annulé depuis" not in body
    assert not Alert.objects.filter(emailed_at__isnull=True).exists()


def test_nothing_is_sent_when_everything_new_was_already_seen(own_organisation, search, member_admin):
    WatchNoticeFactory()
    alerts_generate()
    Alert.objects.update(seen_at=timezone.now())

    assert send(own_organisation) == 0
    assert mail.outbox == []


def test_inactive_accounts_and_people_of_other_roles_get_nothing(own_organisation, search, member_admin):
    member_admin.is_active = False
    member_admin.save()
    MembershipFactory(cluster=own_organisation.cluster, role=Role.BUYER)
    WatchNoticeFactory()
    alerts_generate()

    assert send(own_organisation) == 0
    assert mail.outbox == []


def test_the_daily_run_sends_each_organisation_only_its_own_alerts(
    own_organisation, other_organisation, search, member_admin, outsider_admin
):
    SavedSearchFactory(organisation=other_organisation, cpv_codes=[], keywords="vidéo")
    WatchNoticeFactory(title="Affiches de la saison")
    WatchNoticeFactory(title="Captation vidéo des concerts", cpv_main="92111000")
    alerts_generate()

    sent = watch_digests_send_all(now=timezone.now(), base_url=BASE_URL)

    assert sent == 2
    by_person = {message.to[0]: message.body for message in mail.outbox}
    assert "Affiches" in by_person[member_admin.email] and "Captation" not in by_person[member_admin.email]
    assert (
        "Captation" in by_person[outsider_admin.email] and "Affiches" not in by_person[outsider_admin.email]
    )


def test_a_failed_sending_leaves_the_alerts_for_the_next_day(
    own_organisation, search, member_admin, monkeypatch
):
    WatchNoticeFactory()
    alerts_generate()

    def refuse(self, messages):
        raise ConnectionRefusedError

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    with pytest.raises(ConnectionRefusedError):
        send(own_organisation)

    assert Alert.objects.filter(emailed_at__isnull=True).count() == 1


def test_the_daily_task_sends_the_digests(own_organisation, search, member_admin):
    WatchNoticeFactory()
    alerts_generate()

    result = tasks.watch_digests_send_all.enqueue(base_url=BASE_URL)

    assert result.return_value == 1
    assert len(mail.outbox) == 1


def test_the_command_sends_the_digests_with_links_to_the_given_site(
    own_organisation, search, member_admin, capsys
):
    WatchNoticeFactory()
    alerts_generate()

    call_command("send_watch_digests", "--base-url", "https://veille.example/")

    assert "https://veille.example/p/dijon/marches/veille/" in mail.outbox[0].body
    assert "1 e-mail de veille envoyé." in capsys.readouterr().out


def test_the_command_help_says_to_run_it_daily():
    assert "une fois par jour, par exemple depuis cron à 7 h 00" in str(Command.help)
