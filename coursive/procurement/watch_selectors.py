"""Reads of the procurement watch: which notices a saved search matches, an organisation's alerts, its feeds.

Matching runs in the database, one query per saved search whatever the number of notices. JSON lists are
searched as text: every CPV code and département is a quoted string in it, so `"798` finds the codes of
group 798 and `"21"` the Côte-d'Or, on SQLite and PostgreSQL alike, where JSON containment lookups are not
portable.
"""

from datetime import datetime, timedelta

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast

from coursive.accounts.models import ORGANISATION_ROLES, User
from coursive.core.text import tokens
from coursive.directory.models import Organisation

from . import cpv
from .models import Alert, Notice, NoticeStatus, SavedSearch, WatchFeedToken
from .records import NoticeKind

# Awards are news for a few weeks only: a search that starts following them must not bring up years of
# published contracts at once.
AWARDED_NEWS_DAYS = 30
# A calendar keeps a deadline for a while once it has passed, instead of dropping it on the day.
CALENDAR_PAST_DAYS = 30
FEED_ENTRIES = 100
AWARD_KINDS = (NoticeKind.AWARD_NOTICE, NoticeKind.AWARDED_CONTRACT)


def open_call_q(*, now: datetime) -> Q:
    """Calls for tenders one can still answer. Prior information notices announce a purchase without
    calling for tenders yet, and corrigenda and cancellations are never alerts of their own: their effect is
    applied to the notice they change."""
    return Q(
        Q(deadline_at__isnull=True) | Q(deadline_at__gt=now),
        kind=NoticeKind.CONTRACT_NOTICE,
        status=NoticeStatus.OPEN,
        cancelled_at__isnull=True,
    )


def _eligible_q(saved_search: SavedSearch, now: datetime) -> Q:
    eligible = open_call_q(now=now)
    if saved_search.include_awarded:
        since = (now - timedelta(days=AWARDED_NEWS_DAYS)).date()
        eligible |= Q(kind__in=AWARD_KINDS, status=NoticeStatus.AWARDED, published_on__gte=since)
    return eligible


def _cpv_q(codes: list[str]) -> Q:
    prefixes = sorted({cpv.significant(code) for code in codes})
    matches = Q()
    for prefix in prefixes:
        matches |= Q(cpv_main__startswith=prefix) | Q(cpv_text__contains=f'"{prefix}')
    return matches


def _departements_q(departements: list[str]) -> Q:
    """In one of the départements, or with no place more precise than France: a nationwide contract, or a
    notice that does not say. A notice placed abroad (foreign NUTS codes only) is left out."""
    matches = Q(departements=[]) & (Q(nuts_codes=[]) | Q(nuts_codes=["FR"]))
    for code in departements:
        matches |= Q(departements_text__contains=f'"{code}"')
    return matches


def _criteria_q(saved_search: SavedSearch) -> Q:
    """Every criterion the search sets must hold; those it leaves empty let every notice through."""
    criteria = Q()
    if saved_search.cpv_codes:
        criteria &= _cpv_q(saved_search.cpv_codes)
    # The search text is a space-delimited string of stems, so a stem is found as a whole word.
    for stem in dict.fromkeys(tokens(saved_search.keywords)):
        criteria &= Q(search_text__contains=f" {stem} ")
    if saved_search.departements:
        criteria &= _departements_q(saved_search.departements)
    if saved_search.min_value is not None:
        # Most notices under the EU thresholds state no value: an unknown value is not a reason to be silent.
        criteria &= Q(estimated_value__gte=saved_search.min_value) | Q(estimated_value__isnull=True)
    if saved_search.procedures:
        criteria &= Q(procedure__in=saved_search.procedures)
    return criteria


def notices_to_alert(
    *, saved_search: SavedSearch, now: datetime, notices: QuerySet[Notice] | None = None
) -> list[int]:
    """The ids of the notices the search matches and has not alerted yet, among `notices` if given."""
    already = Alert.objects.filter(saved_search=saved_search, notice=OuterRef("pk"))
    candidates = Notice.objects.annotate(
        cpv_text=Cast("cpv_additional", TextField()),
        departements_text=Cast("departements", TextField()),
    ).filter(_eligible_q(saved_search, now), _criteria_q(saved_search), ~Exists(already))
    if notices is not None:
        candidates = candidates.filter(pk__in=notices.values("pk"))
    return list(candidates.values_list("pk", flat=True))


