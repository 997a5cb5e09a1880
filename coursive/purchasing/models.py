"""Responsible group purchasing: campaigns, suppliers' tiered offers, members' needs and the allocation."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coursive.core.models import ClusterScopedModel, TimeStampedModel
from coursive.directory.validators import validate_postcode, validate_siret

# The French VAT rates: reselling to members at cost still carries VAT, so 0 is not offered.
VAT_CHOICES = [
    (Decimal("20.00"), _("20 %")),
    (Decimal("10.00"), _("10 %")),
    (Decimal("5.50"), _("5,5 %")),
    (Decimal("2.10"), _("2,1 %")),
]


class Nature(models.TextChoices):
    GOODS = "goods", _("Biens")
    SERVICES = "services", _("Services")


class Supplier(ClusterScopedModel):
    """A supplier the cluster may buy from, kept from one campaign to the next."""

    name = models.CharField(_("raison sociale"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    postcode = models.CharField(_("code postal"), max_length=5, validators=[validate_postcode])
    commune = models.CharField(_("commune"), max_length=120)
    departement = models.CharField(_("département"), max_length=3, editable=False)
    is_ess = models.BooleanField(_("structure de l'ESS"), default=False)
    labels = models.CharField(
        _("labels et certifications"),
        max_length=300,
        blank=True,
        help_text=_("Séparés par des virgules, par exemple : Ecolabel européen, FSC Recyclé, RFAR."),
    )
    email = models.EmailField(_("e-mail de commande"), blank=True)
    website = models.URLField(_("site web"), blank=True)

    class Meta:
        verbose_name = _("fournisseur")
        verbose_name_plural = _("fournisseurs")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "siret"], name="supplier_siret_unique_in_cluster")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label_list(self) -> tuple[str, ...]:
        return tuple(label.strip() for label in self.labels.split(",") if label.strip())


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("Ouverte aux besoins")
    CLOSED = "closed", _("Close, commande passée")
    UNFULFILLED = "unfulfilled", _("Close sans commande")


class Campaign(ClusterScopedModel):
    """One group purchase: what is bought, the criteria's published weights, the deadline for needs, and
    once closed the offer chosen, why, and the tier reached."""

    title = models.CharField(_("titre"), max_length=200)
    item = models.CharField(_("ce qui est acheté"), max_length=200)
    description = models.TextField(_("description et spécifications"), blank=True)
    nature = models.CharField(_("nature"), max_length=10, choices=Nature.choices, default=Nature.GOODS)
    unit = models.CharField(_("unité"), max_length=20, help_text=_("Par exemple : ramette, carton, pièce."))
    vat_rate = models.DecimalField(
        _("taux de TVA"), max_digits=4, decimal_places=2, choices=VAT_CHOICES, default=Decimal("20.00")
    )
    deadline = models.DateTimeField(_("date limite des besoins"))
    delivery_address = models.TextField(_("adresse de livraison"), blank=True)
    weight_local = models.PositiveSmallIntegerField(_("poids : fournisseur local"), default=30)
    weight_ess = models.PositiveSmallIntegerField(_("poids : fournisseur de l'ESS"), default=30)
    weight_label = models.PositiveSmallIntegerField(_("poids : label"), default=20)
    weight_recycled = models.PositiveSmallIntegerField(_("poids : contenu recyclé"), default=20)
    status = models.CharField(
        _("état"), max_length=12, choices=CampaignStatus.choices, default=CampaignStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chosen_offer = models.ForeignKey(
        "Offer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("offre retenue"),
    )
    choice_reason = models.TextField(_("motif du choix"), blank=True)
    # The chosen offer's standing when the campaign closed, kept as it was for the yearly figures.
    chosen_score = models.DecimalField(
        _("score d'achat responsable"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    chosen_is_local = models.BooleanField(_("fournisseur local"), default=False)
    chosen_is_ess = models.BooleanField(_("fournisseur de l'ESS"), default=False)
    total_quantity = models.DecimalField(
        _("quantité totale"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    unit_price = models.DecimalField(
        _("prix unitaire HT atteint"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    goods_total = models.DecimalField(
        _("montant HT des biens"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    delivery_fee = models.DecimalField(
        _("frais de livraison HT"), max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("campagne d'achat groupé")
        verbose_name_plural = _("campagnes d'achat groupé")
        ordering = ["-deadline"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_local__gt=0)
                | Q(weight_ess__gt=0)
                | Q(weight_label__gt=0)
                | Q(weight_recycled__gt=0),
                name="campaign_some_weight",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def accepts_needs(self, now=None) -> bool:
        return self.status == CampaignStatus.OPEN and (now or timezone.now()) < self.deadline

    @property
    def order_reference(self) -> str:
        return f"AG-{timezone.localtime(self.closed_at or self.deadline):%Y}-{self.pk:04d}"

    @property
    def order_total(self) -> Decimal | None:
        if self.goods_total is None:
            return None
        return self.goods_total + (self.delivery_fee or Decimal(0))


class Offer(TimeStampedModel):
    """A supplier's offer for a campaign: its price tiers by volume and what it brings on the criteria."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="offers")
    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="offers", verbose_name=_("fournisseur")
    )
    product = models.CharField(_("référence proposée"), max_length=200, blank=True)
    recycled_percent = models.PositiveSmallIntegerField(
        _("contenu recyclé (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    delivery_fee = models.DecimalField(
        _("frais de livraison HT (par commande)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    notes = models.TextField(_("conditions"), blank=True)

    class Meta:
        verbose_name = _("offre")
        verbose_name_plural = _("offres")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "supplier"], name="offer_one_per_supplier"),
            models.CheckConstraint(condition=Q(recycled_percent__lte=100), name="offer_recycled_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} — {self.campaign}"


class PriceTier(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="tiers")
    min_quantity = models.DecimalField(_("à partir de (quantité totale)"), max_digits=14, decimal_places=3)
    unit_price = models.DecimalField(_("prix unitaire HT"), max_digits=12, decimal_places=4)

    class Meta:
        verbose_name = _("palier de prix")
        verbose_name_plural = _("paliers de prix")
        ordering = ["min_quantity"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "min_quantity"], name="tier_threshold_unique"),
            models.CheckConstraint(condition=Q(min_quantity__gt=0), name="tier_positive_threshold"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="tier_positive_price"),
        ]

    def __str__(self) -> str:
        return f"{self.min_quantity} → {self.unit_price}"


