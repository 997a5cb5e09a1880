"""Equipment lending between members: check-out and check-in, condition notes, late returns, damage reports and
maintenance."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coursive.core.models import ClusterQuerySet, ClusterScopedModel, TimeStampedModel

MONEY = {"max_digits": 10, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


class Condition(models.TextChoices):
    """The state of an item at either end of a loan; the same words as the resource's own condition."""

    NEW = "new", _("Neuf")
    GOOD = "good", _("Bon état")
    FAIR = "fair", _("État d'usage")
    WORN = "worn", _("Usé")
    OUT_OF_ORDER = "out_of_order", _("Hors service")


class LoanQuerySet(ClusterQuerySet):
    def out(self):
        return self.filter(checked_in_at__isnull=True)

    def late(self, today):
        return self.out().filter(due_on__lt=today)

    def in_state(self, state: str, today):
        """The loans out ("out"), out and late ("late"), or all of them (anything else)."""
        if state == "out":
            return self.out()
        if state == "late":
            return self.late(today)
        return self


class Loan(ClusterScopedModel):
    """An item handed to a member organisation. Open while not checked in; at most one open loan per item,
    which the database enforces."""

    resource = models.ForeignKey(
        "premises.Resource", on_delete=models.PROTECT, related_name="loans", verbose_name=_("matériel")
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="loans", verbose_name=_("emprunteur")
    )
    borrower_name = models.CharField(_("personne qui emporte le matériel"), max_length=150)
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="loans"
    )
    booking = models.ForeignKey(
        "premises.Booking", on_delete=models.SET_NULL, null=True, blank=True, related_name="loans"
    )
    checked_out_at = models.DateTimeField(_("sorti le"))
    checked_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checkout_condition = models.CharField(_("état au départ"), max_length=20, choices=Condition.choices)
    checkout_notes = models.TextField(_("remarques au départ"), blank=True)
    due_on = models.DateField(_("retour prévu le"))
    checked_in_at = models.DateTimeField(_("rendu le"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checkin_condition = models.CharField(
        _("état au retour"), max_length=20, choices=Condition.choices, blank=True
    )
    checkin_notes = models.TextField(_("remarques au retour"), blank=True)
    late_notified_at = models.DateTimeField(_("retard signalé le"), null=True, blank=True)

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("prêt")
        verbose_name_plural = _("prêts")
        ordering = ["-checked_out_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource"], condition=Q(checked_in_at__isnull=True), name="loan_one_open_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} — {self.organisation}"

    @property
    def is_out(self) -> bool:
        return self.checked_in_at is None

    @property
    def returned_late(self) -> bool:
        # The day of return on the cluster's clock, the one the pages show, not the UTC day.
        return self.checked_in_at is not None and timezone.localdate(self.checked_in_at) > self.due_on

    def is_late(self, today) -> bool:
        """Still out after its due date, or returned after it."""
        return self.returned_late or (self.is_out and self.due_on < today)


class DamageReport(ClusterScopedModel):
    class Status(models.TextChoices):
        REPORTED = "reported", _("Signalé")
        ASSESSED = "assessed", _("Évalué")
        REPAIRED = "repaired", _("Réparé")
        WRITTEN_OFF = "written_off", _("Réformé")
        CLOSED = "closed", _("Clos sans suite")

    OPEN_STATUSES = (Status.REPORTED, Status.ASSESSED)

    resource = models.ForeignKey("premises.Resource", on_delete=models.PROTECT, related_name="damage_reports")
    loan = models.ForeignKey(Loan, on_delete=models.SET_NULL, null=True, blank=True, related_name="damages")
    description = models.TextField(_("description des dégâts"))
    cost_estimate = models.DecimalField(
        _("coût estimé (€ HT)"), null=True, blank=True, validators=NOT_NEGATIVE, **MONEY
    )
    status = models.CharField(_("suite"), max_length=12, choices=Status.choices, default=Status.REPORTED)
    resolution = models.TextField(_("décision"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("constat de dégâts")
        verbose_name_plural = _("constats de dégâts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.resource} — {self.created_at:%d/%m/%Y}"


def damage_photo_path(photo: "DamagePhoto", filename: str) -> str:
    return f"lending/damages/{photo.report.cluster_id}/{photo.report_id}/{filename}"


class DamagePhoto(TimeStampedModel):
    report = models.ForeignKey(DamageReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=damage_photo_path)

    class Meta:
        verbose_name = _("photo des dégâts")
        verbose_name_plural = _("photos des dégâts")


class MaintenanceRecord(ClusterScopedModel):
    """Work on an item. While a record has no end date the item is under maintenance and cannot go out."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("Contrôle")
        SERVICING = "servicing", _("Entretien")
        REPAIR = "repair", _("Réparation")
        CALIBRATION = "calibration", _("Étalonnage")
        REGULATORY = "regulatory", _("Contrôle réglementaire")

    resource = models.ForeignKey("premises.Resource", on_delete=models.PROTECT, related_name="maintenance")
    kind = models.CharField(_("nature"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("travaux"))
    started_on = models.DateField(_("début"))
    completed_on = models.DateField(_("fin"), null=True, blank=True)
    provider = models.CharField(_("intervenant"), max_length=150, blank=True)
    cost = models.DecimalField(_("coût (€ HT)"), null=True, blank=True, validators=NOT_NEGATIVE, **MONEY)
    next_due_on = models.DateField(_("prochaine échéance"), null=True, blank=True)
    damage_report = models.ForeignKey(
        DamageReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="maintenance"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("intervention de maintenance")
        verbose_name_plural = _("interventions de maintenance")
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=models.F("started_on")),
                name="maintenance_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} — {self.get_kind_display()}"
