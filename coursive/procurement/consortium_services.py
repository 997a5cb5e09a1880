"""Writes of the consortium builder: a cluster declaring, or withdrawing, the sharing of its watch."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coursive.accounts.models import Cluster, User

from .models import WatchSharing


def watch_sharing_declare(*, cluster: Cluster, partner_cluster: Cluster, user: User | None) -> WatchSharing:
    """Idempotent: declaring twice keeps the first declaration."""
    if partner_cluster.pk == cluster.pk:
        raise ValidationError(_("Un pôle ne peut pas partager sa veille avec lui-même."))
    sharing, _created = WatchSharing.objects.get_or_create(
        cluster=cluster, partner_cluster=partner_cluster, defaults={"created_by": user}
    )
    return sharing


def watch_sharing_withdraw(*, cluster: Cluster, partner_cluster: Cluster) -> bool:
    """Ends the sharing for both clusters; False when the cluster had not declared it."""
    deleted, _details = WatchSharing.objects.filter(cluster=cluster, partner_cluster=partner_cluster).delete()
    return bool(deleted)
