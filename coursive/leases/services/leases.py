"""Writes of a lease: its creation at the grid's rent or a stated other one, and its end."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from coursive.core.dates import check_days_in_range
from coursive.directory.models import Organisation
from coursive.premises.models import Resource

from ..models import ZERO, Lease
from ..selectors import grid_in_force, lease_breakdown
from .checks import check_not_negative, check_vat_rate, full_clean

LEASE_AMOUNTS = ("surface_m2", "monthly_rent", "service_charges", "deposit")


def _check_lease_input(*, cluster, resource: Resource, organisation: Organisation, fields: dict) -> None:
    if resource.cluster_id != cluster.pk or organisation.cluster_id != cluster.pk:
        raise ValidationError(_("Ce bureau ou cette structure n'appartient pas à ce pôle."))
    if resource.kind != Resource.Kind.OFFICE:
        raise ValidationError({"resource": _("Seul un bureau se loue par bail.")})
    check_days_in_range(**{name: fields.get(name) for name in ("starts_on", "ends_on", "tenant_founded_on")})
    check_not_negative(fields, LEASE_AMOUNTS)
    check_vat_rate(fields)
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
    full_clean(lease, exclude=("grid_rent",))
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
