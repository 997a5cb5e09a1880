"""Factories for the leases tests. Offices and desks are premises resources, made here with the few fields
the leases need."""

from datetime import date
from decimal import Decimal

import factory

from coursive.accounts.tests.factories import ClusterFactory
from coursive.leases.models import CoworkingPlan, IndexKind, IndexValue, RentGrid, RentReduction
from coursive.premises.models import Resource


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    cluster = factory.SubFactory(ClusterFactory)
    kind = Resource.Kind.OFFICE
    name = factory.Sequence(lambda n: f"Bureau {n + 101}")


class RentGridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RentGrid

    cluster = factory.SubFactory(ClusterFactory)
    name = "Grille 2026"
    valid_from = date(2026, 1, 1)
    rate_per_m2 = Decimal("12.50")
    charges_per_m2 = Decimal("2.00")
    vat_rate = Decimal("20.00")


def grid_with_reductions(cluster, **fields) -> RentGrid:
    grid = RentGridFactory(cluster=cluster, **fields)
    RentReduction.objects.create(
        grid=grid, label="Jeune structure", criterion="young", percent=Decimal(30), max_age_years=3
    )
    RentReduction.objects.create(grid=grid, label="Structure de l'ESS", criterion="ess", percent=Decimal(20))
    return grid


class IndexValueFactory(factory.django.DjangoModelFactory):
    """Index values for tests only: round figures, not INSEE's."""

    class Meta:
        model = IndexValue

    cluster = factory.SubFactory(ClusterFactory)
    kind = IndexKind.ILAT
    year = 2025
    quarter = 1
    value = Decimal("100.00")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoworkingPlan

    cluster = factory.SelfAttribute("organisation.cluster")
    kind = CoworkingPlan.Kind.DAY_PASSES
    days_included = 10
    price = Decimal("150.00")
    starts_on = date(2026, 1, 5)
    ends_on = date(2026, 12, 31)
