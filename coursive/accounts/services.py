"""Writes on users, memberships, API tokens and personal-data requests."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ORGANISATION_ROLES, ApiToken, Cluster, ErasureRequest, Membership, User, hash_token


def user_create(*, email: str, full_name: str, password: str | None = None) -> User:
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Un compte existe déjà avec cette adresse e-mail.")})
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
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_token_revoke(*, user: User, token_id: int) -> None:
    ApiToken.objects.filter(user=user, pk=token_id).delete()


def erasure_request_create(*, user: User, reason: str = "") -> ErasureRequest:
    pending = ErasureRequest.objects.filter(user=user, status=ErasureRequest.Status.PENDING).first()
    if pending is not None:
        return pending
    return ErasureRequest.objects.create(user=user, requester_email=user.email, reason=reason.strip())
