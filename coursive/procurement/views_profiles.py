"""Capability-profile pages (what an organisation can answer, its references) and a member's opportunities:
the open notices the matching engine puts forward to it, with its reasons."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coursive.accounts.access import cluster_view, require_insider
from coursive.directory.access import access_organisation, can_edit_organisation

from .forms_profiles import (
    CapabilityProfileForm,
    DecpSearchForm,
    OrganisationChoiceForm,
    ReferenceForm,
    with_code_added,
)
from .matching import DEFAULT_THRESHOLD, WEIGHTS
from .matching_selectors import matches_for_organisation
from .profile_selectors import (
    capability_profile_for,
    cpv_codes_labelled,
    cpv_suggestions_for,
    decp_contract_choices,
    profile_reference_of,
)
from .profile_services import (
    capability_profile_update,
    profile_reference_add,
    profile_reference_delete,
    profile_reference_update,
)


def _nav(membership, organisation) -> dict:
    return {"nav_section": "own" if membership.organisation_id == organisation.pk else "directory"}


def _submit(form, service, **arguments) -> bool:
    """Runs the service with a valid form's values; False, with the refusal shown on the form, otherwise."""
    if not form.is_valid():
        return False
    try:
        service(**arguments, **form.service_arguments())
    except ValidationError as error:
        form.add_service_error(error)
        return False
    return True


def _to_profile(membership, organisation, anchor: str = ""):
    response = redirect(
        "procurement:profile", cluster_slug=membership.cluster.slug, organisation_id=organisation.pk
    )
    response["Location"] += anchor
    return response


@cluster_view
@require_GET
def profile_detail(request, membership, organisation_id: int):
    organisation = access_organisation(membership, organisation_id)
    profile = capability_profile_for(organisation)
    context = {
        **_nav(membership, organisation),
        "organisation": organisation,
        "profile": profile,
        "cpv_codes": cpv_codes_labelled(profile.cpv_codes) if profile else [],
        "can_edit": can_edit_organisation(membership, organisation),
    }
    return render(request, "procurement/profile_detail.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def profile_edit(request, membership, organisation_id: int):
    organisation = access_organisation(membership, organisation_id, for_edit=True)
    suggested = request.POST.get("add_cpv", "")
    data = with_code_added(request.POST, suggested) if suggested else request.POST or None
    form = CapabilityProfileForm(data, profile=capability_profile_for(organisation))
    if data and _submit(form, capability_profile_update, organisation=organisation):
        if suggested:
            messages.success(
                request, _("Le code %(code)s a été ajouté à votre profil.") % {"code": suggested}
            )
            return redirect(request.path + "#suggestions")
        messages.success(request, _("Le profil marchés publics a été enregistré."))
        return _to_profile(membership, organisation)
    context = {
        **_nav(membership, organisation),
        "organisation": organisation,
        "form": form,
        "suggestions": cpv_suggestions_for(organisation),
    }
    return render(request, "procurement/profile_form.html", context)


@cluster_view
@require_http_methods(["GET", "POST"])
def reference_add(request, membership, organisation_id: int):
    organisation = access_organisation(membership, organisation_id, for_edit=True)
    return _reference_page(request, membership, organisation, None)


@cluster_view
@require_http_methods(["GET", "POST"])
def reference_edit(request, membership, organisation_id: int, reference_id: int):
    organisation = access_organisation(membership, organisation_id, for_edit=True)
    reference = _reference(organisation, reference_id)
    return _reference_page(request, membership, organisation, reference)


def _reference_page(request, membership, organisation, reference):
    """The reference form, with a search among the DECP kept in the address so a posted choice is found."""
    search = DecpSearchForm(request.GET)
    query = search.cleaned_data["decp"] if search.is_valid() else ""
    contracts = decp_contract_choices(query=query, linked=reference.notice if reference else None)
    form = ReferenceForm(request.POST or None, contracts=contracts, reference=reference)
    service, target = (
        (profile_reference_update, {"reference": reference})
        if reference
        else (profile_reference_add, {"organisation": organisation})
    )
    if request.method == "POST" and _submit(form, service, **target):
        messages.success(request, _("La référence a été enregistrée."))
        return _to_profile(membership, organisation, "#references")
    context = {
        **_nav(membership, organisation),
        "organisation": organisation,
        "reference": reference,
        "search": search,
        "searched": bool(query),
        "form": form,
    }
    return render(request, "procurement/profile_reference_form.html", context)


@cluster_view
@require_POST
def reference_delete(request, membership, organisation_id: int, reference_id: int):
    organisation = access_organisation(membership, organisation_id, for_edit=True)
    reference = _reference(organisation, reference_id)
    profile_reference_delete(reference=reference)
    messages.success(request, _("La référence « %(title)s » a été supprimée.") % {"title": reference.title})
    return _to_profile(membership, organisation, "#references")


def _reference(organisation, reference_id: int):
    reference = profile_reference_of(organisation=organisation, reference_id=reference_id)
    if reference is None:
        raise Http404(_("Référence introuvable."))
    return reference


@cluster_view
@require_GET
def my_matches(request, membership):
    require_insider(membership)
    organisation = _opportunities_organisation(request, membership)
    chooser = None
    if membership.is_coordinator:
        chooser = OrganisationChoiceForm(cluster=membership.cluster, initial={"organisation": organisation})
    context = {
        "nav_section": "opportunities",
        "chooser": chooser,
        "organisation": organisation,
        "opportunities": _opportunities(organisation) if organisation else [],
        "has_profile": organisation is not None and capability_profile_for(organisation) is not None,
        "threshold": DEFAULT_THRESHOLD,
        "weights": WEIGHTS,
    }
    return render(request, "procurement/my_matches.html", context)


def _opportunities_organisation(request, membership):
    """A member's own organisation; for the coordination, the one chosen in the address, if any."""
    if not membership.is_coordinator:
        return access_organisation(membership, membership.organisation_id)
    chosen = request.GET.get("organisation", "")
    return access_organisation(membership, int(chosen)) if chosen.isdigit() else None


def _opportunities(organisation) -> list[tuple]:
    """Each matched notice with the lot its match is about, if any."""
    rows = []
    for notice, match in matches_for_organisation(organisation=organisation):
        lot = next((lot for lot in notice.lots.all() if str(lot.pk) == match.lot_id), None)
        rows.append((notice, lot, match))
    return rows
