from ninja import PatchDict, Router
from ninja.pagination import paginate
from ninja.responses import Status

from coursive.accounts.access import access_cluster
from coursive.directory.access import access_organisation, access_person, can_see_contacts
from coursive.directory.services import person_create, person_delete, person_update

from .pagination import BoundedPagination
from .schemas import ErrorOut, PersonIn, PersonOut, reject_nulls
from .selectors import people_for_api
from .types import ObjectId, Slug

router = Router(tags=["Personnes"])

ORGANISATION_PEOPLE_PATH = "/clusters/{slug}/organisations/{organisation_id}/people"
PERSON_PATH = "/clusters/{slug}/people/{person_id}"


@router.get(
    ORGANISATION_PEOPLE_PATH,
    response={200: list[PersonOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Personnes d'une structure",
    description="Les acheteurs et les habitants ne voient que les contacts publics.",
)
@paginate(BoundedPagination)
def person_list(request, slug: Slug, organisation_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    organisation = access_organisation(membership, organisation_id)
    return people_for_api(organisation=organisation, public_only=not can_see_contacts(membership))


@router.post(
    ORGANISATION_PEOPLE_PATH,
    response={201: PersonOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Ajouter une personne à une structure",
    description="Réservé à la coordination et aux administrateurs de la structure.",
)
def person_add(request, slug: Slug, organisation_id: ObjectId, payload: PersonIn):
    membership = access_cluster(request.auth, slug)
    organisation = access_organisation(membership, organisation_id, for_edit=True)
    return Status(201, person_create(organisation=organisation, fields=payload.dict()))


@router.get(
    PERSON_PATH,
    response={200: PersonOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Fiche d'une personne",
)
def person_detail(request, slug: Slug, person_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    return access_person(membership, person_id)


@router.patch(
    PERSON_PATH,
    response={200: PersonOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Modifier une personne",
    description="Seuls les champs envoyés changent.",
)
def person_edit(request, slug: Slug, person_id: ObjectId, payload: PatchDict[PersonIn]):
    membership = access_cluster(request.auth, slug)
    person = access_person(membership, person_id, for_edit=True)
    reject_nulls(payload)
    return person_update(person=person, fields=payload)


@router.delete(
    PERSON_PATH,
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Retirer une personne",
)
def person_remove(request, slug: Slug, person_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    person_delete(person=access_person(membership, person_id, for_edit=True))
    return Status(204, None)
