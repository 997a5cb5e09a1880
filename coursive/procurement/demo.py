"""The procurement side of the demo: the real notices shipped in data/procurement/, some of them made current
again, and the capability profiles of the demo organisations (demo_data.py). Idempotent, like the directory
demo: running it twice the same day changes nothing.

The notices are real but date from 2015 to 2023, so none could be answered today. The demo moves the
publication date and deadline of its calls for tenders forward by a whole number of weeks and records the
move in `demo_date_shift_days`; every page showing such a notice says its dates were shifted. The move is
always computed from the original dates (the current ones minus the recorded shift), never added to a
previous one. Only the demo does this: a real import writes the dates as published, with no shift.
"""

import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from coursive.accounts.models import Cluster
from coursive.directory.demo import demo_siret
from coursive.directory.models import Organisation

from .consortium_services import watch_sharing_declare
from .demo_data import PROFILES, DemoProfile
from .importer import ImportSummary, import_notices
from .importer_rows import own_status
from .matching_selectors import OPEN_KINDS
from .models import CapabilityProfile, Notice
from .profile_services import (
    capability_profile_update,
    profile_reference_add,
    profile_reference_delete,
    profile_reference_update,
)
from .records import Source

DATA_DIR = Path(settings.BASE_DIR) / "data" / "procurement"
NOTICE_FILE_SUFFIXES = frozenset({".json", ".xml"})
# A shifted call leaves at least this many days between its publication and today's date when its own
# timetable allows, so that it stays open a week or more after the demo is loaded.
MIN_DAYS_LEFT = 14
SHIFTED_FIELDS = ["published_on", "deadline_at", "demo_date_shift_days", "status", "updated_at"]


@dataclass(frozen=True)
class ProcurementDemo:
    import_summary: ImportSummary
    notices: int  # every notice in the database
    shifted: int  # notices whose dates the demo moved
    profiles: int  # demo organisations with a capability profile


def procurement_demo_load(*, today: date | None = None) -> ProcurementDemo:
    """Imports every notice file of data/procurement/, shifts the calls for tenders so that they are open
    on `today` (the local date by default), then writes the demo organisations' profiles."""
    # Looked up first: without the directory demo, this fails before the long import.
    organisations = [(demo, _organisation(demo)) for demo in PROFILES]
    summary = import_notices(demo_notice_files())
    with transaction.atomic():
        notices_demo_shift(today=today or timezone.localdate())
        for demo, organisation in organisations:
            _profile_sync(demo, organisation)
        demo_watch_sharing()
    return ProcurementDemo(
        import_summary=summary,
        notices=Notice.objects.count(),
        shifted=Notice.objects.exclude(demo_date_shift_days=0).count(),
        profiles=len(organisations),
    )


# The two demo clusters share their watch both ways, so that the consortium builder can show partner members
# completing a groupement (on the demo notice BOAMP 16-186359, lot 2 asks for 2 375 000 € of turnover).
DEMO_SHARING = ("dijon", "saint-etienne")


def demo_watch_sharing() -> None:
    clusters = {cluster.slug: cluster for cluster in Cluster.objects.filter(slug__in=DEMO_SHARING)}
    if len(clusters) == len(DEMO_SHARING):
        first, second = (clusters[slug] for slug in DEMO_SHARING)
        watch_sharing_declare(cluster=first, partner_cluster=second, user=None)
        watch_sharing_declare(cluster=second, partner_cluster=first, user=None)


def demo_notice_files() -> list[Path]:
    return sorted(
        path for path in DATA_DIR.rglob("*") if path.is_file() and path.suffix in NOTICE_FILE_SUFFIXES
    )


def notices_demo_shift(*, today: date) -> int:
    """Shifts the dates of the calls to open (see `calls_to_open`) and puts back those of any other notice
    shifted before; returns how many notices changed."""
    to_open = set(calls_to_open().values_list("pk", flat=True))
    candidates = Notice.objects.filter(pk__in=to_open) | Notice.objects.exclude(demo_date_shift_days=0)
    now = timezone.now()
    changed = []
    for notice in candidates.only(
        "pk", "official_id", "kind", "published_on", "deadline_at", "demo_date_shift_days"
    ):
        published, deadline = _original_dates(notice)
        days = _shift_days(notice.official_id, published, deadline, today) if notice.pk in to_open else 0
        if days != notice.demo_date_shift_days:
            notice.published_on = published + timedelta(days=days)
            notice.deadline_at = _moved(deadline, days)
            notice.demo_date_shift_days = days
            notice.status = own_status(kind=notice.kind, deadline_at=notice.deadline_at, now=now)
            notice.updated_at = now
            changed.append(notice)
    Notice.objects.bulk_update(changed, SHIFTED_FIELDS, batch_size=500)
    return len(changed)


