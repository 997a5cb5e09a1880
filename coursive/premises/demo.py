"""The demo building of each demo cluster: offices, rooms, studios, coworking desks, the shared kitchen, a van
and sound, light and video equipment (some owned by a member), with their rules and a few weeks of bookings.

Idempotent: resources are matched by name and brought back to these values; bookings are only added to a
demo building that has none, so a second run changes nothing. Every name is fictional; prices are examples a
cluster would set itself, not published figures.
"""

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from coursive.accounts.models import Cluster, Membership, Role
from coursive.directory.models import Organisation

from . import manage_services, services
from .calendar import local_moment, parse_weekly_hours
from .models import Booking, Closure, CommissionRate, Feature, Qualification, QualificationGrant, Resource

D = Decimal
OFFICE_HOURS = "lun-ven 08:00-20:00\nsam 09:00-13:00"
STUDIO_HOURS = "lun-sam 09:00-23:00"
KITCHEN_HOURS = "lun-sam 06:00-22:00"

FEATURES = {
    "videoprojecteur": "Vidéoprojecteur",
    "ecran-tv": "Écran de visioconférence",
    "sonorisation": "Sonorisation",
    "tableau-blanc": "Tableau blanc",
    "wifi": "Wi-Fi",
    "plancher-danse": "Plancher de danse",
    "cabine-son": "Cabine insonorisée",
    "chambre-froide": "Chambre froide",
}
QUALIFICATIONS = {
    "son": ("Régie son", "Formation interne de deux heures à la console et au patch du studio son."),
    "vehicule": (
        "Conduite de l'utilitaire",
        "Permis B depuis plus de deux ans et prise en main du véhicule.",
    ),
    "haccp": (
        "Hygiène alimentaire (HACCP)",
        "Formation de 14 heures en hygiène alimentaire, attestation fournie.",
    ),
}


@dataclass
class DemoResource:
    name: str
    kind: str
    fields: dict
    features: tuple = ()
    hours: str = OFFICE_HOURS
    qualification: str = ""
    owner: str = ""
    extra: dict = field(default_factory=dict)


def _room(capacity, hour, half, day, ext_hour, ext_half, ext_day, **fields) -> dict:
    return {
        "capacity": capacity,
        "member_hour_price": D(hour) if hour else None,
        "member_half_day_price": D(half),
        "member_day_price": D(day),
        "external_hour_price": D(ext_hour) if ext_hour else None,
        "external_half_day_price": D(ext_half),
        "external_day_price": D(ext_day),
        **fields,
    }


def _equipment(half, day, ext_half, ext_day, *, max_days: int, **fields) -> dict:
    """Portable equipment: one unit, lent by the half-day or the day for up to `max_days`, in whole hours."""
    return _room(
        1,
        None,
        half,
        day,
        None,
        ext_half,
        ext_day,
        min_duration_minutes=240,
        max_duration_minutes=max_days * 24 * 60,
        slot_minutes=60,
        **fields,
    )


