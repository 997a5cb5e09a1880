"""Writes of the lending app: check-out, check-in, damage reports, maintenance and late-return notices.
Each refuses bad input with a French message before writing anything, in one transaction."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.core.dates import check_days_in_range
from coursive.core.emails import render_email
from coursive.directory.models import Organisation
from coursive.premises.models import Booking, Resource

from . import tasks
from .models import Condition, DamagePhoto, DamageReport, Loan, MaintenanceRecord
from .selectors import LENDABLE_KINDS, late_notice_recipients, open_maintenance

MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 8 * 1024 * 1024


def _lock_item(resource: Resource) -> Resource:
    """Locks the item's row: two check-outs of the same item are decided one after the other."""
    return Resource.objects.select_for_update().get(pk=resource.pk)


def _check_lendable(resource: Resource, organisation: Organisation) -> None:
    if resource.kind not in LENDABLE_KINDS:
        raise ValidationError(_("Seuls le matériel et les véhicules se prêtent."))
    if organisation.cluster_id != resource.cluster_id:
        raise ValidationError({"organisation": _("Cette structure n'appartient pas à ce pôle.")})
    if resource.condition == Resource.Condition.OUT_OF_ORDER:
        raise ValidationError(_("Ce matériel est hors service : il ne peut pas sortir."))
    maintenance = open_maintenance(resource=resource).first()
    if maintenance is not None:
        raise ValidationError(
            _("Ce matériel est en maintenance depuis le %(day)s (%(work)s) : il ne peut pas sortir.")
            % {"day": maintenance.started_on.strftime("%d/%m/%Y"), "work": maintenance.get_kind_display()}
        )
    current = Loan.objects.filter(resource=resource).out().select_related("organisation").first()
    if current is not None:
        raise ValidationError(
            _("Ce matériel est déjà sorti, prêté à %(borrower)s jusqu'au %(day)s.")
            % {"borrower": current.organisation.display_name, "day": current.due_on.strftime("%d/%m/%Y")}
        )


