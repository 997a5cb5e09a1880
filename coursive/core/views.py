from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from coursive.accounts.selectors import memberships_of_user


def home(request):
    """The clusters the user belongs to; with a single one, straight to its directory."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    memberships = memberships_of_user(user=request.user)
    if len(memberships) == 1:
        return redirect("directory:list", cluster_slug=memberships[0].cluster.slug)
    return render(request, "core/home.html", {"memberships": memberships})


@never_cache
@require_GET
def health(request):
    """For load balancers: 200 when the app can reach its database, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})
