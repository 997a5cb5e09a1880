"""Office leases and coworking plans: the published rent grid, leases, index revisions and monthly rent calls."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Func, Q
from django.utils.translation import gettext_lazy as _

from coursive.core.models import ClusterQuerySet, ClusterScopedModel, TimeStampedModel
from coursive.premises.constraints import PostgresExclusionConstraint

from . import caps, rent

ZERO = Decimal("0.00")
MONEY = {"max_digits": 12, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal(0))]
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class RentGrid(ClusterScopedModel):
    """The rates the cluster publishes to its members, from a date on. The grid in force on a lease's start
    sets its rent; a new grid changes new leases only, never a signed one."""

    name = models.CharField(_("nom"), max_length=150)
    valid_from = models.DateField(_("applicable à partir du"))
    rate_per_m2 = models.DecimalField(
        _("loyer de base par m² et par mois (HT)"), validators=NOT_NEGATIVE, **MONEY
    )
    charges_per_m2 = models.DecimalField(
        _("charges par m² et par mois (HT)"), default=ZERO, validators=NOT_NEGATIVE, **MONEY
    )
    vat_rate = models.DecimalField(
        _("taux de TVA (%)"), max_digits=5, decimal_places=2, default=Decimal("20.00"), validators=PERCENT
    )
    cumulative = models.BooleanField(
        _("réductions cumulables"),
        default=False,
        help_text=_(
            "Décoché : seule la plus forte des réductions auxquelles la structure a droit s'applique."
        ),
    )
    explanation = models.TextField(
        _("explication publiée"), blank=True, help_text=_("Ce que la grille paie : entretien, énergie, etc.")
    )
    is_published = models.BooleanField(_("publiée aux membres"), default=True)

    class Meta:
        verbose_name = _("grille des loyers")
        verbose_name_plural = _("grilles des loyers")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "valid_from"], name="rent_grid_one_per_date"),
        ]

    def __str__(self) -> str:
        return self.name


class RentReduction(TimeStampedModel):
    class Criterion(models.TextChoices):
        YOUNG = rent.Criterion.YOUNG, _("Jeune structure (créée depuis moins de N ans)")
        ESS = rent.Criterion.ESS, _("Structure de l'économie sociale et solidaire")
        ESUS = rent.Criterion.ESUS, _("Structure agréée ESUS")

    grid = models.ForeignKey(RentGrid, on_delete=models.CASCADE, related_name="reductions")
    label = models.CharField(_("intitulé"), max_length=150)
    criterion = models.CharField(_("condition"), max_length=10, choices=Criterion.choices)
    percent = models.DecimalField(_("réduction (%)"), max_digits=5, decimal_places=2, validators=PERCENT)
    max_age_years = models.PositiveSmallIntegerField(
        _("âge maximal (années)"), null=True, blank=True, help_text=_("Pour les jeunes structures seulement.")
    )

    class Meta:
        verbose_name = _("réduction de la grille")
        verbose_name_plural = _("réductions de la grille")
        ordering = ["-percent", "label"]

    def __str__(self) -> str:
        return self.label


class IndexKind(models.TextChoices):
    ILAT = "ILAT", _("ILAT — indice des loyers des activités tertiaires")
    ILC = "ILC", _("ILC — indice des loyers commerciaux")
    IRL = "IRL", _("IRL — indice de référence des loyers")


class IndexValue(ClusterScopedModel):
    """A quarterly index value as INSEE published it, typed in by the coordinator with its source."""

    kind = models.CharField(_("indice"), max_length=4, choices=IndexKind.choices)
    year = models.PositiveSmallIntegerField(_("année"), validators=[MinValueValidator(1990)])
    quarter = models.PositiveSmallIntegerField(
        _("trimestre"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    value = models.DecimalField(
        _("valeur"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    published_on = models.DateField(_("publié au Journal officiel / par l'INSEE le"), null=True, blank=True)
    source_url = models.URLField(_("source"), blank=True)

    class Meta:
        verbose_name = _("valeur d'indice")
        verbose_name_plural = _("valeurs d'indice")
        ordering = ["kind", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "kind", "year", "quarter"], name="index_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} : {self.value}"

    @property
    def period(self) -> str:
        return quarter_label(self.year, self.quarter)


def quarter_label(year: int, quarter: int) -> str:
    """« T2 2024 » in French, « Q2 2024 » in English."""
    return _("T%(quarter)s %(year)s") % {"quarter": quarter, "year": year}


class Territory(models.TextChoices):
    MAINLAND = caps.Territory.MAINLAND, _("France métropolitaine hors Corse (et territoires non cités)")
    CORSICA = caps.Territory.CORSICA, _("Corse")
    OVERSEAS = caps.Territory.OVERSEAS, _("Guadeloupe, Guyane, Martinique, La Réunion ou Mayotte")


class DateRange(Func):
    """The days a lease runs, both ends included; no end date means the range is open."""

    function = "DATERANGE"
    output_field = DateRangeField()


class LeaseQuerySet(ClusterQuerySet):
    def in_force_on(self, day):
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))


class Lease(ClusterScopedModel):
    """An office let to a member organisation. `monthly_rent` is the rent in force; the revisions keep the
    history, and the grid breakdown explains the initial rent."""

    resource = models.ForeignKey(
        "premises.Resource", on_delete=models.PROTECT, related_name="leases", verbose_name=_("bureau")
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="leases", verbose_name=_("preneur")
    )
    grid = models.ForeignKey(
        RentGrid,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leases",
        verbose_name=_("grille"),
    )
    surface_m2 = models.DecimalField(
        _("surface (m²)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    tenant_founded_on = models.DateField(
        _("date de création de la structure"),
        null=True,
        blank=True,
        help_text=_("Celle de l'avis de situation SIRENE ; sert à la réduction des jeunes structures."),
    )
    grid_rent = models.DecimalField(_("loyer selon la grille (HT)"), null=True, blank=True, **MONEY)
    initial_rent = models.DecimalField(_("loyer initial mensuel (HT)"), validators=NOT_NEGATIVE, **MONEY)
    monthly_rent = models.DecimalField(_("loyer mensuel en vigueur (HT)"), validators=NOT_NEGATIVE, **MONEY)
    override_reason = models.CharField(_("motif d'un loyer hors grille"), max_length=300, blank=True)
    service_charges = models.DecimalField(
        _("charges mensuelles (HT)"), default=ZERO, validators=NOT_NEGATIVE, **MONEY
    )
    vat_rate = models.DecimalField(
        _("taux de TVA (%)"), max_digits=5, decimal_places=2, default=Decimal("20.00"), validators=PERCENT
    )
    deposit = models.DecimalField(_("dépôt de garantie"), default=ZERO, validators=NOT_NEGATIVE, **MONEY)
    starts_on = models.DateField(_("prise d'effet"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    notice_months = models.PositiveSmallIntegerField(_("préavis (mois)"), default=3)
    index_kind = models.CharField(
        _("indice de révision"), max_length=4, choices=IndexKind.choices, blank=True
    )
    reference_index = models.ForeignKey(
        IndexValue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indice de référence"),
    )
    territory = models.CharField(
        _("situation du local"),
        max_length=10,
        choices=Territory.choices,
        default=Territory.MAINLAND,
        help_text=_("Le plafonnement légal de l'IRL en 2022-2024 dépend du territoire."),
    )
    # Unknown (None) until the coordination says: the directory's bands cannot tell an SME in the EU sense.
    tenant_is_sme = models.BooleanField(
        _("preneur PME au sens européen"),
        null=True,
        blank=True,
        help_text=_(
            "Moins de 250 personnes, et chiffre d'affaires annuel d'au plus 50 M€ ou total du bilan d'au plus "
            "43 M€, groupe compris (annexe I du règlement (UE) n° 651/2014) ; le plafonnement de l'ILC en "
            "2022-2024 ne protège que les PME."
        ),
    )
    notice_given_on = models.DateField(_("congé donné le"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LeaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("bail")
        verbose_name_plural = _("baux")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="lease_ends_after_start",
            ),
            # The services check overlaps with the office locked; on PostgreSQL the database refuses them too.
            PostgresExclusionConstraint(
                name="lease_no_overlap",
                expressions=[
                    ("resource", RangeOperators.EQUAL),
                    (
                        DateRange(
                            "starts_on", "ends_on", RangeBoundary(inclusive_lower=True, inclusive_upper=True)
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} — {self.organisation}"


class RentRevision(TimeStampedModel):
    """One yearly index revision, kept for the history the member can read."""

    lease = models.ForeignKey(Lease, on_delete=models.CASCADE, related_name="revisions")
    effective_on = models.DateField(_("prend effet le"))
    previous_rent = models.DecimalField(_("loyer précédent (HT)"), **MONEY)
    new_rent = models.DecimalField(_("nouveau loyer (HT)"), **MONEY)
    reference_index = models.ForeignKey(IndexValue, on_delete=models.PROTECT, related_name="+")
    new_index = models.ForeignKey(IndexValue, on_delete=models.PROTECT, related_name="+")
    uncapped_rent = models.DecimalField(
        _("loyer sans plafonnement légal (HT)"), null=True, blank=True, **MONEY
    )
    cap_note = models.TextField(_("plafonnement appliqué"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("révision du loyer")
        verbose_name_plural = _("révisions du loyer")
        ordering = ["-effective_on"]
        constraints = [
            models.UniqueConstraint(fields=["lease", "effective_on"], name="rent_revision_once_per_date"),
        ]


class CoworkingPlan(ClusterScopedModel):
    """A member's coworking subscription: desks paid by the month, or a pack of day passes."""

    class Kind(models.TextChoices):
        MONTHLY_DESK = "monthly_desk", _("Poste au mois")
        DAY_PASSES = "day_passes", _("Carnet de journées")

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="coworking_plans",
        verbose_name=_("structure"),
    )
    kind = models.CharField(_("formule"), max_length=12, choices=Kind.choices)
    desks = models.PositiveSmallIntegerField(_("postes"), default=1, validators=[MinValueValidator(1)])
    days_included = models.PositiveSmallIntegerField(_("journées du carnet"), null=True, blank=True)
    price = models.DecimalField(_("prix HT (par mois, ou du carnet)"), validators=NOT_NEGATIVE, **MONEY)
    vat_rate = models.DecimalField(
        _("taux de TVA (%)"), max_digits=5, decimal_places=2, default=Decimal("20.00"), validators=PERCENT
    )
    starts_on = models.DateField(_("début (achat du carnet)"))
    ends_on = models.DateField(_("fin (validité du carnet)"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("formule de coworking")
        verbose_name_plural = _("formules de coworking")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="coworking_plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.organisation}"


class DayUse(TimeStampedModel):
    """A day pass consumed: one per person and day, from a coworking-desk booking or typed in by hand."""

    plan = models.ForeignKey(CoworkingPlan, on_delete=models.CASCADE, related_name="day_uses")
    day = models.DateField(_("jour"))
    person_name = models.CharField(_("personne"), max_length=150)
    booking = models.ForeignKey(
        "premises.Booking", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("journée consommée")
        verbose_name_plural = _("journées consommées")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "day"], name="day_use_once_per_booking_day"),
            models.UniqueConstraint(
                fields=["plan", "day", "person_name"], name="day_use_once_per_person_day"
            ),
        ]


