"""E-mails of group purchasing, to the admins of member organisations: a campaign opens (declare your needs
before the deadline), and a campaign closes (your share and saving, or why your need left the order). Each
is rendered from a French template pair (subject, body) and sent after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from coursive.accounts.models import Membership, Role
from coursive.core.emails import render_email
from coursive.directory.models import MembershipStatus

from . import selectors
from .models import Campaign


def _admins(cluster, organisation_ids=None):
    memberships = Membership.objects.filter(cluster=cluster, role=Role.MEMBER_ADMIN, user__is_active=True)
    memberships = memberships.exclude(organisation__membership_status=MembershipStatus.FORMER)
    if organisation_ids is not None:
        memberships = memberships.filter(organisation_id__in=organisation_ids)
    return memberships.select_related("user", "organisation")


def _message(template: str, context: dict, email: str) -> tuple:
    subject, body = render_email(f"purchasing/email/{template}", context)
    return subject, body, None, [email]


def _campaign_url(campaign: Campaign) -> str:
    path = reverse(
        "purchasing:detail", kwargs={"cluster_slug": campaign.cluster.slug, "campaign_id": campaign.pk}
    )
    return settings.SITE_URL + path


def campaign_opened_send(*, campaign: Campaign) -> int:
    context = {"campaign": campaign, "url": _campaign_url(campaign)}
    messages = [
        _message("campaign_opened", {**context, "membership": m}, m.user.email)
        for m in _admins(campaign.cluster)
    ]
    return send_mass_mail(messages, fail_silently=False)


def campaign_closed_send(*, campaign: Campaign) -> int:
    context = {"campaign": campaign, "url": _campaign_url(campaign)}
    shares = {a.organisation_id: a for a in selectors.campaign_allocations(campaign=campaign)}
    declined = {n.organisation_id: n for n in selectors.declined_needs(campaign=campaign)}
    messages = []
    for membership in _admins(campaign.cluster, organisation_ids=[*shares, *declined]):
        extra = {"membership": membership, "share": shares.get(membership.organisation_id)}
        extra["need"] = declined.get(membership.organisation_id)
        messages.append(_message("campaign_closed", {**context, **extra}, membership.user.email))
    return send_mass_mail(messages, fail_silently=False)
