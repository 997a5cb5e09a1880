"""Loading a cluster for a request: the one gate every cluster page and API call goes through."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import ErasureRequest, Membership, Role
from .selectors import erasure_requests_pending


def access_cluster(user, cluster_slug: str) -> Membership:
    """The user's membership of that cluster. A cluster the user is not part of answers 404, like one that
    does not exist, so its existence is not disclosed."""
    if not user.is_authenticated:
        raise Http404(_("Pôle introuvable."))
    membership = (
        Membership.objects.select_related("cluster", "organisation")
        .filter(user=user, cluster__slug=cluster_slug)
        .first()
    )
    if membership is None:
        raise Http404(_("Pôle introuvable."))
    return membership


def require_coordinator(membership: Membership) -> None:
    if membership.role != Role.COORDINATOR:
        raise PermissionDenied(_("Seule la coordination du pôle peut faire cela."))


def require_insider(membership: Membership) -> None:
    """Leases, loans and what members share among themselves: buyers and residents hold a role in the cluster
    but are not part of it. They see the cluster exists, so this answers 403, not 404."""
    if not membership.is_insider:
        raise PermissionDenied(_("Réservé à la coordination et aux structures membres du pôle."))


def cluster_view(view):
    """Decorates a view taking (request, membership, ...): anonymous visitors go to the login page, people
    outside the cluster get a 404, and the membership is kept on the request for the navigation."""

    @wraps(view)
    @login_required
    def wrapper(request, cluster_slug: str, *args, **kwargs):
        request.membership = access_cluster(request.user, cluster_slug)
        return view(request, request.membership, *args, **kwargs)

    return wrapper


# Coordinators manage every membership of their cluster; member admins only their organisation's staff.
MEMBER_MANAGER_ROLES = frozenset({Role.COORDINATOR, Role.MEMBER_ADMIN})


def require_member_manager(membership: Membership) -> None:
    if membership.role not in MEMBER_MANAGER_ROLES:
        raise PermissionDenied(
            _("Seules la coordination et les administrateurs des structures gèrent les rôles.")
        )


def can_grant(manager: Membership, role: str, organisation) -> bool:
    if manager.role == Role.COORDINATOR:
        return True
    return (
        manager.role == Role.MEMBER_ADMIN
        and role == Role.MEMBER_STAFF
        and organisation is not None
        and organisation.pk == manager.organisation_id
    )


def require_can_grant(manager: Membership, role: str, organisation) -> None:
    if not can_grant(manager, role, organisation):
        raise PermissionDenied(_("Vous ne pouvez donner que le rôle de salarié de votre propre structure."))


def can_manage_membership(manager: Membership, target: Membership) -> bool:
    if target.cluster_id != manager.cluster_id:
        return False
    return can_grant(manager, target.role, target.organisation)


def access_membership(manager: Membership, membership_id: int) -> Membership:
    """A membership the manager may change. Those the manager cannot even list answer 404, like missing ones;
    those listed but out of reach (a member admin's colleague admin) answer 403."""
    require_member_manager(manager)
    target = (
        Membership.objects.select_related("user", "organisation", "cluster")
        .filter(cluster=manager.cluster, pk=membership_id)
        .first()
    )
    if target is None or not _can_list(manager, target):
        raise Http404(_("Rôle introuvable."))
    if not can_manage_membership(manager, target):
        raise PermissionDenied(_("Vous ne pouvez gérer que les salariés de votre propre structure."))
    return target


def _can_list(manager: Membership, target: Membership) -> bool:
    return manager.role == Role.COORDINATOR or target.organisation_id == manager.organisation_id


def access_erasure_request(membership: Membership, request_id: int) -> ErasureRequest:
    """A pending erasure request of someone holding a role in the coordinator's cluster."""
    require_coordinator(membership)
    erasure_request = erasure_requests_pending(cluster=membership.cluster).filter(pk=request_id).first()
    if erasure_request is None:
        raise Http404(_("Demande introuvable."))
    return erasure_request