def _check_no_booking_clash(
    resource: Resource, organisation: Organisation, now: datetime, due_on: date
) -> None:
    """The item must not be booked by someone else before it is due back."""
    until = timezone.make_aware(datetime.combine(due_on + timedelta(days=1), time.min))
    clash = (
        Booking.objects.filter(resource=resource, status__in=Booking.ACTIVE_STATUSES)
        .overlapping(now, until)
        .exclude(organisation=organisation, kind=Booking.Kind.BOOKING)
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        when = timezone.localtime(clash.starts_at).strftime("%d/%m/%Y %H:%M")
        if clash.kind == Booking.Kind.MAINTENANCE:
            message = _("Une maintenance est prévue le %(when)s : rapportez le matériel avant.")
        else:
            message = _(
                "Ce matériel est réservé par une autre structure le %(when)s : choisissez un retour avant."
            )
        raise ValidationError({"due_on": message % {"when": when}})


@transaction.atomic
def loan_check_out(
    *,
    resource: Resource,
    organisation: Organisation,
    borrower_name: str,
    due_on: date,
    condition: str,
    notes: str = "",
    checked_out_by,
    borrower=None,
    now: datetime | None = None,
) -> Loan:
    """Hands an item to a member organisation, noting its condition and the expected return date."""
    now = now or timezone.now()
    check_days_in_range(due_on=due_on)
    resource = _lock_item(resource)
    _check_lendable(resource, organisation)
    if due_on < timezone.localdate(now):
        raise ValidationError({"due_on": _("La date de retour prévue est déjà passée.")})
    if condition not in Condition.values:
        raise ValidationError({"condition": _("Indiquez l'état du matériel au départ.")})
    if not borrower_name.strip():
        raise ValidationError({"borrower_name": _("Indiquez qui emporte le matériel.")})
    _check_no_booking_clash(resource, organisation, now, due_on)
    try:
        with transaction.atomic():
            return Loan.objects.create(
                cluster=resource.cluster,
                resource=resource,
                organisation=organisation,
                borrower_name=borrower_name.strip(),
                borrower=borrower,
                checked_out_at=now,
                checked_out_by=checked_out_by,
                checkout_condition=condition,
                checkout_notes=notes,
                due_on=due_on,
            )
    except IntegrityError as error:
        # Another check-out of the same item committed first (the unique constraint on open loans).
        raise ValidationError(_("Ce matériel vient d'être sorti par quelqu'un d'autre.")) from error


def _check_damage_input(description: str, cost_estimate: Decimal | None) -> None:
    if not description.strip():
        raise ValidationError({"description": _("Décrivez les dégâts constatés.")})
    if cost_estimate is not None and cost_estimate < 0:
        raise ValidationError({"cost_estimate": _("Le coût estimé ne peut pas être négatif.")})


@transaction.atomic
def loan_check_in(
    *,
    loan: Loan,
    condition: str,
    notes: str = "",
    checked_in_by,
    damage_description: str = "",
    cost_estimate: Decimal | None = None,
    now: datetime | None = None,
) -> Loan:
    """Takes an item back, noting its condition; the item's condition becomes the one seen at return. Damage
    described at return opens a damage report."""
    loan = Loan.objects.select_for_update().get(pk=loan.pk)
    if not loan.is_out:
        raise ValidationError(_("Ce prêt est déjà clos : le matériel a été rendu."))
    if condition not in Condition.values:
        raise ValidationError({"condition": _("Indiquez l'état du matériel au retour.")})
    if damage_description.strip() or cost_estimate is not None:
        _check_damage_input(damage_description, cost_estimate)
    loan.checked_in_at = now or timezone.now()
    loan.checked_in_by, loan.checkin_condition, loan.checkin_notes = checked_in_by, condition, notes
    loan.save(
        update_fields=["checked_in_at", "checked_in_by", "checkin_condition", "checkin_notes", "updated_at"]
    )
    Resource.objects.filter(pk=loan.resource_id).update(condition=condition)
    if damage_description.strip():
        DamageReport.objects.create(
            cluster=loan.cluster,
            resource_id=loan.resource_id,
            loan=loan,
            description=damage_description.strip(),
            cost_estimate=cost_estimate,
            reported_by=checked_in_by,
        )
    return loan


def _check_photos(photos) -> None:
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("%(count)s photos au plus.") % {"count": MAX_PHOTOS}})
    for photo in photos:
        if photo.size > MAX_PHOTO_BYTES:
            raise ValidationError({"photos": _("Chaque photo doit peser moins de 8 Mo.")})


@transaction.atomic
def damage_report_create(
    *,
    resource: Resource,
    description: str,
    reported_by,
    cost_estimate: Decimal | None = None,
    loan: Loan | None = None,
    photos=(),
) -> DamageReport:
    _check_damage_input(description, cost_estimate)
    _check_photos(photos)
    if loan is not None and loan.resource_id != resource.pk:
        raise ValidationError({"loan": _("Ce prêt ne concerne pas ce matériel.")})
    report = DamageReport.objects.create(
        cluster=resource.cluster,
        resource=resource,
        loan=loan,
        description=description.strip(),
        cost_estimate=cost_estimate,
        reported_by=reported_by,
    )
    for photo in photos:
        DamagePhoto.objects.create(report=report, image=photo)
    return report


@transaction.atomic
def damage_report_update(
    *, report: DamageReport, status: str, cost_estimate: Decimal | None, resolution: str = ""
) -> DamageReport:
    if status not in DamageReport.Status.values:
        raise ValidationError({"status": _("Suite inconnue.")})
    if cost_estimate is not None and cost_estimate < 0:
        raise ValidationError({"cost_estimate": _("Le coût estimé ne peut pas être négatif.")})
    report.status, report.cost_estimate, report.resolution = status, cost_estimate, resolution
    report.save(update_fields=["status", "cost_estimate", "resolution", "updated_at"])
    if status == DamageReport.Status.WRITTEN_OFF:
        Resource.objects.filter(pk=report.resource_id).update(condition=Resource.Condition.OUT_OF_ORDER)
    return report


