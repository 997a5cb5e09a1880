"""Writes of the leases app. Each refuses bad input with a French message naming the field, before writing
anything; each runs in one transaction."""

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.core.dates import check_days_in_range
from coursive.core.months import month_end, month_start
from coursive.directory.models import Organisation
from coursive.invoicing.models import VAT_RATES, Nature
from coursive.invoicing.services import DraftLine, invoice_draft_create
from coursive.premises.models import Booking, Resource

from .models import CoworkingPlan, DayUse, IndexValue, Lease, RentCall, RentGrid, RentReduction, RentRevision
from .rent import HUNDRED, prorata, revised_rent, to_cents
from .selectors import grid_in_force, lease_breakdown, plan_balance, rent_periods

ZERO = Decimal("0.00")


def _check_not_negative(fields: dict, names) -> None:
    errors = {
        name: _("Le montant ne peut pas être négatif.")
        for name in names
        if fields.get(name) is not None and fields[name] < 0
    }
    if errors:
        raise ValidationError(errors)


def _check_vat_rate(fields: dict) -> None:
    rate = fields.get("vat_rate")
    if rate is not None and rate not in VAT_RATES:
        raise ValidationError({"vat_rate": _("Taux de TVA inconnu : choisissez 20, 10, 5,5, 2,1 ou 0 %.")})


def _full_clean(instance, exclude=()) -> None:
    instance.full_clean(exclude=[*exclude, "cluster"], validate_constraints=False)


@transaction.atomic
def rent_grid_save(*, cluster, fields: dict, grid: RentGrid | None = None) -> RentGrid:
    """Creates or changes a grid. A grid already used by a lease keeps its rates: signed rents were
    computed with them, so the coordinator publishes a new grid instead."""
    check_days_in_range(valid_from=fields.get("valid_from"))
    _check_not_negative(fields, ("rate_per_m2", "charges_per_m2"))
    _check_vat_rate(fields)
    if grid is not None and grid.leases.exists() and _rates_change(grid, fields):
        raise ValidationError(
            _(
                "Des baux ont été signés avec cette grille : publiez une nouvelle grille plutôt que de la modifier."
            )
        )
    grid = grid or RentGrid(cluster=cluster)
    for name, value in fields.items():
        setattr(grid, name, value)
    if RentGrid.objects.for_cluster(cluster).filter(valid_from=grid.valid_from).exclude(pk=grid.pk).exists():
        raise ValidationError({"valid_from": _("Une autre grille s'applique déjà à partir de cette date.")})
    _full_clean(grid)
    grid.save()
    return grid


def _rates_change(grid: RentGrid, fields: dict) -> bool:
    rates = ("valid_from", "rate_per_m2", "charges_per_m2", "cumulative")
    return any(name in fields and fields[name] != getattr(grid, name) for name in rates)


@transaction.atomic
def rent_reduction_add(*, grid: RentGrid, label: str, criterion: str, percent: Decimal, max_age_years=None):
    if grid.leases.exists():
        raise ValidationError(_("Des baux ont été signés avec cette grille : publiez-en une nouvelle."))
    if not (0 < percent <= HUNDRED):
        raise ValidationError({"percent": _("La réduction doit être comprise entre 0 et 100 %.")})
    if criterion == RentReduction.Criterion.YOUNG and not max_age_years:
        raise ValidationError({"max_age_years": _("Indiquez jusqu'à quel âge une structure est jeune.")})
    if criterion != RentReduction.Criterion.YOUNG:
        max_age_years = None
    reduction = RentReduction(
        grid=grid, label=label, criterion=criterion, percent=percent, max_age_years=max_age_years
    )
    reduction.full_clean()
    reduction.save()
    return reduction


@transaction.atomic
def rent_reduction_remove(*, reduction: RentReduction) -> None:
    if reduction.grid.leases.exists():
        raise ValidationError(_("Des baux ont été signés avec cette grille : publiez-en une nouvelle."))
    reduction.delete()


