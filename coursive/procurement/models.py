"""Public procurement reference data: the CPV nomenclature and the notices read from official sources.

Notices are the same for every cluster of an instance (they are public), so they belong to no cluster; only
an import run remembers which cluster's coordinator uploaded its file.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coursive.core.models import ClusterScopedModel, TimeStampedModel

from .records import ContractType, NoticeKind, Source


class CpvLevel(models.IntegerChoices):
    """How many leading digits of the code are significant (Regulation (EC) 213/2008, annex I)."""

    DIVISION = 1, _("Division")
    GROUP = 2, _("Groupe")
    CLASS = 3, _("Classe")
    CATEGORY = 4, _("Catégorie")
    SUBCATEGORY = 5, _("Sous-catégorie")


class Cpv(models.Model):
    """A CPV 2008 code, loaded from data/cpv_2008_fr_en.csv by a data migration."""

    code8 = models.CharField(_("code"), max_length=8, primary_key=True)
    label_fr = models.CharField(_("libellé français"), max_length=300)
    label_en = models.CharField(_("libellé anglais"), max_length=300, blank=True)
    level = models.PositiveSmallIntegerField(_("niveau"), choices=CpvLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("code parent"),
    )

    class Meta:
        verbose_name = _("code CPV")
        verbose_name_plural = _("codes CPV")
        ordering = ["code8"]

    def __str__(self) -> str:
        return f"{self.code8} — {self.label_fr}"


class NoticeStatus(models.TextChoices):
    OPEN = "open", _("Ouvert")
    CLOSED = "closed", _("Clos")
    CANCELLED = "cancelled", _("Annulé")
    AWARDED = "awarded", _("Attribué")


def _choices(enum, labels: dict) -> list[tuple[str, str]]:
    return [(member.value, labels[member]) for member in enum]


SOURCE_CHOICES = _choices(
    Source,
    {
        Source.TED_EFORMS: _("TED (eForms)"),
        Source.TED_LEGACY: _("TED (ancien format)"),
        Source.BOAMP: _("BOAMP"),
        Source.DECP: _("Données essentielles (DECP)"),
    },
)
KIND_CHOICES = _choices(
    NoticeKind,
    {
        NoticeKind.PRIOR_INFORMATION: _("Avis de pré-information"),
        NoticeKind.CONTRACT_NOTICE: _("Avis de marché"),
        NoticeKind.CORRIGENDUM: _("Avis rectificatif"),
        NoticeKind.CANCELLATION: _("Avis d'annulation"),
        NoticeKind.AWARD_NOTICE: _("Avis d'attribution"),
        NoticeKind.AWARDED_CONTRACT: _("Marché attribué"),
    },
)
CONTRACT_TYPE_CHOICES = _choices(
    ContractType,
    {
        ContractType.SERVICES: _("Services"),
        ContractType.SUPPLIES: _("Fournitures"),
        ContractType.WORKS: _("Travaux"),
    },
)


class Notice(models.Model):
    """One published notice or awarded contract, identified by its source and the publisher's id.

    Re-importing updates it in place; a corrigendum, cancellation or award notice is a row of its own that
    points at the notice it changes (refers_to) and whose effect is applied onto that notice.
    """

    source = models.CharField(_("source"), max_length=20, choices=SOURCE_CHOICES)
    official_id = models.CharField(_("identifiant officiel"), max_length=200)
    kind = models.CharField(_("type d'avis"), max_length=20, choices=KIND_CHOICES)
    status = models.CharField(_("état"), max_length=10, choices=NoticeStatus.choices)
    language = models.CharField(_("langue"), max_length=8, blank=True)
    title = models.CharField(_("objet"), max_length=1000)
    description = models.TextField(_("description"), blank=True)
    buyer_name = models.CharField(_("acheteur"), max_length=500, blank=True)
    buyer_siret = models.CharField(_("SIRET de l'acheteur"), max_length=14, blank=True)
    contract_type = models.CharField(
        _("type de marché"), max_length=10, choices=CONTRACT_TYPE_CHOICES, blank=True
    )
    procedure = models.CharField(_("procédure"), max_length=200, blank=True)
    # Codes are kept as text, not as foreign keys: a notice may carry a code the nomenclature lacks.
    cpv_main = models.CharField(_("code CPV principal"), max_length=8, blank=True, db_index=True)
    cpv_additional = models.JSONField(_("codes CPV complémentaires"), default=list, blank=True)
    nuts_codes = models.JSONField(_("codes NUTS"), default=list, blank=True)
    departements = models.JSONField(_("départements"), default=list, blank=True)
    published_on = models.DateField(_("publié le"), null=True, blank=True, db_index=True)
    deadline_at = models.DateTimeField(_("date limite de réponse"), null=True, blank=True, db_index=True)
    estimated_value = models.DecimalField(
        _("valeur estimée (HT)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("devise"), max_length=3, default="EUR")
    duration_months = models.PositiveIntegerField(_("durée (mois)"), null=True, blank=True)
    min_turnover = models.DecimalField(
        _("chiffre d'affaires minimal exigé"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    selection_references = models.TextField(_("références exigées"), blank=True)
    selection_certifications = models.JSONField(_("certifications exigées"), default=list, blank=True)
    selection_text = models.TextField(_("critères de sélection"), blank=True)
    reserved_ess = models.BooleanField(_("réservé à l'ESS"), default=False)
    reserved_insertion = models.BooleanField(_("réservé à l'insertion"), default=False)
    reserved_disability = models.BooleanField(_("réservé au handicap"), default=False)
    social_clause = models.BooleanField(_("clause sociale"), default=False)
    max_lots_per_bidder = models.PositiveIntegerField(_("lots maximum par candidat"), null=True, blank=True)
    links = models.JSONField(_("liens"), default=list, blank=True)
    raw = models.TextField(_("enregistrement d'origine"), blank=True)
    refers_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrers",
        verbose_name=_("avis concerné"),
    )
    # Kept even once linked: the referenced notice may arrive in a later import, and is linked then.
    refers_to_official_id = models.CharField(_("identifiant de l'avis concerné"), max_length=200, blank=True)
    amended_at = models.DateTimeField(_("rectifié le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    # A digest of everything read from the source: an unchanged record is recognised without rewriting it.
    content_hash = models.CharField(max_length=64, editable=False)
    # The demo shifts real notices' dates to keep them current; pages must say so whenever it is not 0.
    demo_date_shift_days = models.IntegerField(_("décalage de dates (démonstration)"), default=0)
    imported_at = models.DateTimeField(_("importé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "official_id"], name="notice_unique_official_id")
        ]
        # Late linking looks notices up by source and referenced id; with the source leading, SQLite's
        # planner prefers this index to scanning a whole source through the unique constraint above.
        indexes = [
            models.Index(fields=["source", "refers_to_official_id"], name="notice_refers_to_official_id")
        ]

    def __str__(self) -> str:
        return f"{self.official_id} — {self.title}"


class Lot(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="lots")
    number = models.CharField(_("numéro"), max_length=50)
    title = models.CharField(_("intitulé"), max_length=1000, blank=True)
    description = models.TextField(_("description"), blank=True)
    cpv_codes = models.JSONField(_("codes CPV"), default=list, blank=True)
    estimated_value = models.DecimalField(
        _("valeur estimée (HT)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    nuts_codes = models.JSONField(_("codes NUTS"), default=list, blank=True)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["notice", "pk"]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class Award(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="awards")
    lot_number = models.CharField(_("lot"), max_length=50, blank=True)
    amount = models.DecimalField(_("montant (HT)"), max_digits=14, decimal_places=2, null=True, blank=True)
    awarded_on = models.DateField(_("attribué le"), null=True, blank=True)
    tenders_received = models.PositiveIntegerField(_("offres reçues"), null=True, blank=True)

    class Meta:
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")
        ordering = ["notice", "pk"]

    def __str__(self) -> str:
        return f"{self.notice.official_id} {self.lot_number}".strip()


class AwardWinner(models.Model):
    """A contractor of an award; several winners of one award form a group (groupement)."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="winners")
    name = models.CharField(_("nom"), max_length=500)
    identifier = models.CharField(_("identifiant"), max_length=100, blank=True, db_index=True)
    identifier_type = models.CharField(_("type d'identifiant"), max_length=50, blank=True)
    position = models.PositiveSmallIntegerField(_("rang"), default=0)

    class Meta:
        verbose_name = _("titulaire")
        verbose_name_plural = _("titulaires")
        ordering = ["award", "position"]

    def __str__(self) -> str:
        return self.name


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échec")


