"""Reads of the member directory."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext

from coursive.core import geo
from coursive.core.text import tokens

from .models import LegalForm, MembershipStatus, Organisation, Person, Skill

# How long a cached rendering of the directory may outlive a change its version key does not see: a
# skill renamed or deleted in the admin, or, on a database that runs writers side by side (PostgreSQL), an
# edit committed after a later one.
DIRECTORY_CACHE_SECONDS = 300
# What a directory card shows: the search text and the description stay in the database.
CARD_FIELDS = (
    "legal_name",
    "trade_name",
    "legal_form",
    "commune",
    "departement",
    "naf__label",
    "membership_status",
    "ess_status",
    "esus_approved",
)


@dataclass(frozen=True)
class DirectoryFilters:
    query: str = ""
    skill: str = ""
    naf: str = ""
    legal_form: str = ""
    departement: str = ""
    status: str = ""


def organisation_search(*, cluster, filters: DirectoryFilters) -> QuerySet[Organisation]:
    """The cluster's organisations matching every word of the query (accents, case and word endings
    ignored) and every filter. Former members only show when asked for by status."""
    organisations = Organisation.objects.for_cluster(cluster)
    if filters.status:
        organisations = organisations.filter(membership_status=filters.status)
    else:
        organisations = organisations.for_directory()
    for stem in tokens(filters.query):
        organisations = organisations.filter(search_text__contains=f" {stem}")
    if filters.skill:
        organisations = organisations.filter(skills__slug=filters.skill)
    if filters.naf:
        organisations = organisations.filter(naf_id=filters.naf)
    if filters.legal_form:
        organisations = organisations.filter(legal_form=filters.legal_form)
    if filters.departement:
        organisations = organisations.filter(departement=filters.departement)
    return organisations.select_related("naf").prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("name"))
    )


def directory_page(*, cluster, filters: DirectoryFilters, per_page: int, number: str | int | None) -> Page:
    """One page of the directory's cards: the search's results with only the columns a card shows, each
    carrying the labels of its legal form and status. Django's `get_FOO_display` rebuilds and translates
    the whole list of choices on every call, hundreds of translations for one page."""
    organisations = organisation_search(cluster=cluster, filters=filters).only(*CARD_FIELDS)
    page = Paginator(organisations, per_page).get_page(number)
    legal_forms, statuses = dict(LegalForm.choices), dict(MembershipStatus.choices)
    page.object_list = list(page.object_list)
    for organisation in page.object_list:
        organisation.legal_form_label = legal_forms.get(organisation.legal_form, organisation.legal_form)
        organisation.status_label = statuses.get(
            organisation.membership_status, organisation.membership_status
        )
    return page


def directory_version(*, cluster) -> str:
    """A key that changes whenever the cluster's directory may have, for the caches built from it. Every
    write on an organisation, its skills and tags included, goes through a directory service that saves
    the organisation, which moves its `updated_at`; a deletion lowers the count. With SQLite's IMMEDIATE
    transactions writers queue, so the latest change is also the last committed. One aggregate query."""
    state = Organisation.objects.for_cluster(cluster).aggregate(count=Count("pk"), changed=Max("updated_at"))
    changed = state["changed"].isoformat() if state["changed"] else "-"
    return f"{cluster.pk}:{state['count']}:{changed}"


def directory_facets(*, cluster) -> dict[str, list[tuple[str, str]]]:
    """The choices worth offering in the directory filters: only values some organisation has."""
    organisations = Organisation.objects.for_cluster(cluster)
    skills = Skill.objects.filter(organisation__cluster=cluster).order_by("name").values_list("slug", "name")
    naf_codes = organisations.order_by("naf_id").values_list("naf_id", "naf__label").distinct()
    departements = organisations.order_by("departement").values_list("departement", flat=True).distinct()
    return {
        "skills": list(skills.distinct()),
        "naf_codes": [(code, f"{code} — {label}") for code, label in naf_codes],
        "departements": [
            (code, f"{code} — {geo.DEPARTEMENTS[code].name}")
            for code in departements
            if code in geo.DEPARTEMENTS
        ],
    }


def organisation_counts_by_status(*, cluster) -> dict[str, int]:
    """How many organisations the cluster has per membership status; absent statuses count zero."""
    counts = dict(
        Organisation.objects.for_cluster(cluster)
        .order_by()
        .values_list("membership_status")
        .annotate(count=Count("pk"))
    )
    return {status: counts.get(status, 0) for status in MembershipStatus.values}


def organisation_people(*, organisation: Organisation, public_only: bool) -> QuerySet[Person]:
    people = organisation.people.filter(anonymised_at__isnull=True)
    if public_only:
        people = people.filter(is_public_contact=True)
    return people


def organisation_history(*, organisation: Organisation, limit: int = 50) -> list[dict]:
    """Who changed what and when, newest first, each entry naming the fields that changed and, under
    "changes", their labels with the old and new values ready to display."""
    records = list(organisation.history.select_related("history_user").order_by("-history_date")[: limit + 1])
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        changes = newer.diff_against(older).changes if older is not None else []
        entries.append(
            {
                "record": newer,
                "changed_fields": [change.field for change in changes],
                "changes": [_history_change(change) for change in changes],
            }
        )
    return entries[:limit]


def _history_change(change) -> dict:
    """One changed field, named and valued as a reader of the page would say it."""
    field = Organisation._meta.get_field(change.field)
    return {
        "field": change.field,
        "label": capfirst(field.verbose_name),
        "old": _display_value(field, change.old),
        "new": _display_value(field, change.new),
    }


def _display_value(field, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return gettext("Oui") if value else gettext("Non")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(formats.localize(value))
