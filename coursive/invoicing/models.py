"""Invoices and credit notes from the cluster's legal entity, Factur-X documents, payments and the FEC export."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coursive.core.models import ClusterScopedModel, TimeStampedModel
from coursive.directory.validators import validate_postcode, validate_rna, validate_siret

# The French VAT rates an invoice line may carry (CGI art. 278 to 281 nonies); 0 needs an exemption mention.
VAT_RATES = (Decimal("20.00"), Decimal("10.00"), Decimal("5.50"), Decimal("2.10"), Decimal("0.00"))
FRANCHISE_MENTION = "TVA non applicable, art. 293 B du CGI"
DEBITS_MENTION = "Option pour le paiement de la taxe d'après les débits"
RECOVERY_INDEMNITY = Decimal("40.00")


class VatRegime(models.TextChoices):
    NORMAL = "normal", _("Assujetti à la TVA")
    FRANCHISE = "franchise", _("Franchise en base (art. 293 B du CGI)")


class Nature(models.TextChoices):
    GOODS = "goods", _("Livraison de biens")
    SERVICES = "services", _("Prestation de services")
    MIXED = "mixed", _("Opération mixte (biens et services)")


class SellerProfile(ClusterScopedModel):
    """The cluster's legal entity as it appears on its invoices; the coordination fills it once."""

    legal_name = models.CharField(_("raison sociale"), max_length=200)
    legal_form = models.CharField(_("forme juridique"), max_length=100, blank=True)
    share_capital = models.CharField(_("capital social"), max_length=60, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    vat_number = models.CharField(_("numéro de TVA intracommunautaire"), max_length=20, blank=True)
    rcs = models.CharField(_("immatriculation RCS"), max_length=100, blank=True)
    rna_number = models.CharField(_("numéro RNA"), max_length=10, blank=True, validators=[validate_rna])
    street = models.CharField(_("adresse"), max_length=200)
    postcode = models.CharField(_("code postal"), max_length=5, validators=[validate_postcode])
    commune = models.CharField(_("commune"), max_length=120)
    email = models.EmailField(_("e-mail de facturation"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    vat_regime = models.CharField(
        _("régime de TVA"), max_length=10, choices=VatRegime.choices, default=VatRegime.NORMAL
    )
    vat_on_debits = models.BooleanField(
        _("option pour le paiement de la taxe d'après les débits"), default=False
    )
    payment_terms_days = models.PositiveSmallIntegerField(_("délai de paiement (jours)"), default=30)
    early_payment_discount = models.CharField(
        _("escompte pour paiement anticipé"), max_length=200, default="Pas d'escompte pour paiement anticipé."
    )
    late_penalty_rate = models.DecimalField(
        _("taux des pénalités de retard (% par an)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    bank_name = models.CharField(_("banque"), max_length=100, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("émetteur des factures")
        verbose_name_plural = _("émetteurs des factures")
        constraints = [models.UniqueConstraint(fields=["cluster"], name="seller_profile_one_per_cluster")]

    def __str__(self) -> str:
        return self.legal_name

    @property
    def siren(self) -> str:
        return self.siret[:9]


class Customer(ClusterScopedModel):
    """Whom an invoice is addressed to: a member organisation (kept in step with its directory record) or
    an external customer typed by the coordination."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="billing_customers",
        verbose_name=_("structure membre"),
    )
    name = models.CharField(_("nom ou raison sociale"), max_length=200)
    is_professional = models.BooleanField(_("client professionnel"), default=True)
    siret = models.CharField(_("SIRET ou SIREN"), max_length=20, blank=True)
    vat_number = models.CharField(_("numéro de TVA intracommunautaire"), max_length=20, blank=True)
    street = models.CharField(_("adresse de facturation"), max_length=200)
    postcode = models.CharField(_("code postal"), max_length=10)
    commune = models.CharField(_("commune"), max_length=120)
    country = models.CharField(_("pays (code ISO)"), max_length=2, default="FR")
    delivery_street = models.CharField(_("adresse de livraison"), max_length=200, blank=True)
    delivery_postcode = models.CharField(_("code postal de livraison"), max_length=10, blank=True)
    delivery_commune = models.CharField(_("commune de livraison"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail de facturation"), blank=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "organisation"],
                condition=Q(organisation__isnull=False),
                name="customer_one_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def siren(self) -> str:
        return self.siret[:9]


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Facture")
    CREDIT_NOTE = "credit_note", _("Avoir")


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    ISSUED = "issued", _("Émise")


class InvoiceQuerySet(models.QuerySet):
    def for_cluster(self, cluster):
        return self.filter(cluster=cluster)

    def issued(self):
        return self.filter(status=InvoiceStatus.ISSUED)


def invoice_pdf_path(invoice: "Invoice", filename: str) -> str:
    """One folder per cluster and year: numbers restart in each cluster, so names would collide."""
    return f"invoicing/{invoice.cluster_id}/{invoice.issue_date:%Y}/{filename}"


class Invoice(ClusterScopedModel):
    """An invoice or a credit note. Editable as a draft; once issued its number, snapshots of both parties,
    totals and documents never change again (accounting records are kept ten years)."""

    kind = models.CharField(
        _("type"), max_length=12, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE
    )
    status = models.CharField(
        _("état"), max_length=8, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="invoices", verbose_name=_("client")
    )
    credited_invoice = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("facture corrigée"),
    )
    series = models.CharField(_("série"), max_length=10, blank=True)
    sequence = models.PositiveIntegerField(_("rang dans la série"), null=True, blank=True)
    number = models.CharField(_("numéro"), max_length=30, blank=True)
    issue_date = models.DateField(_("date d'émission"), null=True, blank=True)
    sale_date = models.DateField(_("date de la vente ou de la prestation"), null=True, blank=True)
    due_date = models.DateField(_("date d'échéance"), null=True, blank=True)
    nature = models.CharField(_("nature de l'opération"), max_length=8, choices=Nature.choices, blank=True)
    vat_exemption_reason = models.CharField(_("mention d'exonération de TVA"), max_length=200, blank=True)
    note = models.TextField(_("mention libre"), blank=True)
    total_excl_tax = models.DecimalField(_("total HT"), max_digits=14, decimal_places=2, default=Decimal("0"))
    total_vat = models.DecimalField(_("total TVA"), max_digits=14, decimal_places=2, default=Decimal("0"))
    total_incl_tax = models.DecimalField(
        _("total TTC"), max_digits=14, decimal_places=2, default=Decimal("0")
    )
    seller_snapshot = models.JSONField(_("émetteur à l'émission"), default=dict, blank=True)
    customer_snapshot = models.JSONField(_("client à l'émission"), default=dict, blank=True)
    facturx_xml = models.TextField(_("XML Factur-X"), blank=True)
    pdf = models.FileField(_("PDF Factur-X"), upload_to=invoice_pdf_path, blank=True)
    pdf_sha256 = models.CharField(_("empreinte SHA-256 du PDF"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("émise le"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("facture")
        verbose_name_plural = _("factures")
        ordering = ["-issue_date", "-sequence", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "number"], condition=~Q(number=""), name="invoice_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="draft", number="") | (Q(status="issued") & ~Q(number="")),
                name="invoice_number_iff_issued",
            ),
        ]
        indexes = [models.Index(fields=["cluster", "status", "due_date"], name="invoice_cluster_due")]

    def __str__(self) -> str:
        return self.number or _("Brouillon n° %(pk)s") % {"pk": self.pk}

    @property
    def is_draft(self) -> bool:
        return self.status == InvoiceStatus.DRAFT

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE


class InvoiceLine(TimeStampedModel):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("n° de ligne"))
    label = models.CharField(_("désignation"), max_length=300)
    quantity = models.DecimalField(_("quantité"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unité"), max_length=20)
    unit_price_excl_tax = models.DecimalField(_("prix unitaire HT"), max_digits=14, decimal_places=4)
    vat_rate = models.DecimalField(_("taux de TVA (%)"), max_digits=5, decimal_places=2)
    nature = models.CharField(_("nature"), max_length=8, choices=Nature.choices[:2])
    source = models.CharField(_("origine"), max_length=100, blank=True)
    amount_excl_tax = models.DecimalField(_("montant HT"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("ligne de facture")
        verbose_name_plural = _("lignes de facture")
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_position_unique")
        ]

    def __str__(self) -> str:
        return self.label


class NumberingCounter(models.Model):
    """The last number given in one series. Issuing locks this row, so two invoices issued at the same time
    queue for it and the series has neither gap nor duplicate."""

    cluster = models.ForeignKey("accounts.Cluster", on_delete=models.CASCADE)
    series = models.CharField(max_length=10)
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cluster", "series"], name="numbering_counter_unique")]

    def __str__(self) -> str:
        return f"{self.series}: {self.last_sequence}"


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Virement")
    DIRECT_DEBIT = "direct_debit", _("Prélèvement")
    CHEQUE = "cheque", _("Chèque")
    CARD = "card", _("Carte bancaire")
    CASH = "cash", _("Espèces")


class Payment(ClusterScopedModel):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("date du paiement"))
    amount = models.DecimalField(_("montant"), max_digits=14, decimal_places=2)
    method = models.CharField(_("moyen de paiement"), max_length=12, choices=PaymentMethod.choices)
    reference = models.CharField(_("référence"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["-paid_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.invoice} — {self.amount} €"


class Reminder(TimeStampedModel):
    """A payment reminder e-mailed to the customer; `sent_at` makes sending idempotent."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="reminders")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient = models.EmailField(_("destinataire"))
    amount_due = models.DecimalField(_("reste dû"), max_digits=14, decimal_places=2)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("relance")
        verbose_name_plural = _("relances")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.invoice} — {self.created_at:%d/%m/%Y}"
