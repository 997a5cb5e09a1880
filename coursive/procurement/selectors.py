"""Reads of the procurement app."""

from django.db.models import QuerySet

from coursive.accounts.models import Cluster

from .models import ImportRun


def import_runs_recent(*, cluster: Cluster, limit: int = 30) -> QuerySet[ImportRun]:
    """The cluster's latest uploads, newest first, without their error lists (loaded on a run's own page)."""
    return (
        ImportRun.objects.filter(cluster=cluster)
        .select_related("uploaded_by")
        .defer("errors", "warnings")
        .order_by("-created_at", "-pk")[:limit]
    )
