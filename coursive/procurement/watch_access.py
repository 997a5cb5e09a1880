"""Who may see and change an organisation's watch. Saved searches and alerts are private to their
organisation: its member admins change them, its staff read them, the coordination does both for any
organisation of the cluster. Another organisation's watch answers 404, like a missing one."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from coursive.accounts.access import require_insider
from coursive.accounts.models import Membership, Role
from coursive.directory.models import Organisation

from .models import SavedSearch


def can_edit_watch(membership: Membership) -> bool:
    """Called once the organisation is known to be visible: then only staff are read-only."""
    return membership.role in {Role.COORDINATOR, Role.MEMBER_ADMIN}


def _require_edit(membership: Membership) -> None:
    if not can_edit_watch(membership):
        raise PermissionDenied(_("Seuls les administrateurs de la structure modifient sa veille."))


def _parse_id(raw) -> int | None:
    return int(raw) if str(raw).isdigit() else None


def access_watch_organisation(
    membership: Membership, organisation_id, *, for_edit: bool = False
) -> Organisation | None:
    """The organisation whose watch is asked for: a member's own, whatever the request says, or the one a
    coordinator picked (`organisation_id`, None while the coordinator has not picked one yet)."""
    require_insider(membership)
    if membership.role == Role.COORDINATOR:
        if organisation_id in (None, ""):
            return None
        organisation = (
            Organisation.objects.for_cluster(membership.cluster).filter(pk=_parse_id(organisation_id)).first()
        )
    else:
        asked = (
            _parse_id(organisation_id) if organisation_id not in (None, "") else membership.organisation_id
        )
        organisation = membership.organisation if asked == membership.organisation_id else None
    if organisation is None:
        raise Http404(_("Structure introuvable."))
    if for_edit:
        _require_edit(membership)
    return organisation


def access_saved_search(membership: Membership, search_id: int, *, for_edit: bool = False) -> SavedSearch:
    require_insider(membership)
    searches = SavedSearch.objects.for_cluster(membership.cluster).select_related("organisation", "cluster")
    if membership.role != Role.COORDINATOR:
        searches = searches.filter(organisation_id=membership.organisation_id)
    saved_search = searches.filter(pk=search_id).first()
    if saved_search is None:
        raise Http404(_("Recherche introuvable."))
    if for_edit:
        _require_edit(membership)
    return saved_search


def access_alert_filter(organisation: Organisation, search_id) -> SavedSearch | None:
    """The saved search a list of alerts is narrowed to, once the organisation is known to be visible:
    none when not asked, one of that organisation's own, else 404."""
    if search_id in (None, ""):
        return None
    saved_search = SavedSearch.objects.filter(organisation=organisation, pk=_parse_id(search_id)).first()
    if saved_search is None:
        raise Http404(_("Recherche introuvable."))
    return saved_search
