from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coursive.core.models import ClusterScopedModel

from .validators import (
    validate_naf_format,
    validate_postcode,
    validate_rna,
    validate_siret,
    vat_number_for_siren,
)


class NafCode(models.Model):
    """A NAF rév. 2 sub-class (INSEE), loaded from data/naf2008_liste_n5.csv."""

    code = models.CharField(_("code"), max_length=6, primary_key=True, validators=[validate_naf_format])
    label = models.CharField(_("libellé"), max_length=255)

    class Meta:
        verbose_name = _("code NAF")
        verbose_name_plural = _("codes NAF")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.label}"


class Skill(models.Model):
    """A skill from the shared vocabulary every cluster uses, so buyers can search across members."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    name = models.CharField(_("nom"), max_length=120)
    family = models.CharField(_("famille"), max_length=120)

    class Meta:
        verbose_name = _("compétence")
        verbose_name_plural = _("compétences")
        ordering = ["family", "name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A free tag an organisation adds to describe itself beyond the shared vocabulary."""

    name = models.CharField(_("nom"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("mot-clé")
        verbose_name_plural = _("mots-clés")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("Association loi 1901")
    SCOP = "scop", _("SCOP (société coopérative de production)")
    SCIC = "scic", _("SCIC (société coopérative d'intérêt collectif)")
    CAE = "cae", _("CAE (coopérative d'activité et d'emploi)")
    SAS = "sas", _("SAS")
    SASU = "sasu", _("SASU")
    SARL = "sarl", _("SARL")
    EURL = "eurl", _("EURL")
    SA = "sa", _("SA")
    EI = "ei", _("Entreprise individuelle")
    MICRO = "micro", _("Micro-entreprise")
    FOUNDATION = "foundation", _("Fondation")
    EMPLOYER_GROUP = "employer_group", _("Groupement d'employeurs")
    PUBLIC_BODY = "public_body", _("Personne morale de droit public")
    OTHER = "other", _("Autre")


class EssStatus(models.TextChoices):
    NONE = "none", _("Hors ESS")
    BY_RIGHT = "by_right", _("ESS de droit (association, coopérative, mutuelle, fondation)")
    COMMERCIAL = "commercial", _("Société commerciale de l'ESS (art. 1 loi du 31 juillet 2014)")


class HeadcountBand(models.TextChoices):
    """INSEE's salaried-headcount bands (tranches d'effectif salarié)."""

    NONE = "00", _("0 salarié")
    FROM_1 = "01", _("1 ou 2 salariés")
    FROM_3 = "02", _("3 à 5 salariés")
    FROM_6 = "03", _("6 à 9 salariés")
    FROM_10 = "11", _("10 à 19 salariés")
    FROM_20 = "12", _("20 à 49 salariés")
    FROM_50 = "21", _("50 à 99 salariés")
    FROM_100 = "22", _("100 à 199 salariés")
    FROM_200 = "31", _("200 à 249 salariés")
    FROM_250 = "32", _("250 salariés ou plus")


class TurnoverBand(models.TextChoices):
    UNDER_50K = "lt50k", _("Moins de 50 000 €")
    FROM_50K = "50k-100k", _("50 000 à 100 000 €")
    FROM_100K = "100k-250k", _("100 000 à 250 000 €")
    FROM_250K = "250k-500k", _("250 000 à 500 000 €")
    FROM_500K = "500k-1m", _("500 000 à 1 million €")
    FROM_1M = "1m-2m", _("1 à 2 millions €")
    FROM_2M = "2m-5m", _("2 à 5 millions €")
    OVER_5M = "gt5m", _("Plus de 5 millions €")


class MembershipStatus(models.TextChoices):
    MEMBER = "member", _("Membre")
    PARTNER = "partner", _("Partenaire")
    FORMER = "former", _("Ancien membre")


class OrganisationQuerySet(models.QuerySet):
    def for_cluster(self, cluster):
        return self.filter(cluster=cluster)

    def for_directory(self):
        """What the member directory lists: everything but former members."""
        return self.exclude(membership_status=MembershipStatus.FORMER)


class Organisation(ClusterScopedModel):
    legal_name = models.CharField(_("raison sociale"), max_length=200)
    trade_name = models.CharField(_("nom d'usage"), max_length=200, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    legal_form = models.CharField(_("forme juridique"), max_length=20, choices=LegalForm.choices)
    rna_number = models.CharField(_("numéro RNA"), max_length=10, blank=True, validators=[validate_rna])
    ess_status = models.CharField(
        _("appartenance à l'ESS"), max_length=12, choices=EssStatus.choices, default=EssStatus.NONE
    )
    esus_approved = models.BooleanField(_("agrément ESUS"), default=False)
    esus_valid_until = models.DateField(_("agrément ESUS valable jusqu'au"), null=True, blank=True)
    naf = models.ForeignKey(NafCode, on_delete=models.PROTECT, verbose_name=_("code NAF (APE)"))
    street = models.CharField(_("adresse"), max_length=200)
    postcode = models.CharField(_("code postal"), max_length=5, validators=[validate_postcode])
    commune = models.CharField(_("commune"), max_length=120)
    departement = models.CharField(_("département"), max_length=3, editable=False, db_index=True)
    region = models.CharField(_("région"), max_length=2, editable=False)
    headcount_band = models.CharField(_("effectif salarié"), max_length=2, choices=HeadcountBand.choices)
    turnover_band = models.CharField(_("chiffre d'affaires"), max_length=10, choices=TurnoverBand.choices)
    website = models.URLField(_("site web"), blank=True)
    email = models.EmailField(_("e-mail de contact"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    skills = models.ManyToManyField(Skill, blank=True, verbose_name=_("compétences"))
    tags = models.ManyToManyField(Tag, blank=True, verbose_name=_("mots-clés"))
    membership_status = models.CharField(
        _("statut dans le pôle"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.MEMBER,
    )
    member_since = models.DateField(_("membre depuis"), null=True, blank=True)
    member_until = models.DateField(_("membre jusqu'au"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at", "departement", "region"])
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "siret"], name="organisation_siret_unique_in_cluster")
        ]
        # The directory lists a cluster's organisations by name, often filtered by status; its cache version
        # reads the latest change of the cluster.
        indexes = [
            models.Index(fields=["cluster", "legal_name"], name="organisation_cluster_name"),
            models.Index(
                fields=["cluster", "membership_status", "legal_name"], name="organisation_cluster_status"
            ),
            models.Index(fields=["cluster", "updated_at"], name="organisation_cluster_updated"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.trade_name or self.legal_name

    @property
    def siren(self) -> str:
        return self.siret[:9]

    @property
    def vat_number(self) -> str:
        return vat_number_for_siren(self.siren)


class Person(ClusterScopedModel):
    """Someone working for or with a member organisation, with or without a login."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="people",
        verbose_name=_("structure"),
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("compte"),
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom de famille"), max_length=100)
    job_title = models.CharField(_("fonction"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    is_public_contact = models.BooleanField(_("contact affiché aux acheteurs"), default=False)
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
