"""What the leases pages share: the navigation mark, running a service from a form, the generic form page."""

from django.core.exceptions import ValidationError
from django.shortcuts import render

NAV = {"nav_section": "leases"}


def form_data(request):
    return request.POST if request.method == "POST" else None


def run_form(form, service, **arguments):
    """The service's result for a valid form, or None with the refusal shown on the form."""
    if not form.is_valid():
        return None
    values = form.service_arguments() if hasattr(form, "service_arguments") else form.cleaned_data
    try:
        return service(**arguments, **values)
    except ValidationError as error:
        form.add_service_error(error)
        return None


def form_page(request, form, title: str, back: str, **extra):
    return render(request, "leases/form.html", {**NAV, "form": form, "title": title, "back": back, **extra})