class Need(TimeStampedModel):
    """A member organisation's need in a campaign: one per organisation, editable until the deadline."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="needs")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="purchasing_needs"
    )
    quantity = models.DecimalField(_("quantité"), max_digits=14, decimal_places=3)
    max_unit_price = models.DecimalField(
        _("prix unitaire HT maximum accepté"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")
        ordering = ["organisation__legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organisation"], name="need_one_per_organisation"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="need_positive_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.campaign}"


class Allocation(TimeStampedModel):
    """A member's part of a closed campaign's order, its saving against buying alone, and the invoice
    that bills it: the invoice link is what makes closing twice bill nobody twice."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="allocations")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="purchasing_allocations"
    )
    quantity = models.DecimalField(_("quantité"), max_digits=14, decimal_places=3)
    goods_amount = models.DecimalField(_("quote-part des biens HT"), max_digits=14, decimal_places=2)
    delivery_amount = models.DecimalField(_("quote-part de la livraison HT"), max_digits=10, decimal_places=2)
    solo_unit_price = models.DecimalField(_("prix unitaire HT seul"), max_digits=12, decimal_places=4)
    solo_below_minimum = models.BooleanField(_("sous le minimum de commande seul"), default=False)
    solo_cost = models.DecimalField(_("coût HT seul"), max_digits=14, decimal_places=2)
    invoice = models.OneToOneField(
        "invoicing.Invoice",
        # A draft deleted to be redone frees the share, which the next close drafts again.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="purchasing_allocation",
    )

    class Meta:
        verbose_name = _("quote-part")
        verbose_name_plural = _("quotes-parts")
        ordering = ["organisation__legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="allocation_one_per_organisation"
            ),
            models.CheckConstraint(
                condition=Q(goods_amount__gte=0, delivery_amount__gte=0), name="allocation_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.campaign}"

    @property
    def amount(self) -> Decimal:
        return self.goods_amount + self.delivery_amount

    @property
    def saving(self) -> Decimal:
        return self.solo_cost - self.amount
