"""The directory's reads, shaped for the API: everything an item shows is fetched up front, in an order
stable enough for pages never to overlap."""

from django.db.models import QuerySet

from coursive.directory.models import Organisation, Person, Skill
from coursive.directory.selectors import DirectoryFilters, organisation_people, organisation_search


def organisations_for_api(*, cluster, filters: DirectoryFilters) -> QuerySet[Organisation]:
    return (
        organisation_search(cluster=cluster, filters=filters)
        .prefetch_related("tags")
        .order_by("legal_name", "pk")
    )


def people_for_api(*, organisation: Organisation, public_only: bool) -> QuerySet[Person]:
    return organisation_people(organisation=organisation, public_only=public_only).order_by(
        "last_name", "first_name", "pk"
    )


def skills_by_slug(*, slugs: list[str]) -> dict[str, Skill]:
    return {skill.slug: skill for skill in Skill.objects.filter(slug__in=slugs)}
