"""Shared resources (offices, rooms, studios, desks, kitchen, vehicles, equipment), their booking rules and
bookings. Leases and equipment loans live in the `leases` and `lending` apps, which point at these models."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import Func, Q
from django.utils.translation import gettext_lazy as _

from coursive.core.models import ClusterQuerySet, ClusterScopedModel, TimeStampedModel
from coursive.directory.validators import validate_postcode

from .calendar import human_duration
from .constraints import PostgresExclusionConstraint

ZERO = Decimal("0.00")
PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
MONEY = {"max_digits": 10, "decimal_places": 2}


class TsTzRange(Func):
    """The booked time as a half-open range, so a booking ending at 10:00 and one starting then do not clash."""

    function = "TSTZRANGE"
    output_field = models.Field()


class Feature(ClusterScopedModel):
    """Something a resource offers that people search for: a projector, a sound system, a hearing loop…"""

    name = models.CharField(_("nom"), max_length=80)
    slug = models.SlugField(_("identifiant"), max_length=80)

    class Meta:
        verbose_name = _("équipement inclus")
        verbose_name_plural = _("équipements inclus")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "slug"], name="premises_feature_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name


class Qualification(ClusterScopedModel):
    """A training the coordinator certifies (e.g. "trained on the sound desk"); some resources require it."""

    name = models.CharField(_("nom"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("habilitation")
        verbose_name_plural = _("habilitations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class QualificationGrant(TimeStampedModel):
    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qualifications"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    valid_until = models.DateField(_("valable jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("habilitation accordée")
        verbose_name_plural = _("habilitations accordées")
        constraints = [
            models.UniqueConstraint(fields=["qualification", "user"], name="premises_grant_once_per_user")
        ]


class CommissionRate(ClusterScopedModel):
    """The commission the cluster keeps on fees earned by equipment a member owns, published from a date."""

    rate_percent = models.DecimalField(
        _("commission (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    valid_from = models.DateField(_("applicable à partir du"))
    note = models.CharField(_("décision"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("commission du pôle")
        verbose_name_plural = _("commissions du pôle")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "valid_from"], name="premises_commission_one_per_date")
        ]


class Resource(ClusterScopedModel):
    class Kind(models.TextChoices):
        OFFICE = "office", _("Bureau")
        COWORKING_DESK = "coworking_desk", _("Poste en coworking")
        MEETING_ROOM = "meeting_room", _("Salle de réunion")
        STUDIO = "studio", _("Studio")
        KITCHEN = "kitchen", _("Cuisine partagée")
        VEHICLE = "vehicle", _("Véhicule")
        EQUIPMENT = "equipment", _("Matériel")

    class Condition(models.TextChoices):
        NEW = "new", _("Neuf")
        GOOD = "good", _("Bon état")
        FAIR = "fair", _("État d'usage")
        WORN = "worn", _("Usé")
        OUT_OF_ORDER = "out_of_order", _("Hors service")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    owner_organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_resources",
        verbose_name=_("propriétaire (vide : le pôle)"),
    )
    is_active = models.BooleanField(_("réservable"), default=True)
    capacity = models.PositiveIntegerField(_("capacité (personnes)"), default=1)
    location = models.CharField(_("emplacement"), max_length=200, blank=True)
    # Where the resource is decides its public holidays: Alsace-Moselle keeps two days of its own.
    postcode = models.CharField(
        _("code postal du lieu"),
        max_length=5,
        blank=True,
        validators=[validate_postcode],
        help_text=_(
            "Pour les jours fériés : en Moselle, dans le Bas-Rhin et le Haut-Rhin, le Vendredi saint et le "
            "26 décembre le sont aussi. Vide : jours fériés de la métropole."
        ),
    )
    surface_m2 = models.DecimalField(_("surface (m²)"), max_digits=7, decimal_places=2, null=True, blank=True)
    accessibility_notes = models.TextField(_("accessibilité"), blank=True)
    included = models.TextField(_("ce qui est compris"), blank=True)
    features = models.ManyToManyField(
        Feature, blank=True, related_name="resources", verbose_name=_("équipements")
    )

    inventory_number = models.CharField(_("numéro d'inventaire"), max_length=50, blank=True)
    serial_number = models.CharField(_("numéro de série"), max_length=100, blank=True)
    value = models.DecimalField(_("valeur (€)"), null=True, blank=True, **MONEY)
    condition = models.CharField(_("état"), max_length=20, choices=Condition.choices, blank=True)

    # Who may book: the roles of the cluster's memberships, plus customers from outside booked by the
    # coordinator on their behalf.
    open_to_member_admins = models.BooleanField(_("ouvert aux structures membres"), default=True)
    open_to_member_staff = models.BooleanField(_("ouvert aux salariés des membres"), default=True)
    open_to_residents = models.BooleanField(_("ouvert aux résidents"), default=False)
    open_to_external = models.BooleanField(_("ouvert aux clients extérieurs"), default=False)
    required_qualification = models.ForeignKey(
        Qualification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("habilitation requise"),
    )
    closed_on_public_holidays = models.BooleanField(_("fermé les jours fériés"), default=True)
    min_duration_minutes = models.PositiveIntegerField(_("durée minimale (minutes)"), default=30)
    max_duration_minutes = models.PositiveIntegerField(_("durée maximale (minutes)"), default=600)
    slot_minutes = models.PositiveIntegerField(_("pas de réservation (minutes)"), default=30)
    horizon_days = models.PositiveIntegerField(_("réservable jusqu'à (jours à l'avance)"), default=90)
    lead_time_hours = models.PositiveIntegerField(_("délai de prévenance (heures)"), default=0)
    needs_approval = models.BooleanField(_("validation par la coordination"), default=False)
    free_cancellation_hours = models.PositiveIntegerField(
        _("annulation gratuite jusqu'à (heures avant)"), default=24
    )
    late_cancellation_percent = models.DecimalField(
        _("frais d'annulation tardive (% du prix)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=PERCENT,
    )

    member_hour_price = models.DecimalField(_("tarif membre, heure (HT)"), null=True, blank=True, **MONEY)
    member_half_day_price = models.DecimalField(
        _("tarif membre, demi-journée (HT)"), null=True, blank=True, **MONEY
    )
    member_day_price = models.DecimalField(_("tarif membre, journée (HT)"), null=True, blank=True, **MONEY)
    external_hour_price = models.DecimalField(
        _("tarif extérieur, heure (HT)"), null=True, blank=True, **MONEY
    )
    external_half_day_price = models.DecimalField(
        _("tarif extérieur, demi-journée (HT)"), null=True, blank=True, **MONEY
    )
    external_day_price = models.DecimalField(
        _("tarif extérieur, journée (HT)"), null=True, blank=True, **MONEY
    )
    vat_rate = models.DecimalField(
        _("taux de TVA (%)"), max_digits=5, decimal_places=2, default=Decimal("20.00")
    )
    deposit = models.DecimalField(_("dépôt de garantie (€)"), default=ZERO, **MONEY)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_duration_minutes__lte=models.F("max_duration_minutes")),
                name="premises_resource_min_below_max",
                violation_error_message=_("La durée minimale dépasse la durée maximale."),
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5),
                name="premises_resource_slot_5_min",
                violation_error_message=_("Le pas de réservation est d'au moins 5 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def min_duration_text(self) -> str:
        return human_duration(timedelta(minutes=self.min_duration_minutes))

    @property
    def max_duration_text(self) -> str:
        return human_duration(timedelta(minutes=self.max_duration_minutes))


def resource_photo_path(instance, filename: str) -> str:
    return f"premises/{instance.resource.cluster_id}/{instance.resource_id}/{filename}"


class ResourcePhoto(TimeStampedModel):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=resource_photo_path)
    caption = models.CharField(_("légende"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")


class OpeningHours(models.Model):
    """One opening span of a weekday. A resource without any is open around the clock (vehicles, equipment)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(
        _("jour"),
        choices=[
            (0, _("lundi")),
            (1, _("mardi")),
            (2, _("mercredi")),
            (3, _("jeudi")),
            (4, _("vendredi")),
            (5, _("samedi")),
            (6, _("dimanche")),
        ],
        validators=[MaxValueValidator(6)],
    )
    opens_at = models.TimeField(_("ouverture"))
    closes_at = models.TimeField(_("fermeture"))

    class Meta:
        verbose_name = _("horaire d'ouverture")
        verbose_name_plural = _("horaires d'ouverture")
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="premises_hours_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"


