"""Who may see and change what in a cluster's directory. Every rule is checked on the server, for pages
and API alike; missing and out-of-cluster records answer 404 the same way."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from coursive.accounts.models import Membership, Role

from .models import Organisation, Person


def can_edit_organisation(membership: Membership, organisation: Organisation) -> bool:
    if organisation.cluster_id != membership.cluster_id:
        return False
    if membership.role == Role.COORDINATOR:
        return True
    return membership.role == Role.MEMBER_ADMIN and membership.organisation_id == organisation.pk


# An organisation's place in the cluster is the coordination's decision, not the member's.
MEMBERSHIP_STATUS_FIELDS = ("membership_status", "member_since", "member_until")


def can_set_membership_status(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR


def check_membership_status_change(membership: Membership, field_names) -> None:
    if not can_set_membership_status(membership) and set(field_names) & set(MEMBERSHIP_STATUS_FIELDS):
        raise PermissionDenied(_("Seule la coordination du pôle peut changer le statut d'une structure."))


def can_see_history(membership: Membership, organisation: Organisation) -> bool:
    return membership.role == Role.COORDINATOR or membership.organisation_id == organisation.pk


def can_see_contacts(membership: Membership) -> bool:
    return membership.is_insider


def access_organisation(
    membership: Membership, organisation_id: int, *, for_edit: bool = False
) -> Organisation:
    organisation = (
        Organisation.objects.for_cluster(membership.cluster)
        .select_related("naf", "cluster")
        .filter(pk=organisation_id)
        .first()
    )
    if organisation is None:
        raise Http404(_("Structure introuvable."))
    if for_edit and not can_edit_organisation(membership, organisation):
        raise PermissionDenied(_("Vous ne pouvez modifier que la fiche de votre propre structure."))
    return organisation


def access_person(membership: Membership, person_id: int, *, for_edit: bool = False) -> Person:
    person = (
        Person.objects.for_cluster(membership.cluster)
        .select_related("organisation")
        .filter(pk=person_id)
        .first()
    )
    if person is None or not (can_see_contacts(membership) or person.is_public_contact):
        raise Http404(_("Personne introuvable."))
    if for_edit and not _can_edit_person(membership, person):
        raise PermissionDenied(_("Vous ne pouvez modifier que les personnes de votre propre structure."))
    return person


def _can_edit_person(membership: Membership, person: Person) -> bool:
    if membership.role == Role.COORDINATOR:
        return True
    return person.organisation is not None and can_edit_organisation(membership, person.organisation)
