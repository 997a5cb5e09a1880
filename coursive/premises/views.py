"""Pages of shared premises and equipment: catalogue, calendars, free-slot search and bookings."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coursive.accounts.access import cluster_view, require_coordinator

from . import agenda, selectors, services
from .access import access_booking, access_resource, shows_booker
from .availability import part_of_day_window
from .calendar import PARIS, local_moment, open_spans
from .forms import (
    BookingForm,
    DecisionForm,
    HygieneLogForm,
    MaintenanceForm,
    PhotoForm,
    RecurringBookingForm,
    SearchForm,
)
from .models import Booking, Resource

NAV = {"nav_section": "premises"}


def _day(request, name: str = "jour") -> date:
    try:
        return date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return timezone.localdate()


def _is_partial(request) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _calendar_context(membership, *, view: str, anchor: date, resources, base_url: str) -> dict:
    resources = list(resources)
    starts_at, ends_at = agenda.window(view, anchor)
    bookings = list(
        selectors.bookings_between(
            cluster=membership.cluster,
            starts_at=starts_at,
            ends_at=ends_at,
            resource_ids=[r.pk for r in resources],
        )
    )
    first, after = agenda.period(view, anchor)
    previous, following = agenda.neighbours(view, anchor)
    context = {
        "view": view,
        "anchor": anchor,
        "first_day": first,
        "last_day": after - timedelta(days=1),
        "base_url": base_url,
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
        "views": agenda.VIEWS,
        "shows_booker": shows_booker(membership),
        # The bookings `access_booking` lets this membership open: the calendar links only those.
        "openable_ids": {
            booking.pk for booking in bookings if services.can_manage_booking(membership, booking)
        },
        "resources": resources,
        "many_resources": len(resources) > 1,
    }
    if view == "jour":
        context |= {"rows": agenda.day_rows(resources, bookings, anchor), "hour_labels": agenda.hour_labels()}
    elif view == "semaine":
        context |= {
            "rows": agenda.week_rows(resources, bookings, first),
            "days": [first + timedelta(days=n) for n in range(7)],
        }
    else:
        context["weeks"] = agenda.month_weeks(bookings, anchor)
    return context


def _view_name(request) -> str:
    view = request.GET.get("vue", "semaine")
    return view if view in agenda.VIEWS else "semaine"


@cluster_view
@require_GET
def home(request, membership):
    resources = selectors.resources_for_cluster(cluster=membership.cluster).filter(is_active=True)
    by_kind = {}
    for resource in resources:
        by_kind.setdefault(resource.get_kind_display(), []).append(resource)
    context = {
        **NAV,
        "by_kind": by_kind,
        "upcoming": selectors.bookings_for_user(membership=membership)
        .active()
        .filter(ends_at__gte=timezone.now(), kind=Booking.Kind.BOOKING)
        .order_by("starts_at")[:10],
        "pending": Booking.objects.for_cluster(membership.cluster)
        .filter(status=Booking.Status.PENDING)
        .select_related("resource", "organisation", "booked_by")
        if membership.is_coordinator
        else [],
        "search_form": SearchForm(initial={"day": timezone.localdate()}, cluster=membership.cluster),
    }
    return render(request, "premises/home.html", context)


@cluster_view
@require_GET
def calendar(request, membership):
    kind = request.GET.get("type", "")
    resources = selectors.resources_for_cluster(cluster=membership.cluster).filter(is_active=True)
    if kind in Resource.Kind.values:
        resources = resources.filter(kind=kind)
    base_url = reverse("premises:calendar", kwargs={"cluster_slug": membership.cluster.slug})
    context = _calendar_context(
        membership, view=_view_name(request), anchor=_day(request), resources=resources, base_url=base_url
    )
    context |= {**NAV, "kind": kind if kind in Resource.Kind.values else "", "kinds": Resource.Kind.choices}
    template = "premises/calendar.html" + ("#calendar" if _is_partial(request) else "")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _feed_url(request, token) -> str | None:
    if token is None:
        return None
    path = reverse("premises:feed", kwargs={"cluster_slug": token.cluster.slug, "token": token.token})
    return request.build_absolute_uri(path)


@cluster_view
@require_GET
def resource_detail(request, membership, resource_id: int):
    resource = access_resource(membership, resource_id)
    base_url = reverse(
        "premises:resource_detail",
        kwargs={"cluster_slug": membership.cluster.slug, "resource_id": resource.pk},
    )
    anchor = _day(request)
    context = _calendar_context(
        membership, view=_view_name(request), anchor=anchor, resources=[resource], base_url=base_url
    )
    if _is_partial(request):
        return render(request, "premises/resource_detail.html#calendar", context)
    schedule = selectors.resource_schedule(resource)
    start = local_moment(anchor, time(9))
    context |= {
        **NAV,
        "resource": resource,
        "schedule_days": [
            (anchor + timedelta(days=n), open_spans(schedule, anchor + timedelta(days=n))) for n in range(7)
        ],
        "form": BookingForm(
            initial={"starts_at": start, "ends_at": start + _default_length(resource)}, membership=membership
        ),
        "feed_url": _feed_url(request, selectors.feed_token(resource=resource))
        if membership.is_coordinator
        else None,
        "can_manage": membership.is_coordinator,
        "photo_form": PhotoForm() if membership.is_coordinator else None,
        "commission_rate": selectors.commission_rate_on(cluster=membership.cluster, day=anchor)
        if resource.owner_organisation_id
        else None,
    }
    return render(request, "premises/resource_detail.html", context)


def _default_length(resource: Resource) -> timedelta:
    """What the form proposes: two hours, or the resource's minimum when it is longer."""
    return max(timedelta(hours=2), timedelta(minutes=resource.min_duration_minutes))


