"""Pages of the member directory: search, organisation pages and their people, history, the cluster's page.
Each view loads its records through an access helper, then hands a form's clean values to a service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from coursive.accounts.access import cluster_view, require_coordinator
from coursive.accounts.services import cluster_update

from .access import (
    access_organisation,
    access_person,
    can_edit_organisation,
    can_see_contacts,
    can_see_history,
    can_set_membership_status,
)
from .forms import ClusterForm, DirectoryFilterForm, OrganisationForm, PersonForm
from .models import MembershipStatus
from .selectors import (
    DIRECTORY_CACHE_SECONDS,
    directory_facets,
    directory_page,
    directory_version,
    organisation_counts_by_status,
    organisation_history,
    organisation_people,
)
from .services import (
    organisation_anonymise_people,
    organisation_create,
    organisation_update,
    person_create,
    person_delete,
    person_update,
)


def _form_data(request):
    return request.POST if request.method == "POST" else None


def _submit(form, service, **arguments):
    """Runs the service with a valid form's values; returns its result, or None with its refusal shown on
    the form."""
    if not form.is_valid():
        return None
    try:
        return service(**arguments, **form.service_arguments())
    except ValidationError as error:
        form.add_service_error(error)
        return None


def _to_organisation(membership, organisation):
    return redirect("directory:detail", cluster_slug=membership.cluster.slug, organisation_id=organisation.pk)


def _nav_section(membership, organisation) -> str:
    return "own" if membership.organisation_id == organisation.pk else "directory"


@cluster_view
@require_GET
def organisation_list(request, membership):
    """The template caches its filters and results under the directory's version (`directory_version`,
    read first), so the form, its facets and the page are lazy: a cached rendering reads none of them."""
    cluster = membership.cluster
    # Three queries over the whole cluster: only to render the filters or check a value picked in one.
    facets = SimpleLazyObject(lambda: directory_facets(cluster=cluster))
    form = SimpleLazyObject(lambda: DirectoryFilterForm(request.GET, facets=facets))
    page = SimpleLazyObject(
        lambda: directory_page(
            cluster=cluster, filters=form.filters(), per_page=form.page_size(), number=request.GET.get("page")
        )
    )
    context = {
        "directory_version": directory_version(cluster=cluster),
        "cache_seconds": DIRECTORY_CACHE_SECONDS,
        "form": form,
        "page": page,
        "page_numbers": SimpleLazyObject(
            lambda: list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
        ),
        "can_create": membership.is_coordinator,
        "nav_section": "directory",
    }
    # htmx asks for the whole page when it restores a history entry it no longer has in its cache.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "directory/organisation_list.html" + ("#results" if partial else "")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@cluster_view
@require_GET
def organisation_detail(request, membership, organisation_id: int):
    organisation = access_organisation(membership, organisation_id)
    insider = can_see_contacts(membership)
    context = {
        "organisation": organisation,
        "people": organisation_people(organisation=organisation, public_only=not insider),
        "insider": insider,
        "can_edit": can_edit_organisation(membership, organisation),
        "can_see_history": can_see_history(membership, organisation),
        "can_anonymise": membership.is_coordinator
        and organisation.membership_status == MembershipStatus.FORMER,
        "nav_section": _nav_section(membership, organisation),
    }
    return render(request, "directory/organisation_detail.html", context)


@cluster_view
def organisation_new(request, membership):
    require_coordinator(membership)
    form = OrganisationForm(_form_data(request), can_set_status=True)
    if request.method == "POST":
        organisation = _submit(form, organisation_create, cluster=membership.cluster, by=request.user)
        if organisation is not None:
            messages.success(request, _("La structure « %(name)s » a été créée.") % {"name": organisation})
            return _to_organisation(membership, organisation)
    context = {"form": form, "organisation": None, "nav_section": "directory"}
    return render(request, "directory/organisation_form.html", context)


@cluster_view
def organisation_edit(request, membership, organisation_id: int):
    organisation = access_organisation(membership, organisation_id, for_edit=True)
    # Kept before the service runs: a refused update leaves its values on the instance, not in the database.
    name = organisation.display_name
    form = OrganisationForm(
        _form_data(request), instance=organisation, can_set_status=can_set_membership_status(membership)
    )
    if request.method == "POST" and _submit(
        form, organisation_update, organisation=organisation, by=request.user
    ):
        messages.success(request, _("La fiche de la structure a été enregistrée."))
        return _to_organisation(membership, organisation)
    context = {
        "form": form,
        "organisation": organisation,
        "organisation_name": name,
        "nav_section": _nav_section(membership, organisation),
    }
    return render(request, "directory/organisation_form.html", context)


@cluster_view
@require_GET
def organisation_history_page(request, membership, organisation_id: int):
    organisation = access_organisation(membership, organisation_id)
    if not can_see_history(membership, organisation):
        raise PermissionDenied(_("Seules la structure elle-même et la coordination voient son historique."))
    context = {
        "organisation": organisation,
        "entries": organisation_history(organisation=organisation),
        "nav_section": _nav_section(membership, organisation),
    }
    return render(request, "directory/organisation_history.html", context)


@cluster_view
def organisation_anonymise(request, membership, organisation_id: int):
    """A confirmation page, then the erasure of a former member's people; its own record stays."""
    require_coordinator(membership)
    organisation = access_organisation(membership, organisation_id)
    if request.method == "POST":
        try:
            count = organisation_anonymise_people(organisation=organisation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            message = ngettext("%(count)d personne anonymisée.", "%(count)d personnes anonymisées.", count)
            messages.success(request, message % {"count": count})
        return _to_organisation(membership, organisation)
    context = {
        "organisation": organisation,
        "people_count": organisation_people(organisation=organisation, public_only=False).count(),
        "is_former": organisation.membership_status == MembershipStatus.FORMER,
        "nav_section": "directory",
    }
    return render(request, "directory/organisation_anonymise.html", context)


@cluster_view
def person_new(request, membership, organisation_id: int):
    organisation = access_organisation(membership, organisation_id, for_edit=True)
    form = PersonForm(_form_data(request))
    if request.method == "POST" and _submit(form, person_create, organisation=organisation):
        messages.success(request, _("La personne a été ajoutée."))
        return _to_organisation(membership, organisation)
    context = {"form": form, "organisation": organisation, "person": None, "nav_section": "directory"}
    return render(request, "directory/person_form.html", context)


@cluster_view
def person_edit(request, membership, person_id: int):
    person = access_person(membership, person_id, for_edit=True)
    form = PersonForm(_form_data(request), instance=person)
    if request.method == "POST" and _submit(form, person_update, person=person):
        messages.success(request, _("La fiche de la personne a été enregistrée."))
        return _after_person_change(membership, person)
    context = {
        "form": form,
        "organisation": person.organisation,
        "person": person,
        "nav_section": "directory",
    }
    return render(request, "directory/person_form.html", context)


@cluster_view
def person_remove(request, membership, person_id: int):
    person = access_person(membership, person_id, for_edit=True)
    if request.method == "POST":
        person_delete(person=person)
        messages.success(request, _("La fiche de %(name)s a été supprimée.") % {"name": person.full_name})
        return _after_person_change(membership, person)
    context = {"person": person, "organisation": person.organisation, "nav_section": "directory"}
    return render(request, "directory/person_confirm_delete.html", context)


def _after_person_change(membership, person):
    if person.organisation is None:
        return redirect("directory:list", cluster_slug=membership.cluster.slug)
    return _to_organisation(membership, person.organisation)


@cluster_view
@require_GET
def cluster_detail(request, membership):
    context = {
        "cluster": membership.cluster,
        "counts": organisation_counts_by_status(cluster=membership.cluster),
        "can_edit": membership.is_coordinator,
        "nav_section": "cluster",
    }
    return render(request, "directory/cluster_detail.html", context)


@cluster_view
def cluster_edit(request, membership):
    require_coordinator(membership)
    cluster = membership.cluster
    form = ClusterForm(_form_data(request), instance=cluster)
    if request.method == "POST" and _submit(form, cluster_update, cluster=cluster):
        messages.success(request, _("La présentation du pôle a été enregistrée."))
        return redirect("directory:cluster", cluster_slug=cluster.slug)
    return render(request, "directory/cluster_form.html", {"form": form, "nav_section": "cluster"})
