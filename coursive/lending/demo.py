"""The lending side of the demo, in the Dijon cluster: loans of the shared equipment and of a member's camera,
one returned late with a damage report, one still out and late, and the maintenance history of the sound desk."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from coursive.accounts.models import Cluster, Membership, Role
from coursive.directory.models import Organisation
from coursive.premises.models import Resource

from .models import Loan
from .services import (
    damage_report_update,
    loan_check_in,
    loan_check_out,
    maintenance_complete,
    maintenance_record,
)

CLUSTER = "dijon"


@dataclass(frozen=True)
class DemoItem:
    name: str
    kind: str
    inventory_number: str
    serial_number: str
    value: Decimal
    owner: str = ""


ITEMS = (
    DemoItem("Console son Yamaha MG16XU", Resource.Kind.EQUIPMENT, "SON-001", "BGXL01234", Decimal("620.00")),
    DemoItem(
        "Vidéoprojecteur Epson EB-L630U", Resource.Kind.EQUIPMENT, "VID-002", "X7GF0045", Decimal("2400.00")
    ),
    DemoItem(
        "Renault Kangoo utilitaire", Resource.Kind.VEHICLE, "VEH-001", "VF1FW0ZBC12345678", Decimal("9800.00")
    ),
    DemoItem(
        "Caméra Sony FX3",
        Resource.Kind.EQUIPMENT,
        "GA-CAM-03",
        "5012345",
        Decimal("4200.00"),
        "Studio Grand Angle",
    ),
)


@dataclass
class LendingDemo:
    loans: int = 0
    created_items: int = 0


def _item(cluster: Cluster, spec: DemoItem, demo: LendingDemo) -> Resource:
    """The premises demo's item of that kind and name, or the same item made here when it is missing."""
    item = Resource.objects.filter(cluster=cluster, kind=spec.kind, name=spec.name).first()
    if item is not None:
        return item
    owner = Organisation.objects.get(cluster=cluster, legal_name=spec.owner) if spec.owner else None
    demo.created_items += 1
    return Resource.objects.create(
        cluster=cluster,
        kind=spec.kind,
        name=spec.name,
        owner_organisation=owner,
        inventory_number=spec.inventory_number,
        serial_number=spec.serial_number,
        value=spec.value,
        condition=Resource.Condition.GOOD,
        location="Réserve du rez-de-chaussée",
    )


def _lender(cluster: Cluster, item: Resource):
    memberships = Membership.objects.filter(cluster=cluster).select_related("user")
    if item.owner_organisation_id:
        memberships = memberships.filter(role=Role.MEMBER_ADMIN, organisation_id=item.owner_organisation_id)
    else:
        memberships = memberships.filter(role=Role.COORDINATOR)
    return memberships.order_by("pk").first().user


def _at(days_ago: int, hour: int):
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _loan(item, organisation, name, *, out_days_ago: int, due_in: int, notes: str = ""):
    """A loan checked out in the past, due `due_in` days after it went out."""
    when = _at(out_days_ago, 9)
    return loan_check_out(
        resource=item,
        organisation=organisation,
        borrower_name=name,
        due_on=timezone.localdate(when) + timedelta(days=due_in),
        condition=item.condition or Resource.Condition.GOOD,
        notes=notes,
        checked_out_by=_lender(item.cluster, item),
        now=when,
    )


def _story(cluster: Cluster, items: dict[str, Resource]) -> int:
    org = {o.legal_name: o for o in Organisation.objects.for_cluster(cluster)}
    console, projector = items["SON-001"], items["VID-002"]
    van, camera = items["VEH-001"], items["GA-CAM-03"]
    lender = _lender(cluster, console)
    record = maintenance_record(
        resource=console,
        fields={
            "kind": "servicing",
            "description": "Nettoyage des faders et contrôle des alimentations fantômes",
            "started_on": timezone.localdate() - timedelta(days=60),
            "provider": "Lumen et Décibel",
        },
        recorded_by=lender,
    )
    maintenance_complete(
        record=record,
        completed_on=timezone.localdate() - timedelta(days=58),
        cost=Decimal("85.00"),
        next_due_on=timezone.localdate() + timedelta(days=305),
    )
    loan = _loan(console, org["Compagnie La Mouette"], "Bastien Lacroix", out_days_ago=30, due_in=4)
    loan_check_in(loan=loan, condition="good", checked_in_by=lender, now=_at(26, 18))
    loan = _loan(
        projector, org["Association Les Nuits de la Chouette"], "Antoine Lefort", out_days_ago=21, due_in=3
    )
    loan_check_in(
        loan=loan,
        condition="fair",
        notes="Rendu avec cinq jours de retard, sans sa sacoche.",
        checked_in_by=lender,
        damage_description="Sacoche de transport perdue ; rayure sur le capot supérieur.",
        cost_estimate=Decimal("65.00"),
        now=_at(13, 11),
    )
    damage_report_update(
        report=loan.damages.get(),
        status="assessed",
        cost_estimate=Decimal("65.00"),
        resolution="Sacoche refacturée à la structure ; rayure sans effet sur l'usage.",
    )
    _loan(
        van,
        org["Compagnie La Mouette"],
        "Julien Pernot",
        out_days_ago=6,
        due_in=2,
        notes="Plein fait, 48 210 km.",
    )
    _loan(
        camera,
        org["Pixel Moutarde"],
        "Émilie Tissot",
        out_days_ago=1,
        due_in=5,
        notes="Deux batteries, carte 128 Go.",
    )
    return 4


@transaction.atomic
def lending_demo_load() -> LendingDemo:
    """Idempotent: the loans are written once, when the cluster has none yet."""
    cluster = Cluster.objects.get(slug=CLUSTER)
    demo = LendingDemo()
    items = {spec.inventory_number: _item(cluster, spec, demo) for spec in ITEMS}
    if not Loan.objects.for_cluster(cluster).exists():
        demo.loans = _story(cluster, items)
    return demo
