"""Writes of the procurement watch: saved searches, the alerts they produce, the daily digest, feed tokens.

Alerts must not be noise: a saved search needs a CPV code or a keyword saying what is bought, a notice alerts
a search at most once, only open calls for tenders (and, on request, recent awards) are alerted, and the
digest leaves out what was already seen or can no longer be answered.
"""

import secrets
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.accounts.models import User
from coursive.core import geo
from coursive.core.emails import render_email
from coursive.core.text import tokens
from coursive.directory.models import Organisation

from . import cpv, tasks
from .models import Alert, Cpv, Notice, Procedure, SavedSearch, WatchFeedToken
from .watch_selectors import (
    digest_notices,
    digest_recipients,
    notices_to_alert,
    organisations_with_unsent_alerts,
)


def _clean_name(value: str) -> str:
    return (value or "").strip()


def _clean_cpv_codes(values: Iterable[str]) -> list[str]:
    codes, malformed = [], []
    for raw in values:
        try:
            codes.append(cpv.normalise(raw))
        except cpv.InvalidCpvCode:
            malformed.append(str(raw))
    if malformed:
        raise ValidationError(
            _("Code CPV mal formé : %(codes)s. Un code compte 8 chiffres, par exemple 79822500."),
            params={"codes": ", ".join(malformed)},
        )
    codes = list(dict.fromkeys(codes))
    unknown = sorted(set(codes) - set(Cpv.objects.filter(code8__in=codes).values_list("code8", flat=True)))
    if unknown:
        raise ValidationError(
            _("Code CPV absent de la nomenclature CPV 2008 : %(codes)s."),
            params={"codes": ", ".join(unknown)},
        )
    return codes


def _clean_keywords(value: str) -> str:
    keywords = " ".join((value or "").split())
    if keywords and not tokens(keywords):
        raise ValidationError(
            _("Mots-clés : aucun mot significatif dans « %(keywords)s » ; les mots courants sont ignorés."),
            params={"keywords": keywords},
        )
    return keywords


def _departement_code(raw: str) -> str:
    code = str(raw).strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


def _clean_departements(values: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(_departement_code(value) for value in values))
    unknown = [code for code in codes if code not in geo.DEPARTEMENTS]
    if unknown:
        raise ValidationError(
            _("Département inconnu : %(codes)s. Indiquez des codes comme 21, 2A ou 974."),
            params={"codes": ", ".join(unknown)},
        )
    return codes