def index_value_record(
    *, cluster, kind: str, year: int, quarter: int, value: Decimal, published_on=None, source_url: str = ""
) -> IndexValue:
    """Records a value INSEE published. A value already recorded is never overwritten: a lease may have been
    revised with it."""
    if value is None or value <= 0:
        raise ValidationError({"value": _("La valeur d'un indice est strictement positive.")})
    if IndexValue.objects.for_cluster(cluster).filter(kind=kind, year=year, quarter=quarter).exists():
        raise ValidationError(
            _("La valeur de l'%(kind)s du %(quarter)se trimestre %(year)s est déjà enregistrée.")
            % {"kind": kind, "quarter": quarter, "year": year}
        )
    index = IndexValue(
        cluster=cluster,
        kind=kind,
        year=year,
        quarter=quarter,
        value=value,
        published_on=published_on,
        source_url=source_url,
    )
    _full_clean(index)
    index.save()
    return index


LEASE_AMOUNTS = ("surface_m2", "monthly_rent", "service_charges", "deposit")


def _check_lease_input(*, cluster, resource: Resource, organisation: Organisation, fields: dict) -> None:
    if resource.cluster_id != cluster.pk or organisation.cluster_id != cluster.pk:
        raise ValidationError(_("Ce bureau ou cette structure n'appartient pas à ce pôle."))
    if resource.kind != Resource.Kind.OFFICE:
        raise ValidationError({"resource": _("Seul un bureau se loue par bail.")})
    check_days_in_range(**{name: fields.get(name) for name in ("starts_on", "ends_on", "tenant_founded_on")})
    _check_not_negative(fields, LEASE_AMOUNTS)
    _check_vat_rate(fields)
    if fields["surface_m2"] is None or fields["surface_m2"] <= 0:
        raise ValidationError({"surface_m2": _("Indiquez la surface louée, en m².")})
    if fields.get("ends_on") and fields["ends_on"] < fields["starts_on"]:
        raise ValidationError({"ends_on": _("La fin du bail ne peut pas précéder sa prise d'effet.")})
    reference = fields.get("reference_index")
    if reference is not None and (
        reference.cluster_id != cluster.pk or reference.kind != fields.get("index_kind")
    ):
        raise ValidationError({"reference_index": _("L'indice de référence doit être de l'indice choisi.")})


def _check_no_overlap(*, resource: Resource, starts_on: date, ends_on: date | None, exclude_pk=None) -> None:
    # The office row is locked first, so two leases of the same office are checked one after the other.
    Resource.objects.select_for_update().get(pk=resource.pk)
    leases = Lease.objects.filter(resource=resource).exclude(pk=exclude_pk)
    if ends_on is not None:
        leases = leases.filter(starts_on__lte=ends_on)
    leases = leases.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    clash = leases.select_related("organisation").order_by("starts_on").first()
    if clash is not None:
        raise ValidationError(
            _(
                "Ce bureau est déjà loué à %(tenant)s à partir du %(start)s : les deux baux se chevaucheraient."
            )
            % {"tenant": clash.organisation.display_name, "start": clash.starts_on.strftime("%d/%m/%Y")}
        )


def _set_rent(lease: Lease, fields: dict) -> None:
    """The grid's rent unless the coordinator states why another applies."""
    breakdown = lease_breakdown(lease)
    lease.grid_rent = breakdown.rent if breakdown else None
    chosen = fields.get("monthly_rent")
    if chosen is None:
        if breakdown is None:
            raise ValidationError(
                {"monthly_rent": _("Aucune grille publiée à cette date : indiquez le loyer.")}
            )
        chosen = breakdown.rent
    reason = (fields.get("override_reason") or "").strip()
    if breakdown is not None and chosen != breakdown.rent and not reason:
        raise ValidationError(
            {
                "override_reason": _("Le loyer diffère de la grille (%(rent)s €) : indiquez pourquoi.")
                % {"rent": breakdown.rent}
            }
        )
    if breakdown is None and not reason:
        reason = _("Aucune grille publiée à la prise d'effet.")
    lease.initial_rent = lease.monthly_rent = chosen
    lease.override_reason = reason if chosen != lease.grid_rent else ""
    if fields.get("service_charges") is None:
        lease.service_charges = breakdown.service_charges if breakdown else ZERO


