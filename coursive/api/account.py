from ninja import Router

from coursive.accounts.selectors import memberships_of_user

from .schemas import ClusterOut, ErrorOut, MeOut

router = Router()


@router.get(
    "/me",
    response={200: MeOut, 401: ErrorOut},
    tags=["Compte"],
    summary="Mon compte",
    description="L'utilisateur connecté et ses rôles dans chaque pôle.",
)
def me(request):
    user = request.auth
    return {"email": user.email, "full_name": user.full_name, "memberships": memberships_of_user(user=user)}


@router.get(
    "/clusters",
    response={200: list[ClusterOut], 401: ErrorOut},
    tags=["Pôles"],
    summary="Mes pôles",
    description="Les pôles dont l'utilisateur fait partie.",
)
def cluster_list(request):
    return [membership.cluster for membership in memberships_of_user(user=request.auth)]
