"""Joint responses to public tenders: the groupement, its members, lots, shares, checklist and outcome."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coursive.core.models import ClusterScopedModel, TimeStampedModel
from coursive.core.money import to_cents
from coursive.directory.validators import validate_siret


class ResponseStatus(models.TextChoices):
    SPOTTED = "spotted", _("repéré")
    GO_NO_GO = "go_no_go", _("go / no go")
    IN_PREPARATION = "in_preparation", _("en préparation")
    SUBMITTED = "submitted", _("déposé")
    WON = "won", _("gagné")
    LOST = "lost", _("perdu")
    ABANDONED = "abandoned", _("abandonné")


# Statuses after which the team no longer works on the bid.
CLOSED_STATUSES = frozenset({ResponseStatus.WON, ResponseStatus.LOST, ResponseStatus.ABANDONED})


class GroupementForm(models.TextChoices):
    """The three boxes of form DC1 (R2142-20 and R2142-24 of the code de la commande publique)."""

    SOLIDAIRE = "solidaire", _("groupement solidaire")
    CONJOINT_MANDATAIRE_SOLIDAIRE = (
        "conjoint_mandataire_solidaire",
        _("groupement conjoint avec mandataire solidaire"),
    )
    CONJOINT_MANDATAIRE_NON_SOLIDAIRE = (
        "conjoint_mandataire_non_solidaire",
        _("groupement conjoint avec mandataire non solidaire"),
    )


class JointResponse(ClusterScopedModel):
    """A response to one notice, alone or as a groupement momentané d'entreprises. It belongs to the cluster
    of the member who opened it; participants from partner clusters reach it from their own cluster."""

    notice = models.ForeignKey(
        "procurement.Notice", on_delete=models.PROTECT, related_name="joint_responses", verbose_name=_("avis")
    )
    status = models.CharField(
        _("étape"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.SPOTTED
    )
    # Left empty until the team chooses: the buyer cannot impose the form at bid stage.
    form = models.CharField(
        _("forme du groupement"), max_length=40, choices=GroupementForm.choices, blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ouverte par"),
    )
    # The DUME (European single procurement document) replaces the DC1 and every member's DC2.
    uses_dume = models.BooleanField(_("candidature par DUME"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    submitted_on = models.DateField(_("déposée le"), null=True, blank=True)
    outcome_on = models.DateField(_("résultat connu le"), null=True, blank=True)
    awarded_amount = models.DecimalField(
        _("montant attribué (HT)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    outcome_notes = models.TextField(_("motifs du résultat"), blank=True)

    class Meta:
        verbose_name = _("réponse groupée")
        verbose_name_plural = _("réponses groupées")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["cluster", "status"], name="response_cluster_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(awarded_amount__isnull=True) | Q(awarded_amount__gte=0),
                name="response_awarded_amount_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.notice} ({self.get_status_display()})"


class ParticipantRole(models.TextChoices):
    MANDATAIRE = "mandataire", _("mandataire")
    COTRAITANT = "cotraitant", _("cotraitant")
    SOUS_TRAITANT = "sous_traitant", _("sous-traitant")


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("invitée")
    ACCEPTED = "accepted", _("acceptée")
    DECLINED = "declined", _("déclinée")


class Participant(TimeStampedModel):
    """An organisation invited to a response, possibly from a partner cluster."""

    response = models.ForeignKey(JointResponse, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="response_participations",
        verbose_name=_("structure"),
    )
    role = models.CharField(
        _("rôle"), max_length=20, choices=ParticipantRole.choices, default=ParticipantRole.COTRAITANT
    )
    invitation_status = models.CharField(
        _("invitation"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    decline_reason = models.TextField(_("motif du refus"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    # Set in the transaction that e-mails the invitation (or the answer), so a task delivered twice sends once.
    invitation_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    answer_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("membre du groupement")
        verbose_name_plural = _("membres du groupement")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "organisation"], name="participant_once_per_response"
            ),
            # A groupement has exactly one mandataire; the services keep at least one, the base at most one.
            models.UniqueConstraint(
                fields=["response"], condition=Q(role="mandataire"), name="participant_one_mandataire"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_role_display()}"


class WorkShare(TimeStampedModel):
    """What one participant performs, on one lot (or on the whole contract of a single-lot notice), and
    its price excluding VAT. A share on a lot is what "assigning a lot" means."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="shares")
    lot = models.ForeignKey(
        "procurement.Lot",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lot"),
    )
    work = models.TextField(_("prestations exécutées"), blank=True)
    amount = models.DecimalField(_("prix (HT)"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("part du travail")
        verbose_name_plural = _("parts du travail")
        ordering = ["lot__number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "lot"], name="share_once_per_lot"),
            models.UniqueConstraint(
                fields=["participant"], condition=Q(lot__isnull=True), name="share_once_without_lot"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="share_amount_not_negative"
            ),
        ]


# Code de la commande publique, R2193-10: an accepted subcontractor whose payment terms the buyer approved is
# paid directly by the buyer when the subcontract is worth at least this much, all taxes included.
DIRECT_PAYMENT_THRESHOLD_TTC = Decimal("600.00")


class Subcontractor(TimeStampedModel):
    """A company a participant entrusts part of its own work to (sous-traitance, L2193-2). It has no
    contract with the buyer and is not a member of the groupement: the participant declares it with form
    DC4 so the buyer accepts it and approves its payment terms."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="subcontractors", verbose_name=_("déclaré par")
    )
    name = models.CharField(_("dénomination"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    address = models.TextField(_("adresse"))
    work = models.TextField(_("prestations sous-traitées"))
    # A lot a corrected notice no longer has is deleted: the declaration survives and asks for its lot.
    lot = models.ForeignKey(
        "procurement.Lot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lot"),
    )
    amount_excl_vat = models.DecimalField(_("montant sous-traité (HT)"), max_digits=14, decimal_places=2)
    vat_rate = models.DecimalField(_("taux de TVA (%)"), max_digits=5, decimal_places=2)
    accepted_at_bid = models.BooleanField(
        _("acceptation demandée dès l'offre"),
        default=True,
        help_text=_("Le DC4 est joint à l'offre ; sinon il sera présenté en cours d'exécution."),
    )

    class Meta:
        verbose_name = _("sous-traitant")
        verbose_name_plural = _("sous-traitants")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_excl_vat__gt=0), name="subcontractor_amount_positive"),
            models.CheckConstraint(condition=Q(vat_rate__gte=0), name="subcontractor_vat_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def amount_incl_vat(self) -> Decimal:
        return to_cents(self.amount_excl_vat * (1 + self.vat_rate / 100))

    @property
    def direct_payment(self) -> bool:
        return self.amount_incl_vat >= DIRECT_PAYMENT_THRESHOLD_TTC


class ChecklistKind(models.TextChoices):
    DC1 = "dc1", _("DC1 — lettre de candidature")
    DC2 = "dc2", _("DC2 — déclaration du membre")
    DC4 = "dc4", _("DC4 — déclaration de sous-traitance")
    DUME = "dume", _("DUME")
    TECHNICAL = "technical", _("mémoire technique")
    REFERENCES = "references", _("références")
    CERTIFICATES = "certificates", _("attestations et certificats")
    PRICE = "price", _("offre de prix")
    OTHER = "other", _("autre pièce")


class ChecklistItem(TimeStampedModel):
    response = models.ForeignKey(JointResponse, on_delete=models.CASCADE, related_name="checklist")
    kind = models.CharField(
        _("type"), max_length=20, choices=ChecklistKind.choices, default=ChecklistKind.OTHER
    )
    label = models.CharField(_("pièce"), max_length=300)
    # The participant the piece is about (a member's DC2), when it concerns one.
    concerns = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concerne"),
    )
    # The lot a member's DC2 is for, when the notice has lots and the member takes part in some.
    lot = models.ForeignKey(
        "procurement.Lot",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lot"),
    )
    # The subcontractor a DC4 declares.
    subcontractor = models.ForeignKey(
        Subcontractor,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sous-traitant"),
    )
    owner = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklist_items",
        verbose_name=_("responsable"),
    )
    due_on = models.DateField(_("à rendre le"), null=True, blank=True)
    done_at = models.DateTimeField(_("fait le"), null=True, blank=True)

    class Meta:
        verbose_name = _("pièce à produire")
        verbose_name_plural = _("pièces à produire")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.label
