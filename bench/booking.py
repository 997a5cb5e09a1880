"""Booking benchmark: the free-slot search and concurrent booking attempts, on PostgreSQL.

1. Free-slot search: 100 resources open Monday to Saturday, each holding one year of bookings (about 100,000
   rows), searched for one part of one day across all of them (`selectors.free_slots`, what the search page
   and the API answer). Baseline in the same run: the naive way, one query per resource for its bookings of
   the day, then one `exists()` query per half-hour slot.
2. Concurrent booking attempts: threads book through `services.booking_create` on a set of slots that each
   several threads want at once; bookings_per_s counts attempts (won or refused) per second of wall-clock
   time. Baseline: the same attempts one after the other. Afterwards one SQL self-join counts the overlapping
   active bookings of a resource, which must be 0.

When DATABASE_URL names no database, a throw-away PostgreSQL 15 is started the way `.ci/run` does (as the
`postgres` user, in a temporary folder, on a free port) and stopped at the end. The JSON says which database
was measured.

Usage: .venv/bin/python bench/booking.py [--resources 100] [--searches 200] [--threads 8] [--attempts 800]
The last line printed is one JSON object (see docs/benchmarks.md).
"""

import argparse
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
GOAL_P95_MS = 50


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=100)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--naive-searches", type=int, default=10)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--attempts", type=int, default=800)
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def throwaway_postgres():
    """A PostgreSQL of our own unless DATABASE_URL already names a database."""
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    folder = Path(tempfile.mkdtemp(prefix="coursive-bench-pg-"))
    port = _free_port()
    subprocess.run(["chown", "postgres:postgres", str(folder)], check=True)
    run = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*run, str(PG_BIN / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    options = f"-k {folder} -p {port} -c listen_addresses=127.0.0.1"
    subprocess.run(
        [
            *run,
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(folder / "data"),
            "-l",
            str(folder / "log"),
            "-w",
            "-o",
            options,
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "-qc",
                "create extension if not exists btree_gist",
                "template1",
            ],
            check=True,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*run, str(PG_BIN / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "stop"],
            capture_output=True,
        )
        subprocess.run(["rm", "-rf", str(folder)])


def _setup_django(database_url: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "LOG_LEVEL": "WARNING",
            "DATABASE_CONN_MAX_AGE": "0",
        }
    )
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(resources_count: int, seed: int) -> dict:
    """Resources open Mon-Sat 08:00-20:00 and one year of bookings of 1 to 3 hours, 3 to 5 a day."""
    from datetime import time as clock

    from coursive.accounts.models import Role
    from coursive.accounts.tests.factories import ClusterFactory, MembershipFactory
    from coursive.directory.tests.factories import OrganisationFactory
    from coursive.premises.calendar import local_moment
    from coursive.premises.models import Booking, Feature, OpeningHours, Resource

    rng = random.Random(seed)
    cluster = ClusterFactory(slug="mesure-reservations")
    organisation = OrganisationFactory(cluster=cluster)
    projector = Feature.objects.create(cluster=cluster, name="Vidéoprojecteur", slug="videoprojecteur")
    user = MembershipFactory(cluster=cluster, role=Role.COORDINATOR).user
    resources = Resource.objects.bulk_create(
        Resource(
            cluster=cluster,
            kind="meeting_room",
            name=f"Salle {n:03d}",
            capacity=rng.choice([4, 8, 12, 20]),
            horizon_days=800,
            member_hour_price=20,
        )
        for n in range(resources_count)
    )
    for resource in resources[::3]:
        resource.features.add(projector)
    OpeningHours.objects.bulk_create(
        OpeningHours(resource=r, weekday=day, opens_at=clock(8), closes_at=clock(20))
        for r in resources
        for day in range(6)
    )
    first = date.today() - timedelta(days=182)
    rows = []
    for resource in resources:
        for offset in range(365):
            day = first + timedelta(days=offset)
            if day.weekday() == 6:
                continue
            hour = 8
            for _ in range(rng.randint(3, 5)):
                hour += rng.randint(0, 1)
                length = rng.randint(1, 3)
                if hour + length > 20:
                    break
                rows.append(
                    Booking(
                        cluster=cluster,
                        resource=resource,
                        organisation=organisation,
                        booked_by=user,
                        starts_at=local_moment(day, clock(hour)),
                        ends_at=local_moment(day, clock(hour + length)),
                    )
                )
                hour += length
    Booking.objects.bulk_create(rows, batch_size=5000)
    return {
        "cluster": cluster,
        "organisation": organisation,
        "user": user,
        "resources": resources,
        "bookings": len(rows),
        "first_day": first,
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _search_days(fixture: dict, count: int, rng: random.Random) -> list[tuple[date, str]]:
    parts = ["morning", "afternoon", "day"]
    return [
        (fixture["first_day"] + timedelta(days=rng.randrange(365)), rng.choice(parts)) for _ in range(count)
    ]


def _naive_free_slots(cluster, window, minimum):
    """One query per resource and one per half-hour slot: what a first version would do."""
    from coursive.premises.models import Booking, Resource

    found = []
    step = timedelta(minutes=30)
    for resource in Resource.objects.filter(cluster=cluster, is_active=True):
        list(Booking.objects.active().filter(resource=resource).overlapping(*window))
        slot, free = window[0], []
        while slot + minimum <= window[1]:
            if (
                not Booking.objects.active()
                .filter(resource=resource)
                .overlapping(slot, slot + minimum)
                .exists()
            ):
                free.append(slot)
            slot += step
        if free:
            found.append((resource, free))
    return found


def measure_search(fixture: dict, searches: int, naive_searches: int, seed: int) -> dict:
    from coursive.premises import selectors
    from coursive.premises.availability import part_of_day_window

    rng = random.Random(seed)
    cluster = fixture["cluster"]
    timings, found = [], []
    cpu_start = time.process_time()
    for day, part in _search_days(fixture, searches, rng):
        start = time.perf_counter()
        result = selectors.free_slots(
            cluster=cluster, window=part_of_day_window(day, part), minimum=timedelta(hours=1)
        )
        timings.append((time.perf_counter() - start) * 1000)
        found.append(len(result))
    cpu_ms = (time.process_time() - cpu_start) * 1000 / searches
    naive = []
    for day, part in _search_days(fixture, naive_searches, rng):
        start = time.perf_counter()
        _naive_free_slots(cluster, part_of_day_window(day, part), timedelta(hours=1))
        naive.append((time.perf_counter() - start) * 1000)
    return {
        "availability_ms_p50": round(statistics.median(timings), 2),
        "availability_ms_p95": round(_percentile(timings, 0.95), 2),
        "availability_client_cpu_ms_mean": round(cpu_ms, 2),
        "availability_resources_found_mean": round(statistics.mean(found), 1),
        "naive_availability_ms_p50": round(statistics.median(naive), 2),
        "naive_availability_ms_p95": round(_percentile(naive, 0.95), 2),
    }


def _contested_slots(fixture: dict, attempts: int, rng: random.Random) -> list[tuple]:
    """Slots on next year's free days (after the filled year), each wanted by about four attempts."""
    from datetime import time as clock

    from coursive.premises.calendar import local_moment

    day = fixture["first_day"] + timedelta(days=400)
    while day.weekday() == 6:
        day += timedelta(days=1)
    slots = [
        (resource, local_moment(day, clock(hour)), local_moment(day, clock(hour + 1)))
        for resource in fixture["resources"]
        for hour in range(8, 18)
    ][: -(-attempts // 4)]
    wanted = [slot for slot in slots for _ in range(4)][:attempts]
    rng.shuffle(wanted)
    return wanted


def _attempt_all(membership, wanted: list[tuple], threads: int, now: datetime) -> tuple[float, int, int]:
    from django.db import connections

    from coursive.premises import services

    chunks = [wanted[n::threads] for n in range(threads)]
    won, lost, lock = [0], [0], threading.Lock()
    barrier = threading.Barrier(threads)

    def work(chunk):
        barrier.wait()
        for resource, starts_at, ends_at in chunk:
            try:
                services.booking_create(
                    resource=resource, membership=membership, starts_at=starts_at, ends_at=ends_at, now=now
                )
                outcome = won
            except services.BookingError:
                outcome = lost
            with lock:
                outcome[0] += 1
        connections.close_all()

    workers = [threading.Thread(target=work, args=(chunk,)) for chunk in chunks]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - start, won[0], lost[0]


def _double_bookings() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            select count(*) from premises_booking a join premises_booking b
              on a.resource_id = b.resource_id and a.id < b.id
             and a.starts_at < b.ends_at and b.starts_at < a.ends_at
             where a.status in ('pending', 'confirmed') and b.status in ('pending', 'confirmed')
            """
        )
        return cursor.fetchone()[0]


def measure_booking(fixture: dict, threads: int, attempts: int, seed: int) -> dict:
    from django.utils import timezone

    from coursive.accounts.models import Membership
    from coursive.premises.models import Booking

    membership = Membership.objects.select_related("user", "cluster", "organisation").get(
        user=fixture["user"]
    )
    rng = random.Random(seed)
    now = timezone.now()
    wanted = _contested_slots(fixture, attempts, rng)
    concurrent_s, won, lost = _attempt_all(membership, wanted, threads, now)
    distinct = len({(r.pk, s) for r, s, _e in wanted})
    doubles = _double_bookings()
    Booking.objects.filter(starts_at__gte=wanted[0][1] - timedelta(days=1)).delete()
    serial_s, serial_won, _lost = _attempt_all(membership, wanted, 1, now)
    return {
        "bookings_per_s": round(len(wanted) / concurrent_s, 1),
        "booking_attempts": len(wanted),
        "booking_threads": threads,
        "bookings_won": won,
        "bookings_refused": lost,
        "contested_slots": distinct,
        "double_bookings": doubles,
        "serial_bookings_per_s": round(len(wanted) / serial_s, 1),
        "serial_bookings_won": serial_won,
    }


def main() -> None:
    options = _arguments()
    external = bool(os.environ.get("DATABASE_URL"))
    with throwaway_postgres() as database_url:
        started = time.perf_counter()
        _setup_django(database_url)
        from django.db import connection

        print(
            f"Base : {connection.vendor} ; remplissage de {options.resources} ressources sur un an…",
            flush=True,
        )
        fixture = _fill(options.resources, options.seed)
        fill_s = time.perf_counter() - started
        print(f"{fixture['bookings']} réservations en {fill_s:.1f} s ; recherche de créneaux…", flush=True)
        search = measure_search(fixture, options.searches, options.naive_searches, options.seed)
        print("Réservations concurrentes…", flush=True)
        booking = measure_booking(fixture, options.threads, options.attempts, options.seed)
        result = {
            "database": f"{connection.vendor} {connection.pg_version // 10000 if connection.vendor == 'postgresql' else ''}".strip(),
            "database_started_by_bench": not external,
            "resources": options.resources,
            "bookings_in_year": fixture["bookings"],
            **search,
            "availability_vs_naive": round(
                search["naive_availability_ms_p50"] / search["availability_ms_p50"], 1
            ),
            "availability_goal_ms_p95": GOAL_P95_MS,
            "availability_goal_met": search["availability_ms_p95"] <= GOAL_P95_MS,
            **booking,
            "load_average": round(os.getloadavg()[0], 2),
            "cpu_count": os.cpu_count(),
        }
        print(json.dumps(result))


if __name__ == "__main__":
    main()
