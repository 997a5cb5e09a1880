"""Pages where a coordinator uploads a notice file and follows its import, run in the background."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coursive.accounts.access import cluster_view, require_coordinator

from .access import access_import_run
from .forms import ImportUploadForm
from .selectors import import_runs_recent
from .services import import_run_create

NAV = {"nav_section": "procurement"}


@cluster_view
@require_http_methods(["GET", "POST"])
def import_list(request, membership):
    require_coordinator(membership)
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        run = import_run_create(
            cluster=membership.cluster, uploaded_by=request.user, upload=form.cleaned_data["file"]
        )
        messages.success(request, _("Le fichier est reçu : son import se poursuit en arrière-plan."))
        return redirect("procurement:import_run", cluster_slug=membership.cluster.slug, run_id=run.pk)
    context = {**NAV, "form": form, "runs": import_runs_recent(cluster=membership.cluster)}
    return render(request, "procurement/import_list.html", context)


@cluster_view
@require_GET
def import_run(request, membership, run_id: int):
    run = access_import_run(membership, run_id)
    # htmx polls the status part only while the run is going; a restored history entry wants the page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "procurement/import_run.html" + ("#run-status" if partial else "")
    response = render(request, template, {**NAV, "run": run})
    patch_vary_headers(response, ["HX-Request"])
    return response
