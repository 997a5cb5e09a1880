"""The leases side of the demo: the Dijon cluster's published rent grid, three office leases, two coworking
plans with days used, and the rent calls up to this month. The rates are the demo cluster's own prices; no
index value is recorded, as those must be the ones INSEE published, typed in by the coordinator."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from coursive.accounts.models import Cluster
from coursive.core.months import month_start
from coursive.directory.models import Organisation
from coursive.premises.models import Resource

from .models import CoworkingPlan, Lease, RentGrid, RentReduction
from .rent import to_cents
from .services.calls import rent_calls_generate
from .services.coworking import coworking_plan_create, day_use_record
from .services.leases import lease_create

CLUSTER = "dijon"


@dataclass(frozen=True)
class DemoLease:
    office: str
    tenant: str
    surface: Decimal
    months_ago: int
    founded_on: date
    rent: Decimal | None = None
    reason: str = ""


LEASES = (
    DemoLease("Bureau 1 — rez-de-chaussée", "Compagnie La Mouette", Decimal("18.00"), 14, date(2009, 5, 12)),
    DemoLease("Bureau 2 — premier étage", "Pixel Moutarde", Decimal("24.50"), 5, date(2024, 2, 19)),
    DemoLease(
        "Bureau 3 — sous les combles",
        "Octet Coop",
        Decimal("31.00"),
        2,
        date(2019, 11, 4),
        rent=Decimal("290.00"),
        reason="Combles : hauteur sous plafond réduite sur un tiers de la surface, décision du bureau du pôle.",
    ),
)


@dataclass
class LeasesDemo:
    created_leases: int = 0
    created_plans: int = 0
    rent_calls: int = 0
    created_offices: int = 0


def _grid(cluster: Cluster) -> RentGrid:
    grid, created = RentGrid.objects.get_or_create(
        cluster=cluster,
        valid_from=date(2025, 1, 1),
        defaults={
            "name": "Grille des loyers 2025",
            "rate_per_m2": Decimal("11.50"),
            "charges_per_m2": Decimal("2.20"),
            "vat_rate": Decimal("20.00"),
            "explanation": (
                "Le loyer couvre l'amortissement des travaux du bâtiment et l'entretien des parties communes ; "
                "les charges couvrent le chauffage, l'électricité, la fibre et le ménage. Grille votée par "
                "l'assemblée générale du pôle."
            ),
        },
    )
    if created:
        RentReduction.objects.create(
            grid=grid, label="Jeune structure", criterion="young", percent=Decimal(25), max_age_years=3
        )
        RentReduction.objects.create(
            grid=grid, label="Structure de l'ESS", criterion="ess", percent=Decimal(15)
        )
    return grid


def _office(cluster: Cluster, position: int, name: str, demo: LeasesDemo) -> Resource:
    """The premises demo's offices in name order, or one made here when the premises demo has none."""
    offices = list(Resource.objects.filter(cluster=cluster, kind=Resource.Kind.OFFICE).order_by("name", "pk"))
    named = next((office for office in offices if office.name == name), None)
    if named is not None:
        return named
    if position < len(offices):
        return offices[position]
    demo.created_offices += 1
    return Resource.objects.create(cluster=cluster, kind=Resource.Kind.OFFICE, name=name, location="Dijon")


def _lease(cluster: Cluster, position: int, spec: DemoLease, today: date, demo: LeasesDemo) -> None:
    office = _office(cluster, position, spec.office, demo)
    if Lease.objects.filter(resource=office).exists():
        return
    fields = {
        "surface_m2": spec.surface,
        "starts_on": month_start(today) - relativedelta(months=spec.months_ago),
        "monthly_rent": spec.rent,
        "override_reason": spec.reason,
        "service_charges": None,
        "vat_rate": Decimal("20.00"),
        "deposit": to_cents(Decimal("2") * (spec.rent or spec.surface * Decimal("11.50"))),
        "notice_months": 3,
        "index_kind": "ILAT",
        "reference_index": None,
        "tenant_founded_on": spec.founded_on,
        "notes": "",
    }
    organisation = Organisation.objects.get(cluster=cluster, legal_name=spec.tenant)
    lease_create(cluster=cluster, resource=office, organisation=organisation, fields=fields)
    demo.created_leases += 1


def _plans(cluster: Cluster, today: date, demo: LeasesDemo) -> None:
    if CoworkingPlan.objects.for_cluster(cluster).exists():
        return
    photographer = Organisation.objects.get(cluster=cluster, legal_name="Marion Texier")
    illustrator = Organisation.objects.get(cluster=cluster, legal_name="Léa Brunet")
    pack_start = today - relativedelta(days=40)
    pack = coworking_plan_create(
        cluster=cluster,
        organisation=photographer,
        fields={
            "kind": CoworkingPlan.Kind.DAY_PASSES,
            "desks": 1,
            "days_included": 10,
            "price": Decimal("120.00"),
            "vat_rate": Decimal("20.00"),
            "starts_on": pack_start,
            "ends_on": pack_start + relativedelta(months=6),
            "notes": "Carnet de 10 journées, valable six mois.",
        },
    )
    for offset in (3, 10, 17, 24):
        day = pack_start + relativedelta(days=offset)
        day_use_record(plan=pack, day=day, person_name="Marion Texier")
    coworking_plan_create(
        cluster=cluster,
        organisation=illustrator,
        fields={
            "kind": CoworkingPlan.Kind.MONTHLY_DESK,
            "desks": 1,
            "days_included": None,
            "price": Decimal("180.00"),
            "vat_rate": Decimal("20.00"),
            "starts_on": month_start(today) - relativedelta(months=3),
            "ends_on": None,
            "notes": "Poste fixe près de la fenêtre.",
        },
    )
    demo.created_plans += 2


@transaction.atomic
def leases_demo_load() -> LeasesDemo:
    """Idempotent: existing leases and plans are kept; rent calls already generated are skipped."""
    cluster = Cluster.objects.get(slug=CLUSTER)
    today = timezone.localdate()
    demo = LeasesDemo()
    _grid(cluster)
    for position, spec in enumerate(LEASES):
        _lease(cluster, position, spec, today, demo)
    _plans(cluster, today, demo)
    first = min(Lease.objects.for_cluster(cluster).values_list("starts_on", flat=True), default=today)
    month = month_start(first)
    while month <= today:
        demo.rent_calls += len(rent_calls_generate(cluster=cluster, month=month))
        month += relativedelta(months=1)
    return demo
