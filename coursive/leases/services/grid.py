"""Writes of the rent grid: the rates the cluster publishes and the reductions it grants."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coursive.core.dates import check_days_in_range

from ..models import RentGrid, RentReduction
from ..rent import HUNDRED
from .checks import check_not_negative, check_vat_rate, full_clean


@transaction.atomic
def rent_grid_save(*, cluster, fields: dict, grid: RentGrid | None = None) -> RentGrid:
    """Creates or changes a grid. A grid already used by a lease keeps its rates: signed rents were
    computed with them, so the coordinator publishes a new grid instead."""
    check_days_in_range(valid_from=fields.get("valid_from"))
    check_not_negative(fields, ("rate_per_m2", "charges_per_m2"))
    check_vat_rate(fields)
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
    full_clean(grid)
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
