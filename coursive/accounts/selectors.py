from .models import Membership


def memberships_of_user(*, user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("cluster", "organisation")
        .order_by("cluster__name")
    )


def cluster_members(*, cluster):
    return (
        Membership.objects.filter(cluster=cluster)
        .select_related("user", "organisation")
        .order_by("user__email")
    )
