"""Booking rules: each bad input is refused with a clear French message and nothing is written."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coursive.accounts.models import Role
from coursive.accounts.tests.factories import MembershipFactory
from coursive.premises import manage_services, services
from coursive.premises.models import Booking, Closure, CommissionRate, QualificationGrant

from .conftest import NOW, at, membership
from .factories import QualificationFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def _book(resource, who, start, end, **extra):
    return services.booking_create(
        resource=resource, membership=who, starts_at=start, ends_at=end, now=NOW, **extra
    )


def _refused(resource, who, start, end, fragment, **extra):
    with pytest.raises(services.BookingError) as refusal:
        _book(resource, who, start, end, **extra)
    assert any(fragment in message for message in refusal.value.messages), refusal.value.messages
    assert not Booking.objects.filter(resource=resource).exists()


def test_a_member_books_a_free_slot_at_the_member_rate(room, member_staff, cluster, own_organisation):
    booking = _book(
        room, membership(member_staff, cluster), at("2026-12-08", "10:00"), at("2026-12-08", "12:00")
    )
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.organisation == own_organisation
    assert booking.rate == Booking.Rate.MEMBER
    assert booking.amount_excl_tax == Decimal("40.00")
    assert booking.vat_amount == Decimal("8.00")
    assert booking.amount_incl_tax == Decimal("48.00")


def test_end_before_start_is_refused(room, member_staff, cluster):
    _refused(
        room,
        membership(member_staff, cluster),
        at("2026-12-08", "12:00"),
        at("2026-12-08", "10:00"),
        "La fin doit être postérieure au début",
    )


def test_a_slot_in_the_past_is_refused(room, member_staff, cluster):
    _refused(
        room,
        membership(member_staff, cluster),
        at("2026-11-30", "10:00"),
        at("2026-11-30", "11:00"),
        "est déjà passé",
    )


def test_outside_opening_hours_is_refused_with_the_day_hours(room, member_staff, cluster):
    _refused(
        room,
        membership(member_staff, cluster),
        at("2026-12-08", "19:00"),
        at("2026-12-08", "21:00"),
        "sort des horaires d'ouverture de « Salle Verte » (ce jour-là : 08:00-20:00)",
    )


def test_sunday_when_the_room_is_closed_is_refused(room, member_staff, cluster):
    _refused(
        room,
        membership(member_staff, cluster),
        at("2026-12-06", "10:00"),
        at("2026-12-06", "11:00"),
        "ce jour-là : fermé",
    )


def test_over_the_maximum_duration_is_refused(cluster, member_staff):
    resource = ResourceFactory(cluster=cluster, name="Studio son", max_duration_minutes=240)
    _refused(
        resource,
        membership(member_staff, cluster),
        at("2026-12-08", "09:00"),
        at("2026-12-08", "14:00"),
        "La durée maximale d'une réservation de « Studio son » est de 4 h",
    )


def test_under_the_minimum_duration_is_refused(cluster, member_staff):
    resource = ResourceFactory(cluster=cluster, min_duration_minutes=60)
    _refused(
        resource,
        membership(member_staff, cluster),
        at("2026-12-08", "09:00"),
        at("2026-12-08", "09:30"),
        "La durée minimale",
    )


def test_beyond_the_booking_horizon_is_refused(cluster, member_staff):
    resource = ResourceFactory(cluster=cluster, horizon_days=30)
    _refused(
        resource,
        membership(member_staff, cluster),
        at("2027-01-05", "10:00"),
        at("2027-01-05", "11:00"),
        "ne se réserve pas plus de 30 jours à l'avance",
    )


def test_inside_the_lead_time_is_refused(cluster, member_staff):
    resource = ResourceFactory(cluster=cluster, lead_time_hours=48)
    _refused(
        resource,
        membership(member_staff, cluster),
        at("2026-12-02", "10:00"),
        at("2026-12-02", "11:00"),
        "se réserve au moins 48 h à l'avance",
    )


def test_more_attendees_than_capacity_is_refused(room, member_staff, cluster):
    _refused(
        room,
        membership(member_staff, cluster),
        at("2026-12-08", "10:00"),
        at("2026-12-08", "11:00"),
        "accueille 10 personnes au plus",
        attendees=12,
    )


def test_a_resident_is_refused_where_the_rules_exclude_residents(room, resident, cluster):
    _refused(
        room,
        membership(resident, cluster),
        at("2026-12-08", "10:00"),
        at("2026-12-08", "11:00"),
        "n'est pas ouvert aux résidents",
    )


def test_staff_are_refused_where_only_member_organisations_may_book(cluster, member_staff):
    resource = ResourceFactory(cluster=cluster, open_to_member_staff=False)
    _refused(
        resource,
        membership(member_staff, cluster),
        at("2026-12-08", "10:00"),
        at("2026-12-08", "11:00"),
        "n'est pas ouvert aux salariés des structures membres",
    )


def test_a_resident_books_at_the_external_rate_where_residents_are_welcome(cluster, resident):
    resource = ResourceFactory(cluster=cluster, open_to_residents=True)
    booking = _book(
        resource, membership(resident, cluster), at("2026-12-08", "10:00"), at("2026-12-08", "11:00")
    )
    assert booking.rate == Booking.Rate.EXTERNAL
    assert booking.organisation is None
    assert booking.amount_excl_tax == Decimal("35.00")


def test_an_overlapping_booking_is_refused_but_an_adjacent_one_is_accepted(
    room, member_staff, outsider_admin, cluster
):
    _book(room, membership(member_staff, cluster), at("2026-12-08", "10:00"), at("2026-12-08", "12:00"))
    with pytest.raises(services.BookingError, match="est déjà réservé sur ce créneau"):
        _book(room, membership(outsider_admin, cluster), at("2026-12-08", "11:30"), at("2026-12-08", "13:00"))
    _book(room, membership(outsider_admin, cluster), at("2026-12-08", "12:00"), at("2026-12-08", "13:00"))
    assert Booking.objects.filter(resource=room).count() == 2


def test_a_resource_needing_a_qualification_is_refused_to_untrained_people(
    cluster, member_staff, coordinator
):
    sound_desk = QualificationFactory(cluster=cluster, name="Console son")
    studio = ResourceFactory(
        cluster=cluster, name="Studio d'enregistrement", required_qualification=sound_desk
    )
    staff = membership(member_staff, cluster)
    _refused(
        studio,
        staff,
        at("2026-12-08", "10:00"),
        at("2026-12-08", "11:00"),
        "ne peut être réservé que par une personne habilitée « Console son »",
    )
    manage_services.qualification_grant(
        qualification=sound_desk, user=member_staff, membership=membership(coordinator, cluster)
    )
    assert _book(studio, staff, at("2026-12-08", "10:00"), at("2026-12-08", "11:00")).pk


def test_an_expired_qualification_no_longer_counts(cluster, member_staff, coordinator):
    sound_desk = QualificationFactory(cluster=cluster)
    studio = ResourceFactory(cluster=cluster, required_qualification=sound_desk)
    QualificationGrant.objects.create(
        qualification=sound_desk, user=member_staff, valid_until=date(2026, 12, 5)
    )
    _refused(
        studio,
        membership(member_staff, cluster),
        at("2026-12-08", "10:00"),
        at("2026-12-08", "11:00"),
        "habilitée",
    )


def test_only_the_coordinator_grants_qualifications(cluster, member_admin, member_staff):
    sound_desk = QualificationFactory(cluster=cluster)
    with pytest.raises(services.PermissionDenied):
        manage_services.qualification_grant(
            qualification=sound_desk, user=member_staff, membership=membership(member_admin, cluster)
        )


def test_a_resource_needing_approval_gives_a_pending_request_that_holds_the_slot(
    cluster, member_staff, outsider_admin, coordinator
):
    resource = ResourceFactory(cluster=cluster, needs_approval=True)
    request = _book(
        resource, membership(member_staff, cluster), at("2026-12-08", "10:00"), at("2026-12-08", "12:00")
    )
    assert request.status == Booking.Status.PENDING
    with pytest.raises(services.BookingError):
        _book(
            resource,
            membership(outsider_admin, cluster),
            at("2026-12-08", "10:00"),
            at("2026-12-08", "11:00"),
        )
    services.booking_decide(booking=request, membership=membership(coordinator, cluster), approve=True)
    request.refresh_from_db()
    assert request.status == Booking.Status.CONFIRMED


def test_a_refused_request_frees_the_slot(cluster, member_staff, outsider_admin, coordinator):
    resource = ResourceFactory(cluster=cluster, needs_approval=True)
    request = _book(
        resource, membership(member_staff, cluster), at("2026-12-08", "10:00"), at("2026-12-08", "12:00")
    )
    services.booking_decide(
        booking=request,
        membership=membership(coordinator, cluster),
        approve=False,
        note="Salle réservée au CA",
    )
    assert _book(
        resource, membership(outsider_admin, cluster), at("2026-12-08", "10:00"), at("2026-12-08", "11:00")
    ).pk


def test_members_cannot_decide_on_requests(cluster, member_staff, member_admin):
    resource = ResourceFactory(cluster=cluster, needs_approval=True)
    request = _book(
        resource, membership(member_staff, cluster), at("2026-12-08", "10:00"), at("2026-12-08", "12:00")
    )
    with pytest.raises(services.PermissionDenied):
        services.booking_decide(booking=request, membership=membership(member_admin, cluster), approve=True)


def test_french_public_holidays_close_the_building(room, member_staff, cluster):
    # Christmas Day 2026 is a Friday.
    _refused(
        room,
        membership(member_staff, cluster),
        at("2026-12-25", "10:00"),
        at("2026-12-25", "11:00"),
        "est fermé le vendredi 25 décembre 2026 (Noël)",
    )


def test_a_resource_open_on_public_holidays_may_be_booked_then(cluster, member_staff):
    resource = ResourceFactory(cluster=cluster, closed_on_public_holidays=False)
    assert _book(
        resource, membership(member_staff, cluster), at("2026-12-25", "10:00"), at("2026-12-25", "11:00")
    ).pk


@pytest.mark.parametrize(
    ("postcode", "day", "holiday"),
    [
        ("57000", "2027-03-26", "vendredi 26 mars 2027 (Vendredi saint)"),  # Metz
        ("67000", "2026-12-26", "samedi 26 décembre 2026 (Saint Étienne)"),  # Strasbourg
        ("68100", "2027-03-26", "vendredi 26 mars 2027 (Vendredi saint)"),  # Mulhouse
    ],
)
def test_premises_in_alsace_moselle_also_close_on_their_two_local_holidays(
    cluster, member_staff, postcode, day, holiday
):
    resource = ResourceFactory(cluster=cluster, postcode=postcode)

    _refused(resource, membership(member_staff, cluster), at(day, "10:00"), at(day, "11:00"), holiday)


@pytest.mark.parametrize(
    "postcode", ["", "21000", "54000"]
)  # no address, Dijon, Nancy (Lorraine, not Moselle)
def test_elsewhere_good_friday_and_26_december_are_working_days(cluster, member_staff, postcode):
    resource = ResourceFactory(cluster=cluster, postcode=postcode)
    staff = membership(member_staff, cluster)

    assert _book(resource, staff, at("2027-03-26", "10:00"), at("2027-03-26", "11:00")).pk
    assert _book(resource, staff, at("2026-12-26", "10:00"), at("2026-12-26", "11:00")).pk


def test_the_postcode_of_the_premises_must_be_french(cluster):
    resource = ResourceFactory.build(cluster=cluster, postcode="6700")

    with pytest.raises(ValidationError) as refusal:
        resource.full_clean()

    assert "postcode" in refusal.value.message_dict


def test_a_building_closure_applies_to_every_resource(room, member_staff, cluster):
    Closure.objects.create(
        cluster=cluster, starts_on=date(2026, 12, 28), ends_on=date(2026, 12, 31), reason="Fermeture d'hiver"
    )
    _refused(
        room,
        membership(member_staff, cluster),
        at("2026-12-29", "10:00"),
        at("2026-12-29", "11:00"),
        "(Fermeture d'hiver)",
    )


def test_the_coordinator_books_for_an_outside_customer_at_the_external_rate(room, coordinator, cluster):
    booking = _book(
        room,
        membership(coordinator, cluster),
        at("2026-12-08", "09:00"),
        at("2026-12-08", "18:00"),
        customer_name="Association des Amis du Musée",
    )
    assert booking.rate == Booking.Rate.EXTERNAL
    assert booking.customer_name == "Association des Amis du Musée"
    assert booking.amount_excl_tax == Decimal("190.00")


def test_equipment_owned_by_a_member_credits_the_owner_less_the_published_commission(
    cluster, member_staff, other_organisation
):
    CommissionRate.objects.create(cluster=cluster, rate_percent=Decimal("15"), valid_from=date(2026, 1, 1))
    lights = ResourceFactory(
        cluster=cluster,
        kind="equipment",
        name="Kit lumière LED",
        owner_organisation=other_organisation,
        member_hour_price=None,
        member_half_day_price=Decimal("30.00"),
        member_day_price=Decimal("50.00"),
        deposit=Decimal("400.00"),
        max_duration_minutes=7 * 24 * 60,
        hours=False,
    )
    booking = _book(
        lights, membership(member_staff, cluster), at("2026-12-08", "09:00"), at("2026-12-10", "09:00")
    )
    assert booking.amount_excl_tax == Decimal("100.00")
    assert booking.commission_rate == Decimal("15.00")
    assert booking.commission_excl_tax == Decimal("15.00")
    assert booking.owner_share_excl_tax == Decimal("85.00")
    assert booking.deposit_amount == Decimal("400.00")


def test_cancelling_early_is_free_and_frees_the_slot(room, member_staff, outsider_admin, cluster):
    booking = _book(
        room, membership(member_staff, cluster), at("2026-12-08", "10:00"), at("2026-12-08", "12:00")
    )
    services.booking_cancel(booking=booking, membership=membership(member_staff, cluster), now=NOW)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancellation_fee_excl_tax == Decimal("0.00")
    assert _book(
        room, membership(outsider_admin, cluster), at("2026-12-08", "10:00"), at("2026-12-08", "12:00")
    ).pk


def test_cancelling_late_costs_the_stated_share(room, member_staff, cluster):
    booking = _book(
        room, membership(member_staff, cluster), at("2026-12-02", "10:00"), at("2026-12-02", "12:00")
    )
    services.booking_cancel(
        booking=booking, membership=membership(member_staff, cluster), now=at("2026-12-01", "18:00")
    )
    booking.refresh_from_db()
    assert booking.cancellation_fee_excl_tax == Decimal("20.00")


def test_another_member_cannot_cancel_my_booking(room, member_staff, outsider_admin, cluster):
    booking = _book(
        room, membership(member_staff, cluster), at("2026-12-08", "10:00"), at("2026-12-08", "12:00")
    )
    with pytest.raises(services.PermissionDenied):
        services.booking_cancel(booking=booking, membership=membership(outsider_admin, cluster), now=NOW)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_maintenance_block_takes_the_resource_out_and_only_the_coordinator_sets_it(
    room, coordinator, member_admin, member_staff, cluster
):
    with pytest.raises(services.PermissionDenied):
        services.maintenance_block_create(
            resource=room,
            membership=membership(member_admin, cluster),
            starts_at=at("2026-12-09", "08:00"),
            ends_at=at("2026-12-09", "20:00"),
            title="x",
        )
    services.maintenance_block_create(
        resource=room,
        membership=membership(coordinator, cluster),
        starts_at=at("2026-12-09", "08:00"),
        ends_at=at("2026-12-09", "20:00"),
        title="Peinture",
    )
    _refused_after_block = pytest.raises(services.BookingError, match="déjà réservé")
    with _refused_after_block:
        _book(room, membership(member_staff, cluster), at("2026-12-09", "10:00"), at("2026-12-09", "11:00"))


def test_waiting_list_is_emailed_once_when_the_slot_frees(
    room, member_staff, outsider_admin, cluster, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    booking = _book(
        room, membership(member_staff, cluster), at("2027-01-12", "10:00"), at("2027-01-12", "12:00")
    )
    services.waiting_list_join(
        resource=room,
        membership=membership(outsider_admin, cluster),
        starts_at=at("2027-01-12", "10:00"),
        ends_at=at("2027-01-12", "11:00"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, membership=membership(member_staff, cluster), now=NOW)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [outsider_admin.email]
    assert "Salle Verte" in mailoutbox[0].subject
    assert (
        services.waiting_list_notify(
            resource_id=room.pk, starts_at=booking.starts_at, ends_at=booking.ends_at
        )
        == 0
    )
    assert len(mailoutbox) == 1


def test_the_next_kitchen_user_sees_the_previous_hygiene_log(cluster, member_staff, outsider_admin):
    from coursive.premises import selectors

    kitchen = ResourceFactory(cluster=cluster, kind="kitchen", name="Cuisine partagée")
    first = _book(
        kitchen, membership(member_staff, cluster), at("2026-12-08", "08:00"), at("2026-12-08", "12:00")
    )
    services.hygiene_log_record(
        booking=first,
        membership=membership(member_staff, cluster),
        surfaces_cleaned=True,
        fridge_temperature=Decimal("3.5"),
        remarks="Joint du frigo à changer",
    )
    second = _book(
        kitchen, membership(outsider_admin, cluster), at("2026-12-08", "14:00"), at("2026-12-08", "18:00")
    )
    log = selectors.previous_hygiene_log(booking=second)
    assert log.booking == first
    assert log.fridge_temperature == Decimal("3.5")
    assert log.remarks == "Joint du frigo à changer"


def test_bookings_are_scoped_to_the_resource_cluster(room, cluster, other_cluster, foreign_organisation):
    stranger = MembershipFactory(cluster=other_cluster, role=Role.COORDINATOR)
    with pytest.raises(services.BookingError, match="n'appartient pas au pôle"):
        _book(
            room,
            membership(stranger.user, other_cluster),
            at("2026-12-08", "10:00"),
            at("2026-12-08", "11:00"),
            organisation=foreign_organisation,
        )


def test_the_requester_is_emailed_the_decision_once(
    cluster, member_staff, coordinator, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    resource = ResourceFactory(cluster=cluster, name="Studio son", needs_approval=True)
    request = _book(
        resource, membership(member_staff, cluster), at("2026-12-08", "10:00"), at("2026-12-08", "12:00")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_decide(
            booking=request,
            membership=membership(coordinator, cluster),
            approve=False,
            note="Studio en travaux",
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Réservation refusée : Studio son"
    assert "Motif : Studio en travaux" in mailoutbox[0].body
    assert services.booking_decision_notify(booking_id=request.pk) is False
    assert len(mailoutbox) == 1


def test_a_series_for_another_cluster_organisation_is_refused_and_nothing_written(
    room, other_cluster, foreign_organisation
):
    stranger = MembershipFactory(cluster=other_cluster, role=Role.COORDINATOR)
    with pytest.raises(services.BookingError, match="n'appartient pas au pôle"):
        services.booking_series_create(
            resource=room,
            membership=membership(stranger.user, other_cluster),
            starts_at=at("2026-12-08", "10:00"),
            ends_at=at("2026-12-08", "11:00"),
            rule="FREQ=WEEKLY;COUNT=3",
            organisation=foreign_organisation,
            now=NOW,
        )
    assert not Booking.objects.filter(resource=room).exists()