class RentCall(ClusterScopedModel):
    """What a member owes for one month of a lease or a coworking plan; generated once per month."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="rent_calls",
        verbose_name=_("structure"),
    )
    lease = models.ForeignKey(
        Lease, on_delete=models.PROTECT, null=True, blank=True, related_name="rent_calls"
    )
    plan = models.ForeignKey(
        CoworkingPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="rent_calls"
    )
    month = models.DateField(_("mois"))
    period_start = models.DateField(_("du"))
    period_end = models.DateField(_("au"))
    label = models.CharField(_("libellé"), max_length=300)
    rent = models.DecimalField(_("loyer ou abonnement HT"), **MONEY)
    service_charges = models.DecimalField(_("charges HT"), default=ZERO, **MONEY)
    vat_rate = models.DecimalField(_("taux de TVA (%)"), max_digits=5, decimal_places=2)
    total_excl_tax = models.DecimalField(_("total HT"), **MONEY)
    vat_amount = models.DecimalField(_("TVA"), **MONEY)
    total_incl_tax = models.DecimalField(_("total TTC"), **MONEY)
    # A deleted draft frees the call to be invoiced again; an issued invoice is never deleted.
    invoice = models.ForeignKey(
        "invoicing.Invoice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rent_calls",
        verbose_name=_("facture"),
    )

    class Meta:
        verbose_name = _("appel de loyer")
        verbose_name_plural = _("appels de loyer")
        ordering = ["-month", "organisation__legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["lease", "month"], name="rent_call_once_per_lease_month"),
            models.UniqueConstraint(fields=["plan", "month"], name="rent_call_once_per_plan_month"),
            models.CheckConstraint(
                condition=Q(lease__isnull=False, plan__isnull=True)
                | Q(lease__isnull=True, plan__isnull=False),
                name="rent_call_for_a_lease_or_a_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.label