def _check_maintenance(fields: dict) -> None:
    check_days_in_range(**{name: fields.get(name) for name in ("started_on", "completed_on", "next_due_on")})
    if fields.get("cost") is not None and fields["cost"] < 0:
        raise ValidationError({"cost": _("Le coût ne peut pas être négatif.")})
    if fields.get("completed_on") and fields["completed_on"] < fields["started_on"]:
        raise ValidationError({"completed_on": _("La fin ne peut pas précéder le début.")})
    if fields.get("next_due_on") and fields["next_due_on"] < fields["started_on"]:
        raise ValidationError({"next_due_on": _("La prochaine échéance doit suivre l'intervention.")})
    if not (fields.get("description") or "").strip():
        raise ValidationError({"description": _("Décrivez les travaux.")})


@transaction.atomic
def maintenance_record(*, resource: Resource, fields: dict, recorded_by) -> MaintenanceRecord:
    """Records work on an item. `fields`: kind, description, started_on, completed_on, provider, cost,
    next_due_on, damage_report. Work still running (no end date) keeps the item in."""
    resource = _lock_item(resource)
    if resource.kind not in LENDABLE_KINDS:
        raise ValidationError(_("La maintenance se suit ici pour le matériel et les véhicules."))
    _check_maintenance(fields)
    if not fields.get("completed_on") and Loan.objects.filter(resource=resource).out().exists():
        raise ValidationError(_("Ce matériel est sorti : enregistrez son retour avant de l'immobiliser."))
    report = fields.get("damage_report")
    if report is not None and report.resource_id != resource.pk:
        raise ValidationError({"damage_report": _("Ce constat ne concerne pas ce matériel.")})
    return MaintenanceRecord.objects.create(
        cluster=resource.cluster, resource=resource, recorded_by=recorded_by, **fields
    )


@transaction.atomic
def maintenance_complete(
    *,
    record: MaintenanceRecord,
    completed_on: date,
    cost: Decimal | None = None,
    next_due_on=None,
    condition="",
) -> MaintenanceRecord:
    record = MaintenanceRecord.objects.select_for_update().get(pk=record.pk)
    if record.completed_on is not None:
        raise ValidationError(_("Cette intervention est déjà terminée."))
    fields = {
        "started_on": record.started_on,
        "completed_on": completed_on,
        "cost": cost,
        "next_due_on": next_due_on,
    }
    _check_maintenance({**fields, "description": record.description})
    record.completed_on, record.next_due_on = completed_on, next_due_on
    record.cost = cost if cost is not None else record.cost
    record.save(update_fields=["completed_on", "cost", "next_due_on", "updated_at"])
    if condition:
        Resource.objects.filter(pk=record.resource_id).update(condition=condition)
    return record


def _late_notice(loan: Loan, today: date, base_url: str) -> int:
    recipients = late_notice_recipients(loan)
    if not recipients:
        return 0
    path = reverse("lending:loan", kwargs={"cluster_slug": loan.cluster.slug, "loan_id": loan.pk})
    context = {"loan": loan, "days_late": (today - loan.due_on).days, "url": f"{base_url.rstrip('/')}{path}"}
    subject, body = render_email("lending/email/late", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return 1


def loan_late_notify(*, loan_id: int, today: date, base_url: str) -> int:
    """Tells the borrower and the lender that the item is late, once per loan: the loan is locked and marked
    in the same transaction as the e-mail, so a task delivered twice sends nothing more."""
    with transaction.atomic():
        loan = (
            Loan.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("resource", "organisation", "cluster")
            .filter(pk=loan_id, late_notified_at__isnull=True)
            .late(today)
            .first()
        )
        if loan is None:
            return 0
        loan.late_notified_at = timezone.now()
        loan.save(update_fields=["late_notified_at", "updated_at"])
        return _late_notice(loan, today, base_url)


def loans_late_notify(*, today: date, base_url: str) -> int:
    """The daily round: a notice task per late loan not notified yet, enqueued once the round commits. Each
    task locks and marks its loan, so running the round twice sends nothing more. Returns the tasks queued."""
    with transaction.atomic():
        pending = list(
            Loan.objects.late(today).filter(late_notified_at__isnull=True).values_list("pk", flat=True)
        )
        for loan_id in pending:
            transaction.on_commit(
                partial(
                    tasks.loan_late_notify_task.enqueue,
                    loan_id=loan_id,
                    today=today.isoformat(),
                    base_url=base_url,
                )
            )
    return len(pending)
