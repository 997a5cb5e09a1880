"""Who may ask for groupements: the people of member organisations and the coordination, like the watch.
Buyers and residents hold roles in the cluster too, but members' capacities are not theirs to read."""

from django.http import Http404
from django.utils.translation import gettext as _

from coursive.accounts.access import require_coordinator
from coursive.accounts.models import Cluster, Membership


def access_partner_cluster(membership: Membership, cluster_id) -> Cluster:
    """Another cluster of the instance, for the coordination declaring a sharing of its watch."""
    require_coordinator(membership)
    cluster = (
        Cluster.objects.exclude(pk=membership.cluster_id).filter(pk=cluster_id).first()
        if str(cluster_id).isdigit()
        else None
    )
    if cluster is None:
        raise Http404(_("Pôle introuvable."))
    return cluster
