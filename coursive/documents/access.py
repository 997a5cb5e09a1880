"""An organisation's vault is visible to its own members (administrators and staff) and to the cluster's
coordination; anyone else gets the same 404 as for a missing organisation or document."""

from django.http import Http404
from django.utils.translation import gettext as _

from coursive.accounts.models import ORGANISATION_ROLES, Membership, Role
from coursive.directory.models import Organisation

from .models import AdministrativeDocument


def can_open_vault(membership: Membership, organisation: Organisation) -> bool:
    if organisation.cluster_id != membership.cluster_id:
        return False
    if membership.role == Role.COORDINATOR:
        return True
    return membership.role in ORGANISATION_ROLES and membership.organisation_id == organisation.pk


def access_vault(membership: Membership, organisation_id: int) -> Organisation:
    organisation = Organisation.objects.filter(cluster=membership.cluster, pk=organisation_id).first()
    if organisation is None or not can_open_vault(membership, organisation):
        raise Http404(_("Coffre-fort introuvable."))
    return organisation


def access_document(membership: Membership, organisation_id: int, document_id: int) -> AdministrativeDocument:
    organisation = access_vault(membership, organisation_id)
    document = AdministrativeDocument.objects.filter(organisation=organisation, pk=document_id).first()
    if document is None:
        raise Http404(_("Document introuvable."))
    return document