@transaction.atomic
def lease_create(
    *, cluster, resource: Resource, organisation: Organisation, fields: dict, created_by=None
) -> Lease:
    """A lease of an office to a member. `fields`: surface_m2, starts_on, ends_on, monthly_rent (None: the
    grid's), override_reason, service_charges (None: the grid's), vat_rate, deposit, notice_months,
    index_kind, reference_index, tenant_founded_on, notes."""
    _check_lease_input(cluster=cluster, resource=resource, organisation=organisation, fields=fields)
    _check_no_overlap(resource=resource, starts_on=fields["starts_on"], ends_on=fields.get("ends_on"))
    lease = Lease(cluster=cluster, resource=resource, organisation=organisation, created_by=created_by)
    for name, value in fields.items():
        if name not in ("monthly_rent", "service_charges", "override_reason") or value is not None:
            setattr(lease, name, value)
    lease.grid = grid_in_force(cluster=cluster, on=lease.starts_on)
    _set_rent(lease, fields)
    _full_clean(lease, exclude=("grid_rent",))
    lease.save()
    return lease


@transaction.atomic
def lease_terminate(*, lease: Lease, notice_given_on: date, ends_on: date) -> Lease:
    """Records the notice given and the last day of the lease, no sooner than the notice period allows."""
    check_days_in_range(notice_given_on=notice_given_on, ends_on=ends_on)
    lease = Lease.objects.select_for_update().get(pk=lease.pk)
    if ends_on < lease.starts_on:
        raise ValidationError({"ends_on": _("La fin du bail ne peut pas précéder sa prise d'effet.")})
    earliest = notice_given_on + relativedelta(months=lease.notice_months) - relativedelta(days=1)
    if ends_on < earliest:
        raise ValidationError(
            {
                "ends_on": _("Avec %(months)s mois de préavis, le bail ne peut finir avant le %(day)s.")
                % {"months": lease.notice_months, "day": earliest.strftime("%d/%m/%Y")}
            }
        )
    if lease.rent_calls.filter(period_end__gt=ends_on).exists():
        raise ValidationError({"ends_on": _("Des loyers ont déjà été appelés au-delà de cette date.")})
    lease.notice_given_on, lease.ends_on = notice_given_on, ends_on
    lease.save(update_fields=["notice_given_on", "ends_on", "updated_at"])
    return lease


def _check_revision(lease: Lease, new_index: IndexValue, effective_on: date) -> None:
    check_days_in_range(effective_on=effective_on)
    if not lease.index_kind:
        raise ValidationError(_("Ce bail ne prévoit pas de révision indexée."))
    if lease.reference_index is None:
        raise ValidationError(
            {
                "reference_index": _(
                    "Indiquez la valeur de l'indice à la signature du bail : c'est la référence."
                )
            }
        )
    if new_index.cluster_id != lease.cluster_id or new_index.kind != lease.index_kind:
        raise ValidationError(
            {"new_index": _("Le nouvel indice doit être un %(kind)s.") % {"kind": lease.index_kind}}
        )
    reference = lease.reference_index
    if (new_index.year, new_index.quarter) <= (reference.year, reference.quarter):
        raise ValidationError(
            {"new_index": _("Le nouvel indice doit être postérieur à l'indice de référence.")}
        )
    last = lease.revisions.order_by("-effective_on").first()
    earliest = (last.effective_on if last else lease.starts_on) + relativedelta(years=1)
    if effective_on < earliest:
        raise ValidationError(
            {
                "effective_on": _("La révision est annuelle : pas avant le %(day)s.")
                % {"day": earliest.strftime("%d/%m/%Y")}
            }
        )
    if lease.ends_on and effective_on > lease.ends_on:
        raise ValidationError({"effective_on": _("Le bail aura pris fin à cette date.")})


@transaction.atomic
def rent_revise(
    *,
    lease: Lease,
    new_index: IndexValue,
    effective_on: date,
    reference_index: IndexValue | None = None,
    created_by=None,
) -> RentRevision:
    """The yearly revision: rent * new index / reference index; the new index becomes the reference. A lease
    signed before its reference value was published takes it here, at its first revision."""
    lease = Lease.objects.select_for_update(of=("self",)).select_related("reference_index").get(pk=lease.pk)
    if lease.reference_index is None and reference_index is not None:
        if reference_index.cluster_id != lease.cluster_id or reference_index.kind != lease.index_kind:
            raise ValidationError(
                {"reference_index": _("L'indice de référence doit être de l'indice du bail.")}
            )
        lease.reference_index = reference_index
    _check_revision(lease, new_index, effective_on)
    new_rent = revised_rent(
        rent=lease.monthly_rent, reference_index=lease.reference_index.value, new_index=new_index.value
    )
    revision = RentRevision.objects.create(
        lease=lease,
        effective_on=effective_on,
        previous_rent=lease.monthly_rent,
        new_rent=new_rent,
        reference_index=lease.reference_index,
        new_index=new_index,
        created_by=created_by,
    )
    lease.monthly_rent, lease.reference_index = new_rent, new_index
    lease.save(update_fields=["monthly_rent", "reference_index", "updated_at"])
    return revision


