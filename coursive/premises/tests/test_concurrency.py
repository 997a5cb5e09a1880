"""Never a double booking: 50 people press "Réserver" on the same slot at the same moment; one gets it."""

import sqlite3
import threading

import pytest
from django.conf import settings
from django.db import connections

from coursive.accounts.models import Role
from coursive.accounts.tests.factories import MembershipFactory
from coursive.premises import services
from coursive.premises.models import Booking, BookingSeries

from .conftest import NOW, at
from .factories import ResourceFactory

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
ATTEMPTS = 50


def _fire(resource, memberships, starts_at, ends_at):
    barrier = threading.Barrier(len(memberships))
    outcomes = []
    lock = threading.Lock()

    def attempt(membership):
        try:
            barrier.wait()
            services.booking_create(
                resource=resource, membership=membership, starts_at=starts_at, ends_at=ends_at, now=NOW
            )
            outcome = "booked"
        except services.BookingError as error:
            outcome = error.messages[0]
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(m,)) for m in memberships]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _fifty_members(cluster, organisation):
    return [
        MembershipFactory(cluster=cluster, role=Role.MEMBER_STAFF, organisation=organisation)
        for _ in range(ATTEMPTS)
    ]


def _assert_exactly_one_wins(resource, outcomes):
    assert len(outcomes) == ATTEMPTS
    assert outcomes.count("booked") == 1
    losers = [outcome for outcome in outcomes if outcome != "booked"]
    assert all("est déjà réservé sur ce créneau" in outcome for outcome in losers)
    assert Booking.objects.filter(resource=resource).count() == 1


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite write path")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_requests_on_sqlite_give_exactly_one_booking(cluster, own_organisation, request):
    resource = ResourceFactory(cluster=cluster)
    members = _fifty_members(cluster, own_organisation)
    path = request.getfixturevalue("threads_database")
    outcomes = _fire(resource, members, at("2027-02-02", "10:00"), at("2027-02-02", "12:00"))
    assert len(outcomes) == ATTEMPTS
    assert outcomes.count("booked") == 1
    assert all("est déjà réservé sur ce créneau" in outcome for outcome in outcomes if outcome != "booked")
    with sqlite3.connect(path) as database:
        rows = database.execute("select count(*) from premises_booking where resource_id = ?", [resource.pk])
        assert rows.fetchone()[0] == 1


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_exclusion_constraint_refuses_an_overlap_written_past_the_service(cluster, own_organisation):
    from django.db import IntegrityError

    resource = ResourceFactory(cluster=cluster)
    member = MembershipFactory(cluster=cluster, role=Role.MEMBER_STAFF, organisation=own_organisation)
    first = services.booking_create(
        resource=resource,
        membership=member,
        starts_at=at("2027-02-02", "10:00"),
        ends_at=at("2027-02-02", "12:00"),
        now=NOW,
    )
    duplicate = Booking(
        cluster=cluster,
        resource=resource,
        booked_by=first.booked_by,
        starts_at=at("2027-02-02", "11:00"),
        ends_at=at("2027-02-02", "13:00"),
    )
    with pytest.raises(IntegrityError):
        Booking.objects.bulk_create([duplicate])
    adjacent = Booking(
        cluster=cluster,
        resource=resource,
        booked_by=first.booked_by,
        starts_at=at("2027-02-02", "12:00"),
        ends_at=at("2027-02-02", "13:00"),
    )
    Booking.objects.bulk_create([adjacent])
    assert Booking.objects.filter(resource=resource).count() == 2


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_requests_on_postgres_hit_the_exclusion_constraint(cluster, own_organisation):
    resource = ResourceFactory(cluster=cluster)
    members = _fifty_members(cluster, own_organisation)
    outcomes = _fire(resource, members, at("2027-02-02", "14:00"), at("2027-02-02", "15:30"))
    _assert_exactly_one_wins(resource, outcomes)


@pytest.mark.postgres
@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
@pytest.mark.django_db
def test_a_series_that_passed_its_check_is_still_refused_whole_by_the_constraint(
    cluster, own_organisation, monkeypatch
):
    """Another transaction may take a slot between the series' check and its insert: the constraint then
    refuses the whole series, with the slot-taken message."""
    resource = ResourceFactory(cluster=cluster, name="Salle Verte")
    member = MembershipFactory(cluster=cluster, role=Role.MEMBER_STAFF, organisation=own_organisation)
    services.booking_create(
        resource=resource,
        membership=member,
        starts_at=at("2027-02-09", "10:00"),
        ends_at=at("2027-02-09", "12:00"),
        now=NOW,
    )
    monkeypatch.setattr(services, "_taken_slots", lambda resource, slots: set())

    with pytest.raises(services.BookingError) as refusal:
        services.booking_series_create(
            resource=resource,
            membership=member,
            starts_at=at("2027-02-02", "10:00"),
            ends_at=at("2027-02-02", "12:00"),
            rule="FREQ=WEEKLY;COUNT=3",
            now=NOW,
        )

    assert "« Salle Verte » est déjà réservé sur ce créneau" in refusal.value.messages[0]
    assert Booking.objects.filter(resource=resource).count() == 1
    assert not BookingSeries.objects.exists()