def _aware(value):
    return value if value is None or timezone.is_aware(value) else timezone.make_aware(value, PARIS)


@cluster_view
@require_http_methods(["GET", "POST"])
def booking_new(request, membership, resource_id: int):
    resource = access_resource(membership, resource_id)
    initial = {name: request.GET.get(name) for name in ("starts_at", "ends_at") if request.GET.get(name)}
    form = BookingForm(request.POST or None, initial=initial, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(
                resource=resource, membership=membership, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if booking.status == Booking.Status.PENDING:
                messages.success(request, _("Demande envoyée : la coordination doit la valider."))
            else:
                messages.success(request, _("Réservation confirmée."))
            return redirect(
                "premises:booking_detail", cluster_slug=membership.cluster.slug, booking_id=booking.pk
            )
    context = {
        **NAV,
        "resource": resource,
        "form": form,
        "waiting": _waiting_offer(form),
        "heading": _("Réserver « %(name)s »") % {"name": resource.name},
        "submit_label": _("Réserver"),
    }
    return render(request, "premises/booking_form.html", context, status=400 if form.errors else 200)


def _waiting_offer(form) -> dict | None:
    """When the slot was taken, the page offers to wait for it."""
    if not form.is_bound or not form.errors or not hasattr(form, "cleaned_data"):
        return None
    if not any("liste d'attente" in error for error in form.non_field_errors()):
        return None
    return {"starts_at": form.cleaned_data["starts_at"], "ends_at": form.cleaned_data["ends_at"]}


@cluster_view
@require_http_methods(["GET", "POST"])
def booking_series_new(request, membership, resource_id: int):
    resource = access_resource(membership, resource_id)
    form = RecurringBookingForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            bookings = services.booking_series_create(
                resource=resource, membership=membership, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("%(count)s réservations enregistrées.") % {"count": len(bookings)})
            return redirect("premises:bookings", cluster_slug=membership.cluster.slug)
    context = {
        **NAV,
        "resource": resource,
        "form": form,
        "heading": _("Réservation récurrente de « %(name)s »") % {"name": resource.name},
        "lead": _(
            "Toutes les dates sont vérifiées avant d'enregistrer quoi que ce soit : si l'une ne convient pas, "
            "rien n'est réservé et la liste des dates en conflit s'affiche."
        ),
        "submit_label": _("Réserver toutes les dates"),
    }
    return render(request, "premises/booking_form.html", context, status=400 if form.errors else 200)


@cluster_view
@require_POST
def waiting_list_join(request, membership, resource_id: int):
    resource = access_resource(membership, resource_id)
    try:
        starts_at = _aware(datetime.fromisoformat(request.POST.get("starts_at", "")))
        ends_at = _aware(datetime.fromisoformat(request.POST.get("ends_at", "")))
        services.waiting_list_join(
            resource=resource, membership=membership, starts_at=starts_at, ends_at=ends_at
        )
    except ValueError:
        messages.error(request, _("Créneau illisible : rien n'a été enregistré."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Vous serez prévenu par e-mail si ce créneau se libère."))
    return redirect("premises:resource_detail", cluster_slug=membership.cluster.slug, resource_id=resource.pk)


@cluster_view
@require_http_methods(["GET", "POST"])
def maintenance_new(request, membership, resource_id: int):
    require_coordinator(membership)
    resource = access_resource(membership, resource_id)
    form = MaintenanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.maintenance_block_create(resource=resource, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Créneau de maintenance enregistré."))
            return redirect(
                "premises:resource_detail", cluster_slug=membership.cluster.slug, resource_id=resource.pk
            )
    context = {
        **NAV,
        "resource": resource,
        "form": form,
        "heading": _("Bloquer « %(name)s » pour maintenance") % {"name": resource.name},
        "submit_label": _("Bloquer ce créneau"),
    }
    return render(request, "premises/booking_form.html", context, status=400 if form.errors else 200)


@cluster_view
@require_GET
def search(request, membership):
    form = SearchForm(request.GET or None, cluster=membership.cluster, initial={"day": timezone.localdate()})
    results = None
    if form.is_valid():
        data = form.cleaned_data
        results = selectors.free_slots(
            cluster=membership.cluster,
            window=part_of_day_window(data["day"], data["part"]),
            minimum=form.duration_delta(),
            capacity=data["capacity"],
            feature_slugs=data["features"],
            kind=data["kind"],
            now=timezone.now(),
        )
        prefetch_related_objects([resource for resource, _intervals in results], "features")
    context = {**NAV, "form": form, "results": results}
    template = "premises/search.html" + ("#results" if _is_partial(request) else "")
    return render(request, template, context)


@cluster_view
@require_GET
def bookings(request, membership):
    rows = selectors.bookings_for_user(membership=membership).filter(kind=Booking.Kind.BOOKING)
    show = request.GET.get("afficher", "a-venir")
    if show == "a-venir":
        rows = rows.filter(ends_at__gte=timezone.now())
    rows = rows.select_related("booked_by").order_by("-starts_at" if show == "tout" else "starts_at")[:500]
    context = {**NAV, "rows": rows, "show": show, "query": urlencode({"afficher": show})}
    return render(request, "premises/bookings.html", context)


@cluster_view
@require_GET
def booking_detail(request, membership, booking_id: int):
    booking = access_booking(membership, booking_id)
    resource = booking.resource
    context = {
        **NAV,
        "booking": booking,
        "resource": resource,
        "can_manage": services.can_manage_booking(membership, booking),
        "can_cancel": services.can_manage_booking(membership, booking)
        and booking.is_active
        and booking.ends_at > timezone.now(),
        "free_until": booking.starts_at - timedelta(hours=resource.free_cancellation_hours),
        "decision_form": DecisionForm()
        if membership.is_coordinator and booking.status == "pending"
        else None,
    }
    if resource.kind == Resource.Kind.KITCHEN:
        log = getattr(booking, "hygiene_log", None)
        context |= {
            "previous_log": selectors.previous_hygiene_log(booking=booking),
            "hygiene_log": log,
            "hygiene_form": HygieneLogForm(instance=log),
        }
    return render(request, "premises/booking_detail.html", context)


def _back(membership, booking):
    return redirect("premises:booking_detail", cluster_slug=membership.cluster.slug, booking_id=booking.pk)


@cluster_view
@require_POST
def booking_cancel(request, membership, booking_id: int):
    booking = access_booking(membership, booking_id)
    try:
        booking = services.booking_cancel(booking=booking, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if booking.cancellation_fee_excl_tax:
            messages.warning(
                request,
                _("Réservation annulée. Frais d'annulation tardive : %(fee)s € HT.")
                % {"fee": booking.cancellation_fee_excl_tax},
            )
        else:
            messages.success(request, _("Réservation annulée, sans frais."))
    return _back(membership, booking)


@cluster_view
@require_POST
def booking_series_cancel(request, membership, booking_id: int):
    booking = access_booking(membership, booking_id)
    if booking.series_id is None:
        return _back(membership, booking)
    try:
        count = services.booking_series_cancel(booking=booking, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s réservations de la série annulées.") % {"count": count})
    return _back(membership, booking)


@cluster_view
@require_POST
def booking_decide(request, membership, booking_id: int):
    require_coordinator(membership)
    booking = access_booking(membership, booking_id)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        services.booking_decide(
            booking=booking,
            membership=membership,
            approve=request.POST.get("decision") == "approve",
            note=form.cleaned_data.get("note", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Décision enregistrée."))
    return _back(membership, booking)


@cluster_view
@require_POST
def hygiene_log(request, membership, booking_id: int):
    booking = access_booking(membership, booking_id)
    form = HygieneLogForm(request.POST, instance=getattr(booking, "hygiene_log", None))
    if not form.is_valid():
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
        return _back(membership, booking)
    try:
        services.hygiene_log_record(booking=booking, membership=membership, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Relevé d'hygiène enregistré : le prochain utilisateur le verra."))
    return _back(membership, booking)


@cluster_view
@require_GET
def resource_photo(request, membership, resource_id: int, photo_id: int):
    # Uploaded files are not published by the web server: each one goes through the resource's access check.
    resource = access_resource(membership, resource_id)
    photo = get_object_or_404(resource.photos, pk=photo_id)
    return FileResponse(photo.image.open("rb"))
