from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import PatchDict, Query, Router
from ninja.pagination import paginate
from ninja.responses import Status

from coursive.accounts.access import access_cluster, require_coordinator
from coursive.directory.access import access_organisation, check_membership_status_change
from coursive.directory.models import Skill
from coursive.directory.selectors import DirectoryFilters
from coursive.directory.services import organisation_create, organisation_update

from .pagination import BoundedPagination
from .schemas import (
    ORGANISATION_NULLABLE_FIELDS,
    ErrorOut,
    OrganisationFilters,
    OrganisationIn,
    OrganisationOut,
    reject_nulls,
)
from .selectors import organisation_row, organisation_rows, organisations_for_api, skills_by_slug
from .types import ObjectId, Slug

router = Router(tags=["Structures"])

ORGANISATION_PATH = "/clusters/{slug}/organisations/{organisation_id}"


def _skills(slugs: list[str]) -> list[Skill]:
    found = skills_by_slug(slugs=slugs)
    unknown = [slug for slug in dict.fromkeys(slugs) if slug not in found]
    if unknown:
        message = _("Compétence inconnue : %(slugs)s.") % {"slugs": ", ".join(unknown)}
        raise ValidationError({"skills": message})
    return [found[slug] for slug in dict.fromkeys(slugs)]


def _service_arguments(data: dict) -> dict:
    """The service's keyword arguments from what the client sent; what it left out stays out."""
    fields = dict(data)
    arguments = {}
    if "skills" in fields:
        arguments["skills"] = _skills(fields.pop("skills"))
    if "tags" in fields:
        arguments["tag_names"] = fields.pop("tags")
    if "naf" in fields:
        fields["naf_id"] = fields.pop("naf")
    return {"fields": fields, **arguments}


@router.get(
    "/clusters/{slug}/organisations",
    response={200: list[OrganisationOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Annuaire des structures",
    description="Les structures du pôle, filtrées et paginées ; les anciens membres seulement sur demande.",
)
@paginate(BoundedPagination, shape=organisation_rows)
def organisation_list(request, slug: Slug, filters: Query[OrganisationFilters]):
    membership = access_cluster(request.auth, slug)
    directory_filters = DirectoryFilters(
        query=filters.q,
        skill=filters.skill,
        naf=filters.naf,
        legal_form=filters.legal_form or "",
        departement=filters.departement,
        status=filters.status or "",
    )
    return organisations_for_api(cluster=membership.cluster, filters=directory_filters)


@router.post(
    "/clusters/{slug}/organisations",
    response={
        201: OrganisationOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="Ajouter une structure",
    description="Réservé à la coordination du pôle.",
)
def organisation_add(request, slug: Slug, payload: OrganisationIn):
    membership = access_cluster(request.auth, slug)
    require_coordinator(membership)
    arguments = _service_arguments(payload.dict())
    organisation = organisation_create(cluster=membership.cluster, by=request.auth, **arguments)
    return Status(201, organisation_row(organisation))


@router.get(
    ORGANISATION_PATH,
    response={200: OrganisationOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Fiche d'une structure",
)
def organisation_detail(request, slug: Slug, organisation_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    return organisation_row(access_organisation(membership, organisation_id))


@router.patch(
    ORGANISATION_PATH,
    response={
        200: OrganisationOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut,
    },
    summary="Modifier une structure",
    description="Seuls les champs envoyés changent. Réservé à la coordination et aux administrateurs de "
    "la structure.",
)
def organisation_edit(request, slug: Slug, organisation_id: ObjectId, payload: PatchDict[OrganisationIn]):
    membership = access_cluster(request.auth, slug)
    organisation = access_organisation(membership, organisation_id, for_edit=True)
    reject_nulls(payload, nullable=ORGANISATION_NULLABLE_FIELDS)
    check_membership_status_change(membership, payload.keys())
    organisation_update(organisation=organisation, by=request.auth, **_service_arguments(payload))
    return organisation_row(organisation)
