"""The group-purchasing side of the demo, loaded by `manage.py demo_purchasing` after `demo_load` (and
`demo_invoicing`): in the Dijon cluster, a closed campaign of recycled paper ordered from a regional ESS
supplier, with its members' shares and draft invoices, and an open campaign of reusable event cups.

Suppliers, their SIRETs, prices and offers are invented (e-mails on the reserved `.example` domain); the
communes and postcodes are real. Every record goes through the services, with the dates of a campaign held
last spring, so the demo obeys the same rules as real use. Running it again changes nothing."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from coursive.accounts.models import Cluster, Membership, Role
from coursive.directory.demo import demo_siret
from coursive.directory.models import Organisation

from . import services
from .models import Campaign, Supplier

PARIS = ZoneInfo("Europe/Paris")
D = Decimal
CLUSTER = "dijon"
HUB = "Le Hangar Commun, 1 chemin du Canal, 21370 Plombières-lès-Dijon (accès par la cour, du lundi au vendredi de 9 h à 17 h)"


@dataclass(frozen=True)
class DemoSupplier:
    name: str
    postcode: str
    commune: str
    is_ess: bool
    labels: str
    domain: str


@dataclass(frozen=True)
class DemoOffer:
    supplier: str
    product: str
    tiers: tuple[tuple[str, str], ...]
    recycled_percent: int
    delivery_fee: str
    notes: str


SUPPLIERS = (
    DemoSupplier(
        "Papeterie Coopérative de Bourgogne",
        "21200",
        "Beaune",
        True,
        "Ecolabel européen, FSC Recyclé",
        "papeterie-cooperative-bourgogne.example",
    ),
    DemoSupplier("Bureau Express Distribution", "93200", "Saint-Denis", False, "", "bureau-express.example"),
    DemoSupplier(
        "Atelier Réemploi du Val de Saône",
        "71100",
        "Chalon-sur-Saône",
        True,
        "Entreprise d'insertion conventionnée",
        "reemploi-val-de-saone.example",
    ),
    DemoSupplier(
        "Gobelets de France Distribution", "69007", "Lyon", False, "", "gobelets-distribution.example"
    ),
)

PAPER = {
    "title": "Papier recyclé — commande groupée du printemps 2026",
    "item": "Papier d'impression A4 80 g/m² 100 % recyclé, ramettes de 500 feuilles",
    "description": "Blancheur CIE 150 au moins, compatible imprimantes laser et jet d'encre, emballage carton.",
    "nature": "goods",
    "unit": "ramette",
    "vat_rate": D("20.00"),
    "delivery_address": HUB,
}
PAPER_OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)
PAPER_DEADLINE = datetime(2026, 3, 20, 18, 0, tzinfo=PARIS)
PAPER_CLOSED = datetime(2026, 3, 21, 9, 0, tzinfo=PARIS)
PAPER_OFFERS = (
    DemoOffer(
        "Papeterie Coopérative de Bourgogne",
        "Ramette A4 80 g recyclée « Côte » (Ecolabel européen)",
        (("20", "5.90"), ("100", "5.20"), ("250", "4.75"), ("500", "4.40")),
        100,
        "35.00",
        "Livraison sous 8 jours ouvrés en une fois sur palette ; paiement à 30 jours.",
    ),
    DemoOffer(
        "Bureau Express Distribution",
        "Ramette A4 80 g recyclée standard",
        (("10", "5.40"), ("200", "4.60"), ("500", "4.10")),
        100,
        "0.00",
        "Livraison offerte, sous 48 h.",
    ),
)
# (organisation, quantity, highest unit price accepted, days after the opening it was declared)
PAPER_NEEDS = (
    ("Compagnie La Mouette", "40", None, 2),
    ("Studio Grand Angle", "25", None, 3),
    ("Atelier Contre-Forme", "60", None, 3),
    ("Éditions du Lavoir", "80", "5.00", 5),
    ("Octet Coop", "30", None, 8),
    ("Association Traverses", "45", "5.00", 9),
    ("Pixel Moutarde", "15", None, 10),
    ("Le Hangar Commun", "20", None, 12),
    ("Association Les Nuits de la Chouette", "35", None, 15),
)

CUPS = {
    "title": "Gobelets réutilisables pour les événements de l'été 2027",
    "item": "Gobelets réutilisables 25 cl en polypropylène, marquage du pôle une couleur",
    "description": "Gobelets lavables en machine, graduation 25 cl, marquage commun « Pôle Coursive Dijon » "
    "pour les faire circuler d'un événement à l'autre ; consigne gérée par chaque structure.",
    "nature": "goods",
    "unit": "gobelet",
    "vat_rate": D("20.00"),
    "delivery_address": HUB,
    "weight_local": 30,
    "weight_ess": 30,
    "weight_label": 10,
    "weight_recycled": 30,
}
CUPS_OFFERS = (
    DemoOffer(
        "Atelier Réemploi du Val de Saône",
        "Gobelet 25 cl, 60 % de polypropylène recyclé, fabriqué et marqué à Chalon-sur-Saône",
        (("500", "0.95"), ("2000", "0.78"), ("5000", "0.64")),
        60,
        "25.00",
        "Fabrication sous trois semaines après commande ; reprise des gobelets abîmés pour recyclage.",
    ),
    DemoOffer(
        "Gobelets de France Distribution",
        "Gobelet 25 cl polypropylène vierge, marquage une couleur",
        (("1000", "0.72"), ("5000", "0.55")),
        0,
        "0.00",
        "Fabrication hors de France ; délai de six semaines.",
    ),
)
CUPS_NEEDS = (
    ("Association Les Nuits de la Chouette", "1500", "0.90"),
    ("Le Hangar Commun", "800", None),
    ("Lumen et Décibel", "400", None),
)


@transaction.atomic
def purchasing_demo_load() -> tuple[Campaign, Campaign]:
    cluster = Cluster.objects.get(slug=CLUSTER)
    coordinator = _coordinator(cluster)
    suppliers = {demo.name: _supplier_sync(cluster, demo) for demo in SUPPLIERS}
    paper = _paper_campaign(cluster, coordinator, suppliers)
    cups = _cups_campaign(cluster, coordinator, suppliers)
    return paper, cups


def _coordinator(cluster):
    membership = (
        Membership.objects.filter(cluster=cluster, role=Role.COORDINATOR).select_related("user").first()
    )
    return membership.user if membership else None


def _supplier_sync(cluster, demo: DemoSupplier) -> Supplier:
    siret = demo_siret(demo.name)
    existing = Supplier.objects.filter(cluster=cluster, siret=siret).first()
    if existing:
        return existing
    fields = {
        "name": demo.name,
        "siret": siret,
        "postcode": demo.postcode,
        "commune": demo.commune,
        "is_ess": demo.is_ess,
        "labels": demo.labels,
        "email": f"commandes@{demo.domain}",
        "website": f"https://www.{demo.domain}",
    }
    return services.supplier_save(cluster=cluster, fields=fields)


def _organisation(cluster, name: str) -> Organisation:
    return Organisation.objects.get(cluster=cluster, legal_name=name)


def _admin_of(organisation):
    membership = Membership.objects.filter(organisation=organisation, role=Role.MEMBER_ADMIN).first()
    return membership.user if membership else None


def _add_offers(campaign, suppliers, offers: tuple[DemoOffer, ...]) -> None:
    for demo in offers:
        services.offer_save(
            campaign=campaign,
            supplier=suppliers[demo.supplier],
            fields={
                "product": demo.product,
                "recycled_percent": demo.recycled_percent,
                "delivery_fee": D(demo.delivery_fee),
                "notes": demo.notes,
            },
            tiers=[(D(q), D(p)) for q, p in demo.tiers],
        )


def _paper_campaign(cluster, coordinator, suppliers) -> Campaign:
    """Last spring's campaign, replayed through the services at the dates it ran, then closed."""
    campaign = Campaign.objects.filter(cluster=cluster, title=PAPER["title"]).first()
    if campaign is None:
        campaign = services.campaign_create(
            cluster=cluster,
            fields={**PAPER, "deadline": PAPER_DEADLINE},
            created_by=coordinator,
            now=PAPER_OPENED,
            notify=False,
        )
        _add_offers(campaign, suppliers, PAPER_OFFERS)
        for name, quantity, max_price, day in PAPER_NEEDS:
            organisation = _organisation(cluster, name)
            services.need_save(
                campaign=campaign,
                organisation=organisation,
                quantity=D(quantity),
                max_unit_price=D(max_price) if max_price else None,
                declared_by=_admin_of(organisation),
                now=PAPER_OPENED + timedelta(days=day),
            )
    # Closing again only drafts an invoice that went missing: the demo stays as it is.
    return services.campaign_close(campaign=campaign, now=PAPER_CLOSED, by=coordinator, notify=False)


def _cups_campaign(cluster, coordinator, suppliers) -> Campaign:
    """Open three weeks from the first load; Compagnie La Mouette has not declared yet, so its demo admin
    can try."""
    campaign = Campaign.objects.filter(cluster=cluster, title=CUPS["title"]).first()
    if campaign is not None:
        return campaign
    deadline = timezone.localtime(timezone.now(), PARIS).replace(hour=18, minute=0, second=0, microsecond=0)
    campaign = services.campaign_create(
        cluster=cluster,
        fields={**CUPS, "deadline": deadline + timedelta(days=21)},
        created_by=coordinator,
        notify=False,
    )
    _add_offers(campaign, suppliers, CUPS_OFFERS)
    for name, quantity, max_price in CUPS_NEEDS:
        organisation = _organisation(cluster, name)
        services.need_save(
            campaign=campaign,
            organisation=organisation,
            quantity=D(quantity),
            max_unit_price=D(max_price) if max_price else None,
            declared_by=_admin_of(organisation),
        )
    return campaign
