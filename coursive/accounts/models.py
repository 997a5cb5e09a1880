import hashlib
import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coursive.core.models import TimeStampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can log in. E-mail is the login; roles are held per cluster through Membership."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=150)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration technique"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    anonymised_at = models.DateTimeField(_("anonymisé le"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ClusterModel(models.TextChoices):
    CREATIVE_CLUSTER = "creative", _("Pôle d'entreprises culturelles et créatives")
    ESS_NETWORK = "ess_network", _("Réseau d'organisations de l'ESS")


class Cluster(TimeStampedModel):
    """One PTCE. Every domain record belongs to exactly one cluster."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'adresse"), unique=True, max_length=60)
    model = models.CharField(
        _("modèle"), max_length=20, choices=ClusterModel.choices, default=ClusterModel.CREATIVE_CLUSTER
    )
    territory = models.CharField(_("territoire"), max_length=200)
    charter = models.TextField(_("charte"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail de contact"))
    contact_phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)
    website = models.URLField(_("site web"), blank=True)

    class Meta:
        verbose_name = _("pôle")
        verbose_name_plural = _("pôles")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordination du pôle")
    MEMBER_ADMIN = "member_admin", _("Administrateur d'une structure membre")
    MEMBER_STAFF = "member_staff", _("Salarié d'une structure membre")
    BUYER = "buyer", _("Acheteur")
    RESIDENT = "resident", _("Habitant")


# Insiders act for a member organisation or for the coordination, as opposed to buyers and residents.
INSIDER_ROLES = frozenset({Role.COORDINATOR, Role.MEMBER_ADMIN, Role.MEMBER_STAFF})

# Roles that act for one member organisation and therefore need one.
ORGANISATION_ROLES = frozenset({Role.MEMBER_ADMIN, Role.MEMBER_STAFF})


class Membership(TimeStampedModel):
    """A user's role in one cluster; member admins and staff also name the organisation they act for."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("structure"),
    )

    class Meta:
        verbose_name = _("rôle dans un pôle")
        verbose_name_plural = _("rôles dans les pôles")
        constraints = [
            models.UniqueConstraint(fields=["user", "cluster"], name="membership_one_role_per_cluster"),
            models.CheckConstraint(
                condition=Q(role__in=sorted(ORGANISATION_ROLES), organisation__isnull=False)
                | (~Q(role__in=sorted(ORGANISATION_ROLES))),
                name="membership_member_roles_have_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.cluster}"

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_insider(self) -> bool:
        """The coordination and the people of member organisations, not buyers or residents."""
        return self.role in INSIDER_ROLES


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    """A personal API token. Only its SHA-256 is stored; the clear value is shown once, at creation."""

    PREFIX = "crs_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nom"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def new_raw_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class ErasureRequest(TimeStampedModel):
    """A person's request to have their personal data erased (GDPR art. 17), answered within a month."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        DONE = "done", _("Effectuée")
        REFUSED = "refused", _("Refusée")

    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="erasure_requests")
    requester_email = models.EmailField(_("e-mail du demandeur"))
    reason = models.TextField(_("motif"), blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PENDING)
    handled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="handled_erasure_requests"
    )
    handled_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    answer = models.TextField(_("réponse"), blank=True)

    class Meta:
        verbose_name = _("demande d'effacement")
        verbose_name_plural = _("demandes d'effacement")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.requester_email} ({self.get_status_display()})"
