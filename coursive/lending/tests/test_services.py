"""Check-out, check-in, damages, maintenance and late-return notices through their services."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coursive.accounts.models import Role
from coursive.accounts.tests.factories import MembershipFactory
from coursive.lending.models import DamageReport, Loan, MaintenanceRecord
from coursive.lending.selectors import yearly_figures
from coursive.lending.services import (
    damage_report_create,
    loan_check_in,
    loan_check_out,
    loan_late_notify,
    loans_late_notify,
    maintenance_complete,
    maintenance_record,
)
from coursive.premises.models import Booking, Resource

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 3, 2, 10, 0))


def check_out(item, organisation, user, **overrides):
    arguments = {
        "resource": item,
        "organisation": organisation,
        "borrower_name": "Léa Martin",
        "due_on": date(2026, 3, 6),
        "condition": "good",
        "checked_out_by": user,
        "now": NOW,
    }
    return loan_check_out(**{**arguments, **overrides})


def test_a_check_out_records_who_took_what_in_which_state(item, own_organisation, coordinator):
    loan = check_out(item, own_organisation, coordinator, notes="Housse fournie")

    assert loan.is_out
    assert (loan.organisation, loan.checkout_condition, loan.checkout_notes) == (
        own_organisation,
        "good",
        "Housse fournie",
    )


def test_an_item_already_out_cannot_go_out_again(item, own_organisation, other_organisation, coordinator):
    check_out(item, own_organisation, coordinator)

    with pytest.raises(ValidationError, match="déjà sorti, prêté à Compagnie La Mouette jusqu'au 06/03/2026"):
        check_out(item, other_organisation, coordinator)

    assert Loan.objects.count() == 1


def test_an_item_under_maintenance_cannot_go_out(item, own_organisation, coordinator):
    maintenance_record(
        resource=item,
        fields={"kind": "repair", "description": "Fader 3 qui grésille", "started_on": date(2026, 3, 1)},
        recorded_by=coordinator,
    )

    with pytest.raises(ValidationError, match="en maintenance depuis le 01/03/2026"):
        check_out(item, own_organisation, coordinator)


def test_an_item_booked_by_another_member_must_come_back_before(
    item, own_organisation, other_organisation, coordinator
):
    Booking.objects.create(
        cluster=item.cluster,
        resource=item,
        organisation=other_organisation,
        booked_by=coordinator,
        starts_at=NOW + timedelta(days=2),
        ends_at=NOW + timedelta(days=3),
    )

    with pytest.raises(ValidationError) as refusal:
        check_out(item, own_organisation, coordinator)

    assert "réservé par une autre structure le 04/03/2026" in refusal.value.message_dict["due_on"][0]
    assert check_out(item, own_organisation, coordinator, due_on=date(2026, 3, 3)).is_out


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"due_on": date(2026, 3, 1)}, "déjà passée"),
        ({"condition": ""}, "état du matériel"),
        ({"borrower_name": " "}, "qui emporte"),
    ],
)
def test_bad_check_out_input_is_refused(item, own_organisation, coordinator, overrides, message):
    with pytest.raises(ValidationError, match=message):
        check_out(item, own_organisation, coordinator, **overrides)

    assert not Loan.objects.exists()


def test_an_office_is_not_lent(cluster, own_organisation, coordinator):
    office = Resource.objects.create(cluster=cluster, kind=Resource.Kind.OFFICE, name="Bureau 12")

    with pytest.raises(ValidationError, match="Seuls le matériel et les véhicules"):
        check_out(office, own_organisation, coordinator)


def test_a_check_in_closes_the_loan_and_records_damage(item, own_organisation, coordinator):
    loan = check_out(item, own_organisation, coordinator)

    loan_check_in(
        loan=loan,
        condition="worn",
        notes="Bouton de gain cassé",
        checked_in_by=coordinator,
        damage_description="Bouton de gain de la voie 2 arraché",
        cost_estimate=Decimal("35.00"),
        now=NOW + timedelta(days=6),
    )

    loan.refresh_from_db()
    item.refresh_from_db()
    assert not loan.is_out and loan.returned_late
    assert item.condition == "worn"
    report = DamageReport.objects.get()
    assert (report.loan, report.cost_estimate, report.status) == (loan, Decimal("35.00"), "reported")


def test_an_item_not_out_cannot_be_checked_in(item, own_organisation, coordinator):
    loan = check_out(item, own_organisation, coordinator)
    loan_check_in(loan=loan, condition="good", checked_in_by=coordinator)

    with pytest.raises(ValidationError, match="déjà clos"):
        loan_check_in(loan=loan, condition="good", checked_in_by=coordinator)


def test_a_negative_damage_estimate_is_refused_and_nothing_written(item, own_organisation, coordinator):
    loan = check_out(item, own_organisation, coordinator)

    with pytest.raises(ValidationError):
        loan_check_in(
            loan=loan,
            condition="worn",
            checked_in_by=coordinator,
            damage_description="Rayé",
            cost_estimate=Decimal(-5),
        )

    loan.refresh_from_db()
    assert loan.is_out and not DamageReport.objects.exists()


def test_a_damage_report_keeps_its_photos(item, coordinator):
    photo = SimpleUploadedFile("rayure.jpg", b"\xff\xd8\xff\xe0fake", content_type="image/jpeg")

    report = damage_report_create(
        resource=item, description="Capot rayé", reported_by=coordinator, photos=[photo]
    )

    assert report.photos.count() == 1


def test_maintenance_history_records_work_and_next_due_date(item, coordinator):
    record = maintenance_record(
        resource=item,
        fields={"kind": "servicing", "description": "Nettoyage des faders", "started_on": date(2026, 2, 1)},
        recorded_by=coordinator,
    )

    maintenance_complete(
        record=record, completed_on=date(2026, 2, 3), cost=Decimal("80"), next_due_on=date(2027, 2, 1)
    )

    record.refresh_from_db()
    assert (record.completed_on, record.cost, record.next_due_on) == (
        date(2026, 2, 3),
        Decimal("80.00"),
        date(2027, 2, 1),
    )
    with pytest.raises(ValidationError, match="déjà terminée"):
        maintenance_complete(record=record, completed_on=date(2026, 2, 4))
    assert MaintenanceRecord.objects.count() == 1


def test_a_late_loan_is_notified_once_to_borrower_and_lender(
    item, own_organisation, coordinator, member_admin, member_staff, django_capture_on_commit_callbacks
):
    check_out(item, own_organisation, coordinator, borrower=member_staff)

    with django_capture_on_commit_callbacks(execute=True):
        queued = loans_late_notify(today=date(2026, 3, 9), base_url="https://coursive.example")
    with django_capture_on_commit_callbacks(execute=True):
        again = loans_late_notify(today=date(2026, 3, 10), base_url="https://coursive.example")

    assert (queued, again) == (1, 0)
    [message] = mail.outbox
    assert message.subject == "Retour en retard : Console son Yamaha MG16"
    assert "3 jours de retard" in message.body
    assert set(message.to) == {coordinator.email, member_admin.email, member_staff.email}


def test_a_member_owned_item_late_is_notified_to_its_owner_admins(
    member_item, own_organisation, outsider_admin, member_admin, django_capture_on_commit_callbacks
):
    check_out(member_item, own_organisation, outsider_admin)

    with django_capture_on_commit_callbacks(execute=True):
        loans_late_notify(today=date(2026, 3, 9), base_url="")

    assert set(mail.outbox[0].to) == {outsider_admin.email, member_admin.email}


def test_a_loan_not_yet_due_is_not_notified(item, own_organisation, coordinator):
    check_out(item, own_organisation, coordinator)

    assert loans_late_notify(today=date(2026, 3, 6), base_url="") == 0


def test_yearly_figures_count_loans_per_member_late_returns_and_damages(item, own_organisation, coordinator):
    loan = check_out(item, own_organisation, coordinator)
    loan_check_in(
        loan=loan,
        condition="worn",
        checked_in_by=coordinator,
        damage_description="Rayé",
        now=NOW + timedelta(days=10),
    )
    MembershipFactory(cluster=item.cluster, role=Role.RESIDENT)

    figures = yearly_figures(cluster=item.cluster, year=2026)

    assert figures["loans"] == 1
    assert figures["loans_per_member"] == [{"organisation": "Compagnie La Mouette", "loans": 1}]
    assert (figures["late_returns"], figures["damage_reports"]) == (1, 1)


def test_a_return_after_midnight_in_paris_is_late_though_still_the_due_day_in_utc(
    item, own_organisation, coordinator
):
    loan = check_out(item, own_organisation, coordinator)
    # 7 March 2026 at 00:30 in Paris is still 6 March, the due day, at 23:30 UTC.
    loan_check_in(
        loan=loan,
        condition="good",
        checked_in_by=coordinator,
        now=timezone.make_aware(datetime(2026, 3, 7, 0, 30)),
    )

    loan.refresh_from_db()
    assert loan.returned_late
    assert yearly_figures(cluster=item.cluster, year=2026)["late_returns"] == 1


def test_a_notice_task_delivered_twice_sends_one_e_mail(item, own_organisation, coordinator):
    loan = check_out(item, own_organisation, coordinator)

    first = loan_late_notify(loan_id=loan.pk, today=date(2026, 3, 9), base_url="")
    second = loan_late_notify(loan_id=loan.pk, today=date(2026, 3, 9), base_url="")

    assert (first, second) == (1, 0) and len(mail.outbox) == 1