PLAN_AMOUNTS = ("price",)


def _check_plan(fields: dict) -> None:
    check_days_in_range(starts_on=fields.get("starts_on"), ends_on=fields.get("ends_on"))
    _check_not_negative(fields, PLAN_AMOUNTS)
    _check_vat_rate(fields)
    if fields.get("ends_on") and fields["ends_on"] < fields["starts_on"]:
        raise ValidationError({"ends_on": _("La fin ne peut pas précéder le début.")})
    if fields["kind"] == CoworkingPlan.Kind.DAY_PASSES and not fields.get("days_included"):
        raise ValidationError({"days_included": _("Indiquez le nombre de journées du carnet.")})


@transaction.atomic
def coworking_plan_create(*, cluster, organisation: Organisation, fields: dict) -> CoworkingPlan:
    """A monthly desk subscription or a pack of day passes. `fields`: kind, desks, days_included, price,
    vat_rate, starts_on, ends_on, notes."""
    if organisation.cluster_id != cluster.pk:
        raise ValidationError(_("Cette structure n'appartient pas à ce pôle."))
    _check_plan(fields)
    plan = CoworkingPlan(cluster=cluster, organisation=organisation, **fields)
    if plan.kind == CoworkingPlan.Kind.MONTHLY_DESK:
        plan.days_included = None
    _full_clean(plan)
    plan.save()
    return plan


def _check_day_use(plan: CoworkingPlan, day: date) -> None:
    check_days_in_range(day=day)
    if plan.kind != CoworkingPlan.Kind.DAY_PASSES:
        raise ValidationError(_("Un poste au mois ne se décompte pas à la journée."))
    if day < plan.starts_on or (plan.ends_on and day > plan.ends_on):
        raise ValidationError({"day": _("Ce jour est hors de la validité du carnet.")})


@transaction.atomic
def day_use_record(
    *, plan: CoworkingPlan, day: date, person_name: str, recorded_by=None, booking=None
) -> DayUse:
    """A day pass consumed, typed in by hand or taken from a coworking-desk booking."""
    _check_day_use(plan, day)
    person_name = person_name.strip()
    if not person_name:
        raise ValidationError({"person_name": _("Indiquez qui a utilisé la journée.")})
    if DayUse.objects.filter(plan=plan, day=day, person_name__iexact=person_name).exists():
        raise ValidationError(_("Cette journée de %(name)s est déjà décomptée.") % {"name": person_name})
    return DayUse.objects.create(
        plan=plan, day=day, person_name=person_name, recorded_by=recorded_by, booking=booking
    )


@transaction.atomic
def day_use_remove(*, day_use: DayUse) -> None:
    day_use.delete()


def _call_amounts(monthly_rent_parts, charges: Decimal, vat_rate: Decimal) -> dict:
    rent = sum(monthly_rent_parts, ZERO)
    total = rent + charges
    vat = to_cents(total * vat_rate / HUNDRED)
    return {
        "rent": rent,
        "service_charges": charges,
        "vat_rate": vat_rate,
        "total_excl_tax": total,
        "vat_amount": vat,
        "total_incl_tax": total + vat,
    }


def _days_in_month(starts_on: date, ends_on: date | None, month: date) -> tuple[date, date]:
    """The first and last days of the month that a lease or a plan running from starts_on to ends_on covers."""
    return max(starts_on, month_start(month)), min(ends_on or month_end(month), month_end(month))


def _lease_call_fields(lease: Lease, month: date) -> dict:
    first, last = _days_in_month(lease.starts_on, lease.ends_on, month)
    parts = []
    for period in rent_periods(lease):
        period_last = period.last_day or last
        parts.append(
            prorata(
                monthly=period.monthly_rent,
                month=month,
                first_day=max(first, period.first_day),
                last_day=min(last, period_last),
            )
        )
    charges = prorata(monthly=lease.service_charges, month=month, first_day=first, last_day=last)
    label = _("Loyer %(month)s — %(office)s") % {
        "month": month.strftime("%m/%Y"),
        "office": lease.resource.name,
    }
    return {
        "period_start": first,
        "period_end": last,
        "label": label,
        **_call_amounts(parts, charges, lease.vat_rate),
    }