def _clean_min_value(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise ValidationError(_("La valeur minimale n'est pas un montant.")) from error
    if amount < 0:
        raise ValidationError(_("La valeur minimale ne peut pas être négative."))
    return amount


def _clean_procedures(values: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(str(value) for value in values))
    unknown = [code for code in codes if code not in Procedure.values]
    if unknown:
        raise ValidationError(_("Procédure inconnue : %(codes)s."), params={"codes": ", ".join(unknown)})
    return codes


CLEANERS = {
    "name": _clean_name,
    "cpv_codes": _clean_cpv_codes,
    "keywords": _clean_keywords,
    "departements": _clean_departements,
    "min_value": _clean_min_value,
    "procedures": _clean_procedures,
    "include_awarded": bool,
    "is_active": bool,
}


def _apply_fields(saved_search: SavedSearch, fields: dict) -> None:
    """Sets the cleaned values, or raises every problem at once with the field it concerns."""
    unknown = set(fields) - set(CLEANERS)
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
    errors: dict = {}
    for name, value in fields.items():
        try:
            setattr(saved_search, name, CLEANERS[name](value))
        except ValidationError as error:
            errors[name] = error.messages
    try:
        saved_search.full_clean(exclude=list(errors))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if not errors and not saved_search.cpv_codes and not saved_search.keywords:
        errors[NON_FIELD_ERRORS] = [
            _(
                "Indiquez au moins un code CPV ou un mot-clé : sans eux, la recherche signalerait tous les avis."
            )
        ]
    if errors:
        raise ValidationError(errors)


def _save(saved_search: SavedSearch, fields: dict) -> SavedSearch:
    _apply_fields(saved_search, fields)
    saved_search.save()
    if saved_search.is_active:
        # The notices already published are alerted at once, not at the next import.
        transaction.on_commit(partial(tasks.alerts_generate_task.enqueue, search_ids=[saved_search.pk]))
    return saved_search


@transaction.atomic
def saved_search_create(*, organisation: Organisation, created_by: User | None, fields: dict) -> SavedSearch:
    saved_search = SavedSearch(cluster=organisation.cluster, organisation=organisation, created_by=created_by)
    _save(saved_search, fields)
    watch_feed_token_ensure(organisation=organisation)
    return saved_search


@transaction.atomic
def saved_search_update(*, saved_search: SavedSearch, fields: dict) -> SavedSearch:
    """Alerts already created stay, even those the new criteria would no longer give."""
    return _save(saved_search, fields)


def saved_search_delete(*, saved_search: SavedSearch) -> None:
    saved_search.delete()


def alerts_generate(
    *,
    notices: QuerySet[Notice] | None = None,
    search_ids: Iterable[int] | None = None,
    now: datetime | None = None,
) -> int:
    """Creates an alert for each notice an active saved search matches and has not alerted yet, among
    `notices` if given, for the searches `search_ids` if given. Running it again creates nothing new.
    Returns the number of alerts created."""
    now = now or timezone.now()
    searches = SavedSearch.objects.filter(is_active=True).order_by("pk")
    if search_ids is not None:
        searches = searches.filter(pk__in=list(search_ids))
    created = 0
    for saved_search in list(searches):
        notice_ids = notices_to_alert(saved_search=saved_search, now=now, notices=notices)
        # A concurrent run may have created some of them in between: the unique constraint keeps one.
        Alert.objects.bulk_create(
            [Alert(saved_search=saved_search, notice_id=notice_id) for notice_id in notice_ids],
            batch_size=500,
            ignore_conflicts=True,
        )
        created += len(notice_ids)
    return created


def alerts_mark_seen(
    *, organisation: Organisation, now: datetime, saved_search: SavedSearch | None = None
) -> int:
    alerts = Alert.objects.filter(saved_search__organisation=organisation, seen_at__isnull=True)
    if saved_search is not None:
        alerts = alerts.filter(saved_search=saved_search)
    return alerts.update(seen_at=now)


def _claim_unsent_alerts(organisation: Organisation, now: datetime) -> list[int]:
    """Marks the organisation's unsent alerts as sent and returns them. Inside the sending transaction, a
    second run waits for the first and then finds nothing left, so a digest never goes out twice; a failed
    sending rolls the marks back, so it goes out the next day."""
    unsent = Alert.objects.select_for_update(of=("self",)).filter(
        saved_search__organisation=organisation, emailed_at__isnull=True
    )
    alert_ids = list(unsent.values_list("pk", flat=True))
    Alert.objects.filter(pk__in=alert_ids, emailed_at__isnull=True).update(emailed_at=now)
    return alert_ids


def _absolute(base_url: str, name: str, **kwargs) -> str:
    return base_url.rstrip("/") + reverse(name, kwargs=kwargs)


def _digest_message(*, user: User, organisation: Organisation, notices: list[Notice], watch_url: str):
    context = {"user": user, "organisation": organisation, "notices": notices, "watch_url": watch_url}
    subject, body = render_email("procurement/email/watch_digest", context)
    message = EmailMultiAlternatives(subject, body, to=[user.email])
    message.attach_alternative(
        render_to_string("procurement/email/watch_digest_body.html", context), "text/html"
    )
    return message


def watch_digest_send(*, organisation: Organisation, now: datetime, base_url: str) -> int:
    """E-mails each of the organisation's people the notices alerted since the last digest, one message
    each so nobody sees the others' addresses. Sends nothing when nothing new is worth reading. Returns the
    number of e-mails sent."""
    slug = organisation.cluster.slug
    with transaction.atomic():
        alert_ids = _claim_unsent_alerts(organisation, now)
        notices = digest_notices(organisation=organisation, alert_ids=alert_ids, now=now)
        recipients = digest_recipients(organisation=organisation) if notices else []
        for notice in notices:
            notice.url = _absolute(
                base_url, "procurement:notice_detail", cluster_slug=slug, notice_id=notice.pk
            )
        watch_url = _absolute(base_url, "procurement:watch", cluster_slug=slug)
        messages = [
            _digest_message(user=user, organisation=organisation, notices=notices, watch_url=watch_url)
            for user in recipients
        ]
        if messages:
            get_connection().send_messages(messages)
    return len(messages)


def watch_digests_send_all(*, now: datetime, base_url: str) -> int:
    """The daily digest of every organisation with unsent alerts. Returns the number of e-mails sent."""
    return sum(
        watch_digest_send(organisation=organisation, now=now, base_url=base_url)
        for organisation in organisations_with_unsent_alerts()
    )


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def watch_feed_token_ensure(*, organisation: Organisation) -> WatchFeedToken:
    feed_token, _created = WatchFeedToken.objects.get_or_create(
        organisation=organisation, defaults={"cluster": organisation.cluster, "token": _new_token()}
    )
    return feed_token


def watch_feed_token_regenerate(*, organisation: Organisation) -> WatchFeedToken:
    """A new secret for the feed addresses: the old addresses stop working at once."""
    feed_token, _created = WatchFeedToken.objects.update_or_create(
        organisation=organisation, defaults={"cluster": organisation.cluster, "token": _new_token()}
    )
    return feed_token