def _building(city: str, sound_owner: str, camera_owner: str) -> list[DemoResource]:
    equipment = {"hours": "", "extra": {}}
    return [
        DemoResource(
            "Bureau 1 — rez-de-chaussée",
            "office",
            {
                "capacity": 3,
                "surface_m2": D("18"),
                "is_active": False,
                "location": "Rez-de-chaussée",
                "included": "Mobilier, fibre, chauffage, ménage hebdomadaire.",
                "description": "Bureau loué à l'année à une structure membre (voir les baux).",
            },
        ),
        DemoResource(
            "Bureau 2 — premier étage",
            "office",
            {
                "capacity": 4,
                "surface_m2": D("24.5"),
                "is_active": False,
                "location": "1er étage",
                "description": "Bureau loué à l'année à une structure membre.",
            },
        ),
        DemoResource(
            "Bureau 3 — sous les combles",
            "office",
            {
                "capacity": 4,
                "surface_m2": D("31"),
                "is_active": False,
                "location": "2e étage (combles)",
                "accessibility_notes": "Sans ascenseur ; hauteur sous plafond réduite sur un tiers de la surface.",
                "description": "Bureau loué à l'année à une structure membre.",
            },
        ),
        DemoResource(
            "Bureau de passage",
            "office",
            _room(
                2,
                None,
                "18",
                "30",
                None,
                "35",
                "60",
                location="1er étage",
                min_duration_minutes=240,
                max_duration_minutes=720,
                slot_minutes=60,
            ),
            ("wifi",),
        ),
        *[
            DemoResource(
                f"Poste coworking {n}",
                "coworking_desk",
                _room(
                    1,
                    None,
                    "8",
                    "14",
                    None,
                    "12",
                    "20",
                    location="Plateau du rez-de-chaussée",
                    min_duration_minutes=240,
                    max_duration_minutes=720,
                    slot_minutes=60,
                    open_to_residents=True,
                    open_to_external=True,
                ),
                ("wifi",),
            )
            for n in range(1, 5)
        ],
        DemoResource(
            f"Salle {city}",
            "meeting_room",
            _room(
                14,
                "15",
                "45",
                "80",
                "30",
                "90",
                "160",
                location="Rez-de-chaussée",
                open_to_external=True,
                open_to_residents=True,
                accessibility_notes="De plain-pied, boucle magnétique, toilettes accessibles à côté.",
            ),
            ("videoprojecteur", "ecran-tv", "wifi", "tableau-blanc"),
        ),
        DemoResource(
            "Petite salle",
            "meeting_room",
            _room(
                6,
                "8",
                "24",
                "40",
                "15",
                "45",
                "80",
                location="1er étage",
                accessibility_notes="1er étage avec ascenseur.",
            ),
            ("tableau-blanc", "wifi"),
        ),
        DemoResource(
            "Studio de répétition",
            "studio",
            _room(
                20,
                "12",
                "40",
                "70",
                "25",
                "80",
                "140",
                location="Sous-sol",
                max_duration_minutes=840,
                free_cancellation_hours=72,
                accessibility_notes="Accès par monte-charge, prévenir la coordination.",
            ),
            ("plancher-danse", "sonorisation"),
            hours=STUDIO_HOURS,
        ),
        DemoResource(
            "Studio son",
            "studio",
            _room(
                4,
                "18",
                "60",
                "100",
                "35",
                "120",
                "200",
                location="Sous-sol",
                max_duration_minutes=720,
                needs_approval=True,
            ),
            ("cabine-son",),
            hours=STUDIO_HOURS,
            qualification="son",
        ),
        DemoResource(
            "Cuisine partagée",
            "kitchen",
            _room(
                6,
                "10",
                "35",
                "60",
                "20",
                "70",
                "120",
                location="Rez-de-chaussée, cour",
                min_duration_minutes=120,
                max_duration_minutes=960,
                included="Piano de cuisson, four mixte, cellule de refroidissement, plonge, chambre froide.",
            ),
            ("chambre-froide",),
            hours=KITCHEN_HOURS,
            qualification="haccp",
        ),
        DemoResource(
            "Renault Kangoo utilitaire",
            "vehicle",
            _room(
                2,
                None,
                "25",
                "45",
                None,
                "45",
                "75",
                location="Parking de la cour",
                inventory_number="VEH-001",
                serial_number="VF1FW0ZBC12345678",
                value=D("9800"),
                condition="good",
                min_duration_minutes=240,
                max_duration_minutes=7 * 24 * 60,
                slot_minutes=60,
                deposit=D("500"),
                horizon_days=120,
                lead_time_hours=24,
            ),
            qualification="vehicule",
            **equipment,
        ),
        DemoResource(
            "Console son Yamaha MG16XU",
            "equipment",
            _equipment(
                "25",
                "40",
                "45",
                "70",
                max_days=5,
                inventory_number="SON-001",
                serial_number="BGXL01234",
                value=D("620"),
                condition="good",
                deposit=D("200"),
                included="Flight-case, câble secteur, clé USB de sauvegarde.",
            ),
            qualification="son",
            **equipment,
        ),
        DemoResource(
            "Kit lumière LED (8 PAR et console DMX)",
            "equipment",
            _equipment(
                "30",
                "50",
                "55",
                "90",
                max_days=5,
                inventory_number="LUM-02",
                value=D("4200"),
                condition="fair",
                deposit=D("600"),
            ),
            owner=sound_owner,
            **equipment,
        ),
        DemoResource(
            "Caméra Sony FX3",
            "equipment",
            _equipment(
                "40",
                "65",
                "80",
                "130",
                max_days=5,
                inventory_number="GA-CAM-03",
                serial_number="5012345",
                value=D("4200"),
                condition="new",
                deposit=D("1000"),
                lead_time_hours=24,
            ),
            owner=camera_owner,
            **equipment,
        ),
        DemoResource(
            "Vidéoprojecteur Epson EB-L630U",
            "equipment",
            _equipment(
                "10",
                "15",
                "20",
                "30",
                max_days=3,
                inventory_number="VID-002",
                serial_number="X7GF0045",
                value=D("2400"),
                condition="good",
                deposit=D("200"),
            ),
            **equipment,
        ),
    ]