def _plan_call_fields(plan: CoworkingPlan, month: date) -> dict:
    if plan.kind == CoworkingPlan.Kind.DAY_PASSES:
        label = _("Carnet de %(days)s journées de coworking") % {"days": plan.days_included}
        return {
            "period_start": plan.starts_on,
            "period_end": plan.ends_on or plan.starts_on,
            "label": label,
            **_call_amounts([plan.price], ZERO, plan.vat_rate),
        }
    first, last = _days_in_month(plan.starts_on, plan.ends_on, month)
    rent = prorata(monthly=plan.price, month=month, first_day=first, last_day=last)
    label = _("Coworking %(month)s — %(desks)s poste(s)") % {
        "month": month.strftime("%m/%Y"),
        "desks": plan.desks,
    }
    return {
        "period_start": first,
        "period_end": last,
        "label": label,
        **_call_amounts([rent], ZERO, plan.vat_rate),
    }


def _plans_due(cluster, month: date):
    start, end = month_start(month), month_end(month)
    plans = CoworkingPlan.objects.for_cluster(cluster).select_related("organisation")
    desks = plans.filter(kind=CoworkingPlan.Kind.MONTHLY_DESK, starts_on__lte=end).exclude(ends_on__lt=start)
    packs = plans.filter(kind=CoworkingPlan.Kind.DAY_PASSES, starts_on__gte=start, starts_on__lte=end)
    return [*desks, *packs]


def _create_call(*, cluster, organisation, month: date, fields: dict, **owner) -> RentCall | None:
    """Creates the call unless it exists; the unique constraint settles two generations running at once."""
    if RentCall.objects.filter(month=month, **owner).exists():
        return None
    try:
        with transaction.atomic():
            return RentCall.objects.create(
                cluster=cluster, organisation=organisation, month=month, **owner, **fields
            )
    except IntegrityError:
        return None


def rent_calls_generate(*, cluster, month: date) -> list[RentCall]:
    """The month's rent calls for every lease and coworking plan running in it. Idempotent: a lease or plan
    already called for the month is skipped, so running it again creates nothing."""
    month = month_start(month)
    created = []
    leases = (
        Lease.objects.for_cluster(cluster).filter(starts_on__lte=month_end(month)).exclude(ends_on__lt=month)
    )
    for lease in leases.select_related("resource", "organisation").prefetch_related("revisions"):
        call = _create_call(
            cluster=cluster,
            organisation=lease.organisation,
            month=month,
            fields=_lease_call_fields(lease, month),
            lease=lease,
        )
        created.extend([call] if call else [])
    for plan in _plans_due(cluster, month):
        call = _create_call(
            cluster=cluster,
            organisation=plan.organisation,
            month=month,
            fields=_plan_call_fields(plan, month),
            plan=plan,
        )
        created.extend([call] if call else [])
    return created


def _pack_for(organisation_id: int, day: date, packs: list[CoworkingPlan]) -> CoworkingPlan | None:
    """The oldest valid pack with days left, else the newest valid one (which then shows an overdraft)."""
    valid = [
        p
        for p in packs
        if p.organisation_id == organisation_id
        and p.starts_on <= day
        and (p.ends_on is None or day <= p.ends_on)
    ]
    with_days = [p for p in valid if plan_balance(p) > 0]
    if with_days:
        return min(with_days, key=lambda p: p.starts_on)
    return max(valid, key=lambda p: p.starts_on, default=None)


def _has_desk(organisation_id: int, day: date, desks: list[CoworkingPlan]) -> bool:
    return any(
        d.organisation_id == organisation_id
        and d.starts_on <= day
        and (d.ends_on is None or day <= d.ends_on)
        for d in desks
    )


def _booking_days(booking: Booking) -> list[date]:
    first = timezone.localtime(booking.starts_at).date()
    last = timezone.localtime(booking.ends_at - timedelta(microseconds=1)).date()
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]


