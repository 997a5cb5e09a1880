"""Writes on users, memberships, API tokens and personal-data requests."""

from datetime import timedelta
from functools import partial

from axes.utils import reset as axes_reset
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .emails import invitation_send
from .models import (
    ORGANISATION_ROLES,
    ApiToken,
    Cluster,
    ErasureRequest,
    Membership,
    Role,
    User,
    hash_token,
)


def _normalise_email(email: str) -> str:
    return User.objects.normalize_email(email).strip().lower()


def _email_taken_error() -> ValidationError:
    return ValidationError({"email": _("Un compte existe déjà avec cette adresse e-mail.")})


def user_create(*, email: str, full_name: str, password: str | None = None) -> User:
    email = _normalise_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise _email_taken_error()
    user = User(email=email, full_name=full_name.strip())
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def membership_grant(*, cluster: Cluster, user: User, role: str, organisation=None) -> Membership:
    """Gives the user this role in the cluster, replacing any role held there before."""
    if role in ORGANISATION_ROLES and organisation is None:
        raise ValidationError({"organisation": _("Ce rôle agit pour une structure membre : choisissez-la.")})
    if organisation is not None and organisation.cluster_id != cluster.pk:
        raise ValidationError({"organisation": _("Cette structure n'appartient pas à ce pôle.")})
    if role not in ORGANISATION_ROLES:
        organisation = None
    membership, _created = Membership.objects.update_or_create(
        user=user, cluster=cluster, defaults={"role": role, "organisation": organisation}
    )
    return membership


def membership_revoke(*, membership: Membership) -> None:
    membership.delete()


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its clear value, which is never stored and cannot be shown again."""
    raw = ApiToken.new_raw_key()
    token = ApiToken.objects.create(user=user, name=name.strip() or _("Jeton"), key_hash=hash_token(raw))
    return token, raw


def api_token_authenticate(raw: str) -> User | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(raw)).first()
    if token is None or not token.user.is_active:
        return None
    # Written at most once a minute, precise enough for the account page: a script calling the API many
    # times a second would otherwise write a page to the database on every call. The condition is checked by
    # the statement itself, so every call costs the same two queries.
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - timedelta(seconds=60))
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    return token.user


def api_token_revoke(*, user: User, token_id: int) -> None:
    ApiToken.objects.filter(user=user, pk=token_id).delete()


def erasure_request_create(*, user: User, reason: str = "") -> ErasureRequest:
    pending = ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.PENDING).first()
    if pending is not None:
        return pending
    return ErasureRequest.objects.create(user=user, requester_email=user.email, reason=reason.strip())


CLUSTER_FIELDS = frozenset(
    {"name", "model", "territory", "charter", "contact_name", "contact_email", "contact_phone", "website"}
)


@transaction.atomic
def cluster_update(*, cluster: Cluster, fields: dict) -> Cluster:
    """Partial update of the cluster's public description; its address (slug) never changes here."""
    unknown = set(fields) - CLUSTER_FIELDS
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
    for name, value in fields.items():
        setattr(cluster, name, value)
    try:
        cluster.full_clean()
    except ValidationError:
        # The page around the form still shows the cluster's name: it must not show a refused one.
        cluster.refresh_from_db()
        raise
    cluster.save()
    return cluster


@transaction.atomic
def user_update(*, user: User, full_name: str, email: str) -> User:
    """Changes the name and the login e-mail; an e-mail held by another account is refused on its field."""
    email = _normalise_email(email)
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise _email_taken_error()
    user.full_name = full_name.strip()
    user.email = email
    try:
        user.full_clean(exclude=["password"])
    except ValidationError:
        # The caller keeps using this object (it is request.user): leave it as it is stored.
        user.refresh_from_db(fields=["full_name", "email"])
        raise
    user.save(update_fields=["full_name", "email"])
    return user


@transaction.atomic
def member_invite(
    *,
    cluster: Cluster,
    email: str,
    full_name: str,
    role: str,
    organisation=None,
    invited_by: User,
    base_url: str,
) -> Membership:
    """Gives a role in the cluster to someone, creating their account (without a password) when the e-mail
    has none; once committed, an e-mail tells them and, for a new account, lets them choose a password."""
    email = _normalise_email(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        _check_invitable(user=user, cluster=cluster)
    else:
        user = user_create(email=email, full_name=full_name)
    membership = membership_grant(cluster=cluster, user=user, role=role, organisation=organisation)
    transaction.on_commit(
        partial(invitation_send, membership=membership, invited_by=invited_by, base_url=base_url)
    )
    return membership


def _check_invitable(*, user: User, cluster: Cluster) -> None:
    if not user.is_active:
        raise ValidationError({"email": _("Ce compte est désactivé : il ne peut pas recevoir de rôle.")})
    if user.memberships.filter(cluster=cluster).exists():
        raise ValidationError(
            {
                "email": _(
                    "Cette personne a déjà un rôle dans ce pôle : modifiez-le depuis la liste des membres."
                )
            }
        )


@transaction.atomic
def member_role_change(*, membership: Membership, role: str, organisation=None) -> Membership:
    if role != Role.COORDINATOR:
        _check_not_last_coordinator(membership, field="role")
    return membership_grant(
        cluster=membership.cluster, user=membership.user, role=role, organisation=organisation
    )


@transaction.atomic
def member_revoke(*, membership: Membership) -> None:
    _check_not_last_coordinator(membership, field=None)
    membership_revoke(membership=membership)


def user_memberships_check_removable(*, user: User) -> None:
    """Refuses to remove a user who is the last coordinator of one of their clusters."""
    for membership in user.memberships.all():
        _check_not_last_coordinator(membership, field=None)


def _check_not_last_coordinator(membership: Membership, *, field: str | None) -> None:
    """A cluster always keeps a coordinator, or nobody could manage it any more."""
    # Locking the cluster row serialises coordinator changes, so two coordinators removing each other at
    # the same moment cannot both pass this check.
    Cluster.objects.select_for_update().filter(pk=membership.cluster_id).first()
    if membership.role != Role.COORDINATOR:
        return
    others = Membership.objects.filter(cluster_id=membership.cluster_id, role=Role.COORDINATOR)
    if not others.exclude(pk=membership.pk).exists():
        message = _("C'est la dernière personne à coordonner ce pôle : nommez d'abord quelqu'un d'autre.")
        raise ValidationError({field: message} if field else message)


def login_lock_lift(*, user: User) -> int:
    """Forgets the failed logins on this account, from every address; returns how many were forgotten."""
    return axes_reset(username=user.email)
