"""The document vault: each organisation's administrative documents, for its own members and the
coordination. Files are served through the access check, never from a public media address."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coursive.accounts.access import cluster_view
from coursive.accounts.models import Role
from coursive.directory.models import Organisation

from .access import access_document, access_vault
from .forms import DocumentForm
from .selectors import bid_document_warnings, documents_of, expiring_documents
from .services import document_add, document_remove

NAV = {"nav_section": "documents"}
# The coordinator's overview lists what runs out within this horizon.
SOON = datetime.timedelta(days=45)


@cluster_view
@require_GET
def vault_home(request, membership):
    if membership.role != Role.COORDINATOR:
        if membership.organisation_id is None:
            return render(request, "documents/no_vault.html", NAV)
        return redirect(
            "documents:organisation",
            cluster_slug=membership.cluster.slug,
            organisation_id=membership.organisation_id,
        )
    organisations = list(Organisation.objects.for_cluster(membership.cluster).for_directory())
    today = timezone.localdate()
    context = {
        **NAV,
        "organisations": organisations,
        "warnings": bid_document_warnings(organisations=organisations, on_date=today),
        "expiring": expiring_documents(cluster=membership.cluster, before=today + SOON).filter(
            expires_on__gte=today
        ),
    }
    return render(request, "documents/home.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def organisation_documents(request, membership, organisation_id: int):
    organisation = access_vault(membership, organisation_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            document_add(organisation=organisation, uploaded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Document enregistré dans le coffre-fort."))
            return redirect(
                "documents:organisation",
                cluster_slug=membership.cluster.slug,
                organisation_id=organisation.pk,
            )
    today = timezone.localdate()
    context = {
        **NAV,
        "organisation": organisation,
        "documents": documents_of(organisation),
        "warnings": bid_document_warnings(organisations=[organisation], on_date=today),
        "today": today,
        "soon": today + SOON,
        "form": form,
    }
    return render(request, "documents/organisation.html", context, status=400 if form.errors else 200)


@cluster_view
@require_GET
def document_file(request, membership, organisation_id: int, document_id: int):
    document = access_document(membership, organisation_id, document_id)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file_name)


@cluster_view
@require_POST
def document_delete(request, membership, organisation_id: int, document_id: int):
    document = access_document(membership, organisation_id, document_id)
    document_remove(document=document)
    messages.success(request, _("Document supprimé."))
    return redirect(
        "documents:organisation", cluster_slug=membership.cluster.slug, organisation_id=organisation_id
    )
