"""Loading a cluster for a request: the one gate every cluster page and API call goes through."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Membership, Role


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


def cluster_view(view):
    """Decorates a view taking (request, membership, ...): anonymous visitors go to the login page, people
    outside the cluster get a 404, and the membership is kept on the request for the navigation."""

    @wraps(view)
    @login_required
    def wrapper(request, cluster_slug: str, *args, **kwargs):
        request.membership = access_cluster(request.user, cluster_slug)
        return view(request, request.membership, *args, **kwargs)

    return wrapper
