from django.db.models import QuerySet

from .models import ApiToken, ErasureRequest, Membership


def memberships_of_user(*, user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("cluster", "organisation")
        .order_by("cluster__name")
    )


def cluster_members(*, cluster, role: str = "", organisation=None) -> QuerySet[Membership]:
    """The cluster's memberships, optionally only one role's or only one organisation's."""
    members = Membership.objects.filter(cluster=cluster)
    if role:
        members = members.filter(role=role)
    if organisation is not None:
        members = members.filter(organisation=organisation)
    return members.select_related("user", "organisation").order_by("user__email")


def api_tokens_of_user(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def erasure_request_latest(*, user) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=user).order_by("-created_at").first()


def erasure_requests_pending(*, cluster) -> QuerySet[ErasureRequest]:
    """Pending erasure requests of people holding a role in the cluster, oldest first: answer within a month."""
    return (
        ErasureRequest.objects.filter(
            status=ErasureRequest.Status.PENDING, user__memberships__cluster=cluster
        )
        .select_related("user")
        .distinct()
        .order_by("created_at")
    )