def calls_to_open() -> QuerySet[Notice]:
    """The calls for tenders the demo makes current: contract and prior-information notices with a
    publication date and a deadline, which no later notice awarded, cancelled or corrected. A TED notice
    read in both TED formats is opened once, in eForms, the format TED publishes in now."""
    in_eforms = Notice.objects.filter(source=Source.TED_EFORMS).values("official_id")
    return (
        Notice.objects.filter(kind__in=OPEN_KINDS, published_on__isnull=False, deadline_at__isnull=False)
        .filter(referrers__isnull=True)
        .exclude(source=Source.TED_LEGACY, official_id__in=in_eforms)
    )


def _original_dates(notice: Notice) -> tuple[date, datetime]:
    shift = notice.demo_date_shift_days
    return notice.published_on - timedelta(days=shift), _moved(notice.deadline_at, -shift)


def _moved(moment: datetime, days: int) -> datetime:
    """`days` later on the local wall clock: a deadline at noon stays at noon across a change of summer time."""
    local = timezone.localtime(moment).replace(tzinfo=None)
    return timezone.make_aware(local + timedelta(days=days))


def _shift_days(official_id: str, published: date, deadline: datetime, today: date) -> int:
    """Whole weeks, so that each date keeps its weekday, putting the publication on or before `today` and
    the deadline after it. How long ago the call was published is drawn from its id: the demo's calls then
    close on different days, and the same ones on every run. A call still open as published is left as is."""
    closes_on = timezone.localtime(deadline).date()
    if closes_on > today:
        return 0
    timetable = (closes_on - published).days
    since_publication = zlib.crc32(official_id.encode()) % (max(timetable - MIN_DAYS_LEFT, 0) + 1)
    days = (today - timedelta(days=since_publication) - published).days
    days -= days % 7
    if closes_on + timedelta(days=days) <= today:
        days += 7
    return days


def _organisation(demo: DemoProfile) -> Organisation:
    return Organisation.objects.select_related("cluster").get(
        cluster__slug=demo.cluster, siret=demo_siret(demo.organisation)
    )


def _profile_fields(demo: DemoProfile) -> dict:
    return {
        "keywords": demo.keywords,
        "annual_turnover": Decimal(demo.annual_turnover),
        "headcount": demo.headcount,
        "is_insertion": demo.is_insertion,
        "is_disability": False,
    }


def _profile_sync(demo: DemoProfile, organisation: Organisation) -> CapabilityProfile:
    """Writes the profile only when it differs from the demo's, then its references."""
    lists = {
        "cpv_codes": list(demo.cpv_codes),
        "departements": sorted(set(demo.departements)),
        "certifications": list(demo.certifications),
    }
    wanted = _profile_fields(demo) | lists
    profile = CapabilityProfile.objects.filter(organisation=organisation).first()
    if profile is None or any(getattr(profile, name) != value for name, value in wanted.items()):
        profile = capability_profile_update(organisation=organisation, fields=_profile_fields(demo), **lists)
    _references_sync(organisation, profile, demo)
    return profile


def _references_sync(organisation: Organisation, profile: CapabilityProfile, demo: DemoProfile) -> None:
    stored = {reference.title: reference for reference in profile.references.all()}
    for reference in demo.references:
        fields = {
            "title": reference.title,
            "buyer_name": reference.buyer_name,
            "year": reference.year,
            "amount": Decimal(reference.amount),
        }
        current = stored.pop(reference.title, None)
        if current is None:
            profile_reference_add(organisation=organisation, fields=fields)
        elif current.notice_id or any(getattr(current, name) != value for name, value in fields.items()):
            profile_reference_update(reference=current, fields=fields)
    for extra in stored.values():
        profile_reference_delete(reference=extra)
