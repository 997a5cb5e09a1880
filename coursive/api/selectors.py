"""The directory's reads, shaped for the API: everything an item shows is fetched up front, in an order
stable enough for pages never to overlap."""

from django.db.models import QuerySet

from coursive.core import geo
from coursive.directory.models import Organisation, Person, Skill
from coursive.directory.selectors import DirectoryFilters, organisation_people, organisation_search
from coursive.directory.validators import vat_number_for_siren

# The columns of an organisation the API shows as they are.
ORGANISATION_COLUMNS = (
    "id",
    "legal_name",
    "trade_name",
    "siret",
    "legal_form",
    "rna_number",
    "ess_status",
    "esus_approved",
    "esus_valid_until",
    "headcount_band",
    "turnover_band",
    "website",
    "email",
    "phone",
    "description",
    "membership_status",
    "member_since",
    "member_until",
)
ADDRESS_COLUMNS = ("street", "postcode", "commune", "departement", "region")


def organisations_for_api(*, cluster, filters: DirectoryFilters) -> QuerySet[Organisation]:
    """A page of it is shaped by `organisation_rows`, which reads the skills and tags itself."""
    return organisation_search(cluster=cluster, filters=filters).order_by("legal_name", "pk")


def organisation_rows(organisations: QuerySet[Organisation]) -> list[dict]:
    """The organisations as the API shows them (`OrganisationOut`): plain dicts read in three queries, their
    columns, their skills and their tags. Model instances, their related managers and ninja's getters
    cost several times more for a page of fifty."""
    columns = (*ORGANISATION_COLUMNS, *ADDRESS_COLUMNS, "naf_id", "naf__label")
    # Skills by name, as the directory's search prefetches them.
    rows = list(organisations.prefetch_related(None).values(*columns))
    return _with_related(rows, skill_order=("skill__name",))


def organisation_row(organisation: Organisation) -> dict:
    """One organisation already loaded with its NAF code (by `access_organisation` or a service)."""
    row = {name: getattr(organisation, name) for name in (*ORGANISATION_COLUMNS, *ADDRESS_COLUMNS, "naf_id")}
    # Skills in the vocabulary's own order, as `organisation.skills.all()` gives them.
    rows = [row | {"naf__label": organisation.naf.label}]
    return _with_related(rows, skill_order=("skill__family", "skill__name"))[0]


def _with_related(rows: list[dict], *, skill_order: tuple[str, ...]) -> list[dict]:
    ids = [row["id"] for row in rows]
    skills = _grouped(
        Organisation.skills.through.objects.filter(organisation_id__in=ids)
        .order_by(*skill_order)
        .values_list("organisation_id", "skill__slug", "skill__name"),
        lambda slug, name: {"slug": slug, "name": name},
    )
    tags = _grouped(
        Organisation.tags.through.objects.filter(organisation_id__in=ids)
        .order_by("tag__name")
        .values_list("organisation_id", "tag__name"),
        lambda name: name,
    )
    return [_api_item(row, skills.get(row["id"], []), tags.get(row["id"], [])) for row in rows]


def _grouped(links, shape) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for organisation_id, *values in links:
        grouped.setdefault(organisation_id, []).append(shape(*values))
    return grouped


def _api_item(row: dict, skills: list[dict], tags: list[str]) -> dict:
    item = {name: row[name] for name in ORGANISATION_COLUMNS}
    departement = geo.DEPARTEMENTS.get(row["departement"])
    siren = row["siret"][:9]
    return item | {
        "siren": siren,
        "vat_number": vat_number_for_siren(siren),
        "naf": {"code": row["naf_id"], "label": row["naf__label"]},
        "address": {
            **{name: row[name] for name in ADDRESS_COLUMNS},
            "departement_name": departement.name if departement else "",
            "region_name": geo.REGIONS.get(row["region"], ""),
        },
        "skills": skills,
        "tags": tags,
    }


def people_for_api(*, organisation: Organisation, public_only: bool) -> QuerySet[Person]:
    return organisation_people(organisation=organisation, public_only=public_only).order_by(
        "last_name", "first_name", "pk"
    )


def skills_by_slug(*, slugs: list[str]) -> dict[str, Skill]:
    return {skill.slug: skill for skill in Skill.objects.filter(slug__in=slugs)}