BUILDINGS = {
    "dijon": {
        "city": "Bachelard",
        "postcode": "21000",
        "sound_owner": "Lumen et Décibel",
        "camera_owner": "Studio Grand Angle",
    },
    "saint-etienne": {
        "city": "Chavanelle",
        "postcode": "42000",
        "sound_owner": "Collectif Son de Mine",
        "camera_owner": "Studio Manivelle",
    },
}


def demo_premises_load() -> list[tuple[Cluster, int, int]]:
    """(cluster, resources, bookings) for each demo cluster present."""
    loaded = []
    for slug, building in BUILDINGS.items():
        cluster = Cluster.objects.filter(slug=slug).first()
        if cluster is None:
            continue
        with transaction.atomic():
            resources = _building_sync(cluster, building)
            if not Booking.objects.filter(resource__in=resources).exists():
                _bookings_create(cluster, {r.name: r for r in resources})
        loaded.append((cluster, len(resources), Booking.objects.filter(resource__in=resources).count()))
    return loaded


def _coordinator(cluster) -> Membership:
    return (
        Membership.objects.select_related("user", "cluster")
        .filter(cluster=cluster, role=Role.COORDINATOR)
        .first()
    )


def _building_sync(cluster, building) -> list[Resource]:
    coordinator = _coordinator(cluster)
    features = {
        slug: Feature.objects.update_or_create(cluster=cluster, slug=slug, defaults={"name": name})[0]
        for slug, name in FEATURES.items()
    }
    qualifications = {
        key: Qualification.objects.update_or_create(
            cluster=cluster, name=name, defaults={"description": text}
        )[0]
        for key, (name, text) in QUALIFICATIONS.items()
    }
    CommissionRate.objects.get_or_create(
        cluster=cluster,
        valid_from=date(2026, 1, 1),
        defaults={"rate_percent": D("10"), "note": "Décision du conseil d'administration (démonstration)"},
    )
    year = timezone.localdate().year
    Closure.objects.get_or_create(
        cluster=cluster,
        resource=None,
        starts_on=date(year, 12, 24),
        ends_on=date(year, 12, 31),
        defaults={"reason": "Fermeture d'hiver du bâtiment"},
    )
    resources = []
    for demo in _building(building["city"], building["sound_owner"], building["camera_owner"]):
        resource = Resource.objects.filter(cluster=cluster, name=demo.name).first() or Resource(
            cluster=cluster
        )
        # The postcode decides which public holidays close the building (Alsace-Moselle has two more).
        values = {"kind": demo.kind, "name": demo.name, "postcode": building["postcode"], **demo.fields}
        values["required_qualification"] = qualifications.get(demo.qualification)
        values["owner_organisation"] = (
            Organisation.objects.filter(cluster=cluster, legal_name=demo.owner).first()
            if demo.owner
            else None
        )
        for name, value in values.items():
            setattr(resource, name, value)
        resources.append(
            manage_services.resource_save(
                cluster=cluster,
                resource=resource,
                features=[features[slug] for slug in demo.features],
                hours=parse_weekly_hours(demo.hours),
                membership=coordinator,
            )
        )
    _grants_sync(cluster, qualifications, coordinator)
    return resources


def _members(cluster) -> list[Membership]:
    return list(
        Membership.objects.select_related("user", "organisation", "cluster")
        .filter(cluster=cluster, role__in=[Role.MEMBER_ADMIN, Role.MEMBER_STAFF])
        .order_by("organisation__legal_name", "user__email")
    )


def _grants_sync(cluster, qualifications, coordinator) -> None:
    members = _members(cluster)
    for index, member in enumerate(members[:6]):
        key = ("son", "vehicule", "haccp")[index % 3]
        if not QualificationGrant.objects.filter(
            qualification=qualifications[key], user=member.user
        ).exists():
            manage_services.qualification_grant(
                qualification=qualifications[key], user=member.user, membership=coordinator
            )


def _slot(day: date, start: int, end: int):
    return local_moment(day, time(start)), local_moment(day, time(end))


def _try(create, **arguments):
    """Demo bookings land on real dates: one that falls on a holiday or a closure is simply left out."""
    try:
        return create(**arguments)
    except services.BookingError:
        return None