class Closure(ClusterScopedModel):
    """Days a resource, or the whole building when no resource is named, is closed (summer break…)."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, null=True, blank=True, related_name="closures"
    )
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au (inclus)"))
    reason = models.CharField(_("motif"), max_length=200)

    class Meta:
        verbose_name = _("fermeture")
        verbose_name_plural = _("fermetures")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="premises_closure_ordered"
            )
        ]


class BookingSeries(ClusterScopedModel):
    """A recurring booking: its RFC 5545 rule and exception dates, kept to show and cancel it as one."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="series")
    rrule = models.CharField(_("règle de récurrence"), max_length=500)
    exdates = models.TextField(_("dates exclues"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("série de réservations")
        verbose_name_plural = _("séries de réservations")


class BookingQuerySet(ClusterQuerySet):
    def active(self):
        return self.filter(status__in=Booking.ACTIVE_STATUSES)

    def overlapping(self, starts_at, ends_at):
        """Bookings sharing some time with [starts_at, ends_at). On PostgreSQL the test is written as the
        exclusion constraint's range expression, so the constraint's GiST index answers it: two comparisons
        on the columns would scan every booking that started before the end."""
        if connections[self.db].vendor != "postgresql":
            return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

        span = TsTzRange("starts_at", "ends_at", RangeBoundary(), output_field=DateTimeRangeField())
        return self.annotate(span=span).filter(span__overlap=DateTimeTZRange(starts_at, ends_at, "[)"))


class Booking(ClusterScopedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        CONFIRMED = "confirmed", _("Confirmée")
        CANCELLED = "cancelled", _("Annulée")
        REJECTED = "rejected", _("Refusée")

    class Kind(models.TextChoices):
        BOOKING = "booking", _("Réservation")
        MAINTENANCE = "maintenance", _("Maintenance")

    class Rate(models.TextChoices):
        MEMBER = "member", _("Tarif membre")
        EXTERNAL = "external", _("Tarif extérieur")
        NONE = "none", _("Sans frais")

    # A pending request holds its slot until the coordinator decides, like a confirmed booking.
    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED)

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices, default=Kind.BOOKING)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("structure"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("réservé par"),
    )
    customer_name = models.CharField(_("client extérieur"), max_length=200, blank=True)
    title = models.CharField(_("objet"), max_length=200, blank=True)
    attendees = models.PositiveIntegerField(_("participants"), default=1)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    series = models.ForeignKey(
        BookingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )

    rate = models.CharField(_("tarif"), max_length=10, choices=Rate.choices, default=Rate.MEMBER)
    amount_excl_tax = models.DecimalField(_("montant HT"), default=ZERO, **MONEY)
    vat_rate = models.DecimalField(_("taux de TVA (%)"), max_digits=5, decimal_places=2, default=ZERO)
    vat_amount = models.DecimalField(_("TVA"), default=ZERO, **MONEY)
    deposit_amount = models.DecimalField(_("dépôt de garantie"), default=ZERO, **MONEY)
    # For equipment a member owns: what the owner is credited and what the cluster keeps, fixed at booking.
    commission_rate = models.DecimalField(_("commission (%)"), max_digits=5, decimal_places=2, default=ZERO)
    commission_excl_tax = models.DecimalField(_("commission du pôle HT"), default=ZERO, **MONEY)
    owner_share_excl_tax = models.DecimalField(_("part du propriétaire HT"), default=ZERO, **MONEY)
    cancellation_fee_excl_tax = models.DecimalField(_("frais d'annulation HT"), default=ZERO, **MONEY)
    # Set by the coworking plans (leases) when a day pass or a monthly desk already pays for the booking, so
    # the month's invoicing does not charge it a second time.
    prepaid = models.BooleanField(_("payée par un forfait de coworking"), default=False)
    # Set when the booking (or its late-cancellation fee) is put on an invoice, so it is never invoiced twice;
    # a deleted draft frees it again, an issued invoice is never deleted.
    invoice = models.ForeignKey(
        "invoicing.Invoice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("facture"),
    )

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decision_note = models.CharField(_("motif de la décision"), max_length=300, blank=True)
    decision_notified_at = models.DateTimeField(_("décision envoyée le"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["resource", "starts_at", "ends_at"], name="premises_booking_span")]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="premises_booking_ordered"
            ),
            PostgresExclusionConstraint(
                name="premises_booking_no_overlap",
                expressions=[
                    ("resource", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=["pending", "confirmed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} — {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def amount_incl_tax(self) -> Decimal:
        return self.amount_excl_tax + self.vat_amount

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class HygieneLog(TimeStampedModel):
    """The shared kitchen's log for one booking, filled by its user and shown to the next one (HACCP)."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="hygiene_log")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    surfaces_cleaned = models.BooleanField(_("plans de travail nettoyés et désinfectés"), default=False)
    equipment_cleaned = models.BooleanField(_("matériel et ustensiles lavés et rangés"), default=False)
    floor_cleaned = models.BooleanField(_("sol nettoyé"), default=False)
    bins_emptied = models.BooleanField(_("poubelles vidées"), default=False)
    fridge_emptied = models.BooleanField(_("réfrigérateur débarrassé des denrées"), default=False)
    fridge_temperature = models.DecimalField(
        _("température du réfrigérateur (°C)"), max_digits=4, decimal_places=1
    )
    freezer_temperature = models.DecimalField(
        _("température du congélateur (°C)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    remarks = models.TextField(_("remarques"), blank=True)

    class Meta:
        verbose_name = _("relevé d'hygiène")
        verbose_name_plural = _("relevés d'hygiène")


class WaitingListEntry(ClusterScopedModel):
    """Someone who wanted a taken slot; told by e-mail when a booking over it is cancelled or refused."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="waiting_list")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, null=True, blank=True
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    notified_at = models.DateTimeField(_("prévenu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription en liste d'attente")
        verbose_name_plural = _("liste d'attente")
        ordering = ["created_at"]


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class BookingFeedToken(ClusterScopedModel):
    """The secret in the address of an iCalendar feed of one resource's or one organisation's bookings.
    Calendars cannot log in, so the address is the key; a new token replaces the old one."""

    resource = models.OneToOneField(
        Resource, on_delete=models.CASCADE, null=True, blank=True, related_name="feed_token"
    )
    organisation = models.OneToOneField(
        "directory.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="booking_feed_token",
    )
    token = models.CharField(_("jeton"), max_length=64, unique=True, default=new_feed_token, editable=False)

    class Meta:
        verbose_name = _("adresse privée d'agenda")
        verbose_name_plural = _("adresses privées d'agenda")
        constraints = [
            models.CheckConstraint(
                condition=Q(resource__isnull=True, organisation__isnull=False)
                | Q(resource__isnull=False, organisation__isnull=True),
                name="premises_feed_token_one_target",
            )
        ]