def saved_searches_with_counts(*, organisation: Organisation) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(organisation=organisation).annotate(
        new_alerts=Count("alerts", filter=Q(alerts__seen_at__isnull=True)),
        total_alerts=Count("alerts"),
    )


def organisation_alerts(
    *, organisation: Organisation, saved_search: SavedSearch | None = None
) -> QuerySet[Alert]:
    alerts = Alert.objects.filter(saved_search__organisation=organisation)
    if saved_search is not None:
        alerts = alerts.filter(saved_search=saved_search)
    return alerts.select_related("notice", "saved_search").defer("notice__raw").order_by("-created_at", "-pk")


def organisation_alerted_notices(*, organisation: Organisation) -> QuerySet[Notice]:
    """Each notice alerted to the organisation once, however many of its searches matched it, with the time
    of its first alert as `alerted_at`."""
    return (
        Notice.objects.filter(alerts__saved_search__organisation=organisation)
        .annotate(alerted_at=Min("alerts__created_at"))
        .defer("raw")
    )


def feed_notices(*, organisation: Organisation) -> list[Notice]:
    """The latest notices alerted to the organisation, newest first, for its Atom feed."""
    return list(
        organisation_alerted_notices(organisation=organisation).order_by("-alerted_at", "-pk")[:FEED_ENTRIES]
    )


def calendar_notices(*, organisation: Organisation, now: datetime) -> list[Notice]:
    """The alerted notices with a response deadline still worth a calendar entry: not cancelled, and not
    past for long."""
    since = now - timedelta(days=CALENDAR_PAST_DAYS)
    return list(
        organisation_alerted_notices(organisation=organisation)
        .filter(deadline_at__gte=since, cancelled_at__isnull=True)
        .exclude(status=NoticeStatus.CANCELLED)
        .order_by("deadline_at", "pk")
    )


def search_names_by_notice(*, organisation: Organisation, notice_ids: list[int]) -> dict[int, list[str]]:
    """The names of the organisation's searches behind each notice, to say why it was alerted."""
    names: dict[int, list[str]] = {}
    pairs = Alert.objects.filter(saved_search__organisation=organisation, notice_id__in=notice_ids)
    for notice_id, name in pairs.order_by("saved_search__name").values_list(
        "notice_id", "saved_search__name"
    ):
        names.setdefault(notice_id, []).append(name)
    return names


def digest_notices(*, organisation: Organisation, alert_ids: list[int], now: datetime) -> list[Notice]:
    """The notices of a digest, soonest deadline first, each with the names of the searches behind it as
    `search_names`: those of the given alerts that nobody has seen yet, from searches still active, and
    that can still be answered (or are awards)."""
    worth_reading = open_call_q(now=now) | Q(kind__in=AWARD_KINDS, status=NoticeStatus.AWARDED)
    notices = list(
        Notice.objects.filter(
            worth_reading,
            alerts__pk__in=alert_ids,
            alerts__seen_at__isnull=True,
            alerts__saved_search__is_active=True,
        )
        .distinct()
        .defer("raw")
        .order_by(F("deadline_at").asc(nulls_last=True), "pk")
    )
    names = search_names_by_notice(organisation=organisation, notice_ids=[notice.pk for notice in notices])
    for notice in notices:
        notice.search_names = names.get(notice.pk, [])
    return notices


def digest_recipients(*, organisation: Organisation) -> list[User]:
    """The organisation's own people with a login: its member admins and staff whose account is active."""
    return list(
        User.objects.filter(
            memberships__organisation=organisation,
            memberships__cluster_id=organisation.cluster_id,
            memberships__role__in=sorted(ORGANISATION_ROLES),
            is_active=True,
            anonymised_at__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )


def organisations_with_unsent_alerts() -> QuerySet[Organisation]:
    pending = Alert.objects.filter(saved_search__organisation=OuterRef("pk"), emailed_at__isnull=True)
    return Organisation.objects.filter(Exists(pending)).select_related("cluster").order_by("pk")


def watch_organisations(*, cluster) -> QuerySet[Organisation]:
    """The organisations whose watch the coordination may open: the cluster's members and partners."""
    return Organisation.objects.for_cluster(cluster).for_directory()


def watch_feed_token(*, organisation: Organisation) -> WatchFeedToken | None:
    return WatchFeedToken.objects.filter(organisation=organisation).first()


def organisation_for_feed_token(*, token: str) -> Organisation | None:
    found = WatchFeedToken.objects.select_related("organisation__cluster").filter(token=token).first()
    return found.organisation if found else None