@transaction.atomic
def coworking_consumption_sync(*, cluster, until: date) -> int:
    """Counts a day pass for each day a member organisation's person held a confirmed coworking-desk booking,
    up to `until`. Idempotent: a booking's day is counted once. Organisations with a monthly desk that day
    use no pass. Bookings a plan pays for are marked prepaid, so they are not invoiced again. Returns the
    number of days counted."""
    # The plans are locked first, so two runs count each booking day once; PostgreSQL cannot lock a grouped query.
    list(CoworkingPlan.objects.for_cluster(cluster).select_for_update().values_list("pk", flat=True))
    plans = list(CoworkingPlan.objects.for_cluster(cluster).annotate(days_used=Count("day_uses")))
    packs = [p for p in plans if p.kind == CoworkingPlan.Kind.DAY_PASSES]
    desks = [p for p in plans if p.kind == CoworkingPlan.Kind.MONTHLY_DESK]
    counted = set(
        DayUse.objects.filter(plan__cluster=cluster, booking__isnull=False).values_list("booking_id", "day")
    )
    bookings = Booking.objects.filter(
        cluster=cluster,
        resource__kind=Resource.Kind.COWORKING_DESK,
        status=Booking.Status.CONFIRMED,
        organisation__isnull=False,
        starts_at__date__lte=until,
    ).select_related("booked_by")
    created = 0
    prepaid = set()
    for booking in bookings:
        for day in _booking_days(booking):
            if day > until:
                continue
            if (booking.pk, day) in counted or _has_desk(booking.organisation_id, day, desks):
                prepaid.add(booking.pk)
                continue
            pack = _pack_for(booking.organisation_id, day, packs)
            if pack is None:
                continue
            prepaid.add(booking.pk)
            name = str(booking.booked_by) if booking.booked_by_id else booking.customer_name
            _day_use, new = DayUse.objects.get_or_create(
                plan=pack,
                day=day,
                person_name=name or _("Réservation n° %(pk)s") % {"pk": booking.pk},
                defaults={"booking": booking},
            )
            pack.days_used += int(new)
            created += int(new)
    # The plan pays for these bookings: the month's booking invoice must leave them out.
    Booking.objects.filter(pk__in=prepaid, prepaid=False).update(prepaid=True)
    return created


def _invoice_lines(call: RentCall) -> list[DraftLine]:
    period = _("du %(start)s au %(end)s") % {
        "start": call.period_start.strftime("%d/%m/%Y"),
        "end": call.period_end.strftime("%d/%m/%Y"),
    }
    source = f"leases:rent-call:{call.pk}"
    lines = [
        DraftLine(
            label=f"{call.label} ({period})",
            quantity=Decimal(1),
            unit=_("forfait"),
            unit_price_excl_tax=call.rent,
            vat_rate=call.vat_rate,
            nature=Nature.SERVICES,
            source=source,
        )
    ]
    if call.service_charges:
        lines.append(
            DraftLine(
                label=_("Charges locatives (%(period)s)") % {"period": period},
                quantity=Decimal(1),
                unit=_("forfait"),
                unit_price_excl_tax=call.service_charges,
                vat_rate=call.vat_rate,
                nature=Nature.SERVICES,
                source=source,
            )
        )
    return lines


@transaction.atomic
def rent_call_invoice(*, rent_call: RentCall, created_by=None):
    """Turns a rent call into a draft invoice, once: the call is locked and keeps the invoice."""
    call = RentCall.objects.select_for_update().select_related("organisation", "cluster").get(pk=rent_call.pk)
    if call.invoice_id is not None:
        raise ValidationError(
            _("Cet appel de loyer est déjà facturé (facture %(invoice)s).") % {"invoice": call.invoice}
        )
    invoice = invoice_draft_create(
        cluster=call.cluster,
        customer=call.organisation,
        lines=_invoice_lines(call),
        sale_date=call.period_start,
        created_by=created_by,
    )
    call.invoice = invoice
    call.save(update_fields=["invoice", "updated_at"])
    return invoice


def rent_calls_invoice(*, cluster, month: date, created_by=None) -> int:
    """Draft invoices for the month's calls not invoiced yet; each call in its own transaction."""
    calls = RentCall.objects.for_cluster(cluster).filter(month=month_start(month), invoice__isnull=True)
    for call in calls:
        rent_call_invoice(rent_call=call, created_by=created_by)
    return len(calls)