class ImportRun(TimeStampedModel):
    """One import of a notice file, uploaded by a coordinator and run in the background."""

    # Capped so a file of bad records cannot grow a row without bound; the counts stay exact.
    MAX_ISSUES = 1000

    cluster = models.ForeignKey(
        "accounts.Cluster", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("pôle")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("déposé par"),
    )
    file = models.FileField(_("fichier"), upload_to="imports/%Y/%m/", max_length=300)
    file_name = models.CharField(_("nom du fichier"), max_length=255)
    status = models.CharField(
        _("état"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    records_seen = models.PositiveIntegerField(_("enregistrements lus"), default=0)
    created = models.PositiveIntegerField(_("avis créés"), default=0)
    updated = models.PositiveIntegerField(_("avis mis à jour"), default=0)
    unchanged = models.PositiveIntegerField(_("avis inchangés"), default=0)
    error_count = models.PositiveIntegerField(_("enregistrements écartés"), default=0)
    errors = models.JSONField(_("erreurs"), default=list, blank=True)
    warnings = models.JSONField(_("avertissements"), default=list, blank=True)
    failure = models.TextField(_("cause de l'échec"), blank=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import d'avis")
        verbose_name_plural = _("imports d'avis")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.FAILED}


class CapabilityProfile(ClusterScopedModel):
    """What an organisation can answer: the matching engine reads it through
    `matching_selectors.organisation_profiles`."""

    organisation = models.OneToOneField(
        "directory.Organisation", on_delete=models.CASCADE, related_name="capability_profile"
    )
    cpv_codes = models.JSONField(_("codes CPV"), default=list, blank=True)  # 8 digits, at any level
    keywords = models.TextField(_("mots-clés"), blank=True)
    # Empty means the organisation answers anywhere in France.
    departements = models.JSONField(_("zone d'intervention (départements)"), default=list, blank=True)
    annual_turnover = models.DecimalField(
        _("chiffre d'affaires annuel (HT)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    headcount = models.PositiveIntegerField(_("effectif"), null=True, blank=True)
    certifications = models.JSONField(_("certifications et labels"), default=list, blank=True)
    is_insertion = models.BooleanField(
        _("structure d'insertion par l'activité économique (SIAE)"), default=False
    )
    is_disability = models.BooleanField(_("entreprise adaptée ou ESAT"), default=False)

    class Meta:
        verbose_name = _("profil marchés publics")
        verbose_name_plural = _("profils marchés publics")

    def __str__(self) -> str:
        return str(self.organisation)


class ProfileReference(TimeStampedModel):
    """A past contract the organisation can cite, optionally the DECP record that published it."""

    profile = models.ForeignKey(CapabilityProfile, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(_("objet"), max_length=500)
    buyer_name = models.CharField(_("acheteur"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    amount = models.DecimalField(_("montant (HT)"), max_digits=14, decimal_places=2, null=True, blank=True)
    notice = models.ForeignKey(
        Notice,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cited_by",
        verbose_name=_("donnée essentielle (DECP)"),
    )

    class Meta:
        verbose_name = _("référence")
        verbose_name_plural = _("références")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class Procedure(models.TextChoices):
    """The procedure codes the readers give notices: eForms BT-105, plus 'adapted' for the French MAPA."""

    OPEN = "open", _("Appel d'offres ouvert")
    RESTRICTED = "restricted", _("Appel d'offres restreint")
    ADAPTED = "adapted", _("Procédure adaptée (MAPA)")
    NEGOTIATED_WITH_CALL = "neg-w-call", _("Procédure avec négociation")
    COMPETITIVE_DIALOGUE = "comp-dial", _("Dialogue compétitif")
    INNOVATION = "innovation", _("Partenariat d'innovation")
    NEGOTIATED_WITHOUT_CALL = "neg-wo-call", _("Marché négocié sans publicité ni mise en concurrence")


class SavedSearch(ClusterScopedModel):
    """An organisation's standing search of the notices: each notice it matches becomes one alert."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("structure"),
    )
    name = models.CharField(_("nom"), max_length=120)
    # 8-digit codes at any level of the tree: a code stands for itself and every code below it.
    cpv_codes = models.JSONField(_("codes CPV"), default=list, blank=True)
    keywords = models.CharField(_("mots-clés"), max_length=300, blank=True)
    # Empty means anywhere.
    departements = models.JSONField(_("départements"), default=list, blank=True)
    min_value = models.DecimalField(
        _("valeur estimée minimale (HT)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Empty means any procedure.
    procedures = models.JSONField(_("procédures"), default=list, blank=True)
    include_awarded = models.BooleanField(_("signaler aussi les marchés attribués"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créée par"),
    )

    class Meta:
        verbose_name = _("recherche enregistrée")
        verbose_name_plural = _("recherches enregistrées")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def procedure_labels(self) -> list[str]:
        return [Procedure(code).label for code in self.procedures if code in Procedure.values]


class Alert(models.Model):
    """A notice a saved search matched. Created once: a notice never alerts the same search twice."""

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("recherche")
    )
    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("avis")
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    seen_at = models.DateTimeField(_("vue le"), null=True, blank=True)
    # Set once the alert went out in a daily digest, whether it was listed or no longer worth listing.
    emailed_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "notice"], name="alert_once_per_search_and_notice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.saved_search} — {self.notice.official_id}"


class WatchFeedToken(ClusterScopedModel):
    """The secret in the addresses of an organisation's Atom and iCalendar feeds.

    Feed readers and calendars cannot log in, so whoever holds the address reads the feed. It is kept in
    clear, unlike API tokens, because members copy the address again whenever they add a reader; a new token
    replaces the old one, which then stops working.
    """

    organisation = models.OneToOneField(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="watch_feed_token",
        verbose_name=_("structure"),
    )
    token = models.CharField(_("jeton"), max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("adresse privée des flux de veille")
        verbose_name_plural = _("adresses privées des flux de veille")

    def __str__(self) -> str:
        return str(self.organisation)


class WatchSharing(ClusterScopedModel):
    """A cluster's declaration that it shares its procurement watch with a partner cluster.

    Sharing is effective once both clusters have declared it: then each may propose the other's members to
    fill what its own cannot cover in a groupement, and invite them to a joint response. Withdrawing the
    declaration ends it for both.
    """

    partner_cluster = models.ForeignKey(
        "accounts.Cluster", on_delete=models.CASCADE, related_name="+", verbose_name=_("pôle partenaire")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("déclaré par"),
    )

    class Meta:
        verbose_name = _("partage de veille")
        verbose_name_plural = _("partages de veille")
        ordering = ["cluster", "partner_cluster"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "partner_cluster"], name="watch_sharing_once"),
            models.CheckConstraint(
                condition=~models.Q(cluster=models.F("partner_cluster")), name="watch_sharing_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} → {self.partner_cluster}"
