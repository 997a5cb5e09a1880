"""E-mails sent to people about their account. Each is rendered from a French template pair (subject, body)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from coursive.core.emails import render_email

from .models import Membership, User


def set_password_url(*, user: User, base_url: str) -> str:
    """A one-time link to the password-reset page: the token stops working once a password is set."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    return base_url + path


def invitation_send(*, membership: Membership, invited_by: User, base_url: str) -> None:
    """Tells someone they have a role in a cluster; without a password yet, the e-mail lets them choose one."""
    user = membership.user
    context = {
        "user": user,
        "membership": membership,
        "invited_by": invited_by,
        "login_url": base_url + reverse("accounts:login"),
        "set_password_url": ""
        if user.has_usable_password()
        else set_password_url(user=user, base_url=base_url),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject, body = render_email("accounts/email/invitation", context)
    send_mail(subject, body, None, [user.email])