def _bookings_create(cluster, resources: dict[str, Resource]) -> None:
    members, coordinator = _members(cluster), _coordinator(cluster)
    if not members:
        return
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    room = next(r for r in resources.values() if r.name.startswith("Salle ") and r.name != "Petite salle")
    # Eight past weeks of ordinary use, booked a week ahead each time, so the figures have something to show.
    for week in range(-8, 0):
        for offset, (name, start, end) in enumerate(
            [
                (room.name, 9, 12),
                ("Petite salle", 14, 16),
                ("Studio de répétition", 10, 18),
                ("Poste coworking 1", 9, 18),
            ]
        ):
            day = monday + timedelta(weeks=week, days=offset % 5)
            member = members[(week + offset) % len(members)]
            starts_at, ends_at = _slot(day, start, end)
            _try(
                services.booking_create,
                resource=resources[name],
                membership=member,
                starts_at=starts_at,
                ends_at=ends_at,
                title="",
                now=starts_at - timedelta(days=7),
            )
    _upcoming_create(cluster, resources, members, coordinator, monday, room)


def _upcoming_create(cluster, resources, members, coordinator, monday, room) -> None:
    next_week = monday + timedelta(weeks=1)
    first = members[0]
    starts_at, ends_at = _slot(next_week + timedelta(days=1), 10, 12)
    _try(
        services.booking_series_create,
        resource=room,
        membership=first,
        starts_at=starts_at,
        ends_at=ends_at,
        rule="FREQ=WEEKLY;COUNT=3",
        exdates=[],
        title="Comité de pilotage du pôle",
    )
    starts_at, ends_at = _slot(next_week + timedelta(days=2), 14, 17)
    _try(
        services.booking_create,
        resource=resources["Petite salle"],
        membership=members[-1],
        starts_at=starts_at,
        ends_at=ends_at,
        title="Entretiens de recrutement",
        attendees=3,
    )
    starts_at, ends_at = _slot(next_week + timedelta(days=3), 9, 18)
    _try(
        services.booking_create,
        resource=room,
        membership=coordinator,
        starts_at=starts_at,
        ends_at=ends_at,
        customer_name="Office de tourisme (séminaire)",
        title="Séminaire d'équipe",
        attendees=12,
    )
    starts_at, ends_at = _slot(next_week + timedelta(days=4), 8, 12)
    _try(
        services.maintenance_block_create,
        resource=resources["Studio de répétition"],
        membership=coordinator,
        starts_at=starts_at,
        ends_at=ends_at,
        title="Vitrification du parquet",
    )
    for member in members:
        if QualificationGrant.objects.filter(
            user=member.user, qualification__name__startswith="Régie"
        ).exists():
            starts_at, ends_at = _slot(next_week + timedelta(days=1), 14, 19)
            _try(
                services.booking_create,
                resource=resources["Studio son"],
                membership=member,
                starts_at=starts_at,
                ends_at=ends_at,
                title="Enregistrement d'une maquette",
            )
            break
    # Equipment a member owns: the fee is split between the owner and the cluster's commission.
    starts_at, _end = _slot(next_week + timedelta(days=2), 9, 9)
    _try(
        services.booking_create,
        resource=resources["Kit lumière LED (8 PAR et console DMX)"],
        membership=first,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(days=2),
        title="Concert en plein air",
    )
    _kitchen_create(resources["Cuisine partagée"], members, monday)


def _kitchen_create(kitchen, members, monday) -> None:
    cooks = [
        m
        for m in members
        if QualificationGrant.objects.filter(user=m.user, qualification__name__startswith="Hygiène").exists()
    ]
    if not cooks:
        return
    starts_at, ends_at = _slot(monday - timedelta(days=6), 7, 13)
    past = _try(
        services.booking_create,
        resource=kitchen,
        membership=cooks[0],
        starts_at=starts_at,
        ends_at=ends_at,
        title="Préparation d'un buffet",
        attendees=3,
        now=starts_at - timedelta(days=3),
    )
    if past:
        services.hygiene_log_record(
            booking=past,
            membership=cooks[0],
            surfaces_cleaned=True,
            equipment_cleaned=True,
            floor_cleaned=True,
            bins_emptied=True,
            fridge_emptied=False,
            fridge_temperature=D("3.5"),
            freezer_temperature=D("-19"),
            remarks="Deux bacs de sauce étiquetés restent en chambre froide (DLC dans 3 jours).",
        )
    starts_at, ends_at = _slot(monday + timedelta(weeks=1, days=3), 7, 14)
    _try(
        services.booking_create,
        resource=kitchen,
        membership=cooks[-1],
        starts_at=starts_at,
        ends_at=ends_at,
        title="Traiteur pour une première",
        attendees=4,
    )
