"""Writes on organisations and people. Each one validates the whole record before saving, so the pages and
the API refuse bad input with the same field-named messages and never write half a record."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coursive.accounts.models import ErasureRequest, User
from coursive.accounts.services import user_memberships_check_removable
from coursive.core import geo
from coursive.core.text import search_document

from .models import MembershipStatus, Organisation, Person, Skill, Tag
from .validators import normalise_siret

ORGANISATION_FIELDS = frozenset(
    {
        "legal_name",
        "trade_name",
        "siret",
        "legal_form",
        "rna_number",
        "ess_status",
        "esus_approved",
        "esus_valid_until",
        "naf_id",
        "street",
        "postcode",
        "commune",
        "headcount_band",
        "turnover_band",
        "website",
        "email",
        "phone",
        "description",
        "membership_status",
        "member_since",
        "member_until",
    }
)


def _apply_organisation_fields(organisation: Organisation, fields: dict) -> None:
    unknown = set(fields) - ORGANISATION_FIELDS
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.siret = normalise_siret(organisation.siret)
    organisation.departement = geo.departement_for_postcode(organisation.postcode) or ""
    organisation.region = geo.region_for_departement(organisation.departement) or ""


def _refresh_search_text(organisation: Organisation, skills, tags) -> None:
    organisation.search_text = search_document(
        organisation.legal_name,
        organisation.trade_name,
        organisation.description,
        organisation.commune,
        organisation.naf.label if organisation.naf_id else "",
        " ".join(skill.name for skill in skills),
        " ".join(tag.name for tag in tags),
    )


def _tags_from_names(names: list[str]) -> list[Tag]:
    cleaned = sorted({name.strip().lower()[:60] for name in names if name and name.strip()})
    return [Tag.objects.get_or_create(name=name)[0] for name in cleaned]


def _save_organisation(organisation, *, by, skills, tag_names, reason: str) -> Organisation:
    skills = (
        list(skills) if skills is not None else list(organisation.skills.all()) if organisation.pk else []
    )
    tags = (
        _tags_from_names(tag_names)
        if tag_names is not None
        else (list(organisation.tags.all()) if organisation.pk else [])
    )
    _validate_organisation(organisation)
    _refresh_search_text(organisation, skills, tags)
    organisation._history_user = by
    organisation._change_reason = reason
    organisation.save()
    organisation.skills.set(skills)
    organisation.tags.set(tags)
    return organisation


def _validate_organisation(organisation: Organisation) -> None:
    """Collects every problem at once, so a form shows them all on the first try."""
    errors: dict = {}
    checks = (
        _check_membership_dates,
        _check_siret_free_in_cluster,
        # The model's only constraint, one SIRET per cluster, is checked above with a message naming the
        # field; the database constraint stays as the last guard.
        partial(Organisation.full_clean, validate_constraints=False),
    )
    for check in checks:
        try:
            check(organisation)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _check_siret_free_in_cluster(organisation: Organisation) -> None:
    others = Organisation.objects.filter(cluster_id=organisation.cluster_id, siret=organisation.siret)
    if organisation.siret and others.exclude(pk=organisation.pk).exists():
        raise ValidationError({"siret": _("Une structure de ce pôle a déjà ce SIRET.")})


def _check_membership_dates(organisation: Organisation) -> None:
    if (
        organisation.member_since
        and organisation.member_until
        and organisation.member_until < organisation.member_since
    ):
        raise ValidationError({"member_until": _("La date de fin d'adhésion précède la date d'adhésion.")})


@transaction.atomic
def organisation_create(
    *,
    cluster,
    by: User | None,
    fields: dict,
    skills: list[Skill] | None = None,
    tag_names: list[str] | None = None,
) -> Organisation:
    organisation = Organisation(cluster=cluster)
    _apply_organisation_fields(organisation, fields)
    return _save_organisation(
        organisation, by=by, skills=skills or [], tag_names=tag_names or [], reason="création"
    )


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    by: User | None,
    fields: dict,
    skills: list[Skill] | None = None,
    tag_names: list[str] | None = None,
) -> Organisation:
    """Partial update: only the given fields change; skills and tags change only when given."""
    _apply_organisation_fields(organisation, fields)
    return _save_organisation(organisation, by=by, skills=skills, tag_names=tag_names, reason="modification")


PERSON_FIELDS = frozenset({"first_name", "last_name", "job_title", "email", "phone", "is_public_contact"})


@transaction.atomic
def person_create(*, organisation: Organisation, fields: dict, user: User | None = None) -> Person:
    person = Person(cluster=organisation.cluster, organisation=organisation, user=user)
    return _save_person(person, fields)


@transaction.atomic
def person_update(*, person: Person, fields: dict) -> Person:
    if person.anonymised_at is not None:
        raise ValidationError(_("Cette personne a été anonymisée : sa fiche ne peut plus être modifiée."))
    return _save_person(person, fields)


def _save_person(person: Person, fields: dict) -> Person:
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    return person


def person_delete(*, person: Person) -> None:
    person.delete()


def person_anonymise(*, person: Person) -> None:
    """Keeps the record, so the organisation's history still counts a person there, without who it was."""
    person.first_name = _("Personne")
    person.last_name = _("anonymisée")
    person.job_title = ""
    person.email = ""
    person.phone = ""
    person.is_public_contact = False
    person.user = None
    person.anonymised_at = timezone.now()
    person.save()


@transaction.atomic
def organisation_anonymise_people(*, organisation: Organisation) -> int:
    """For a former member only: erases its people's identities while its own record and history stay."""
    if organisation.membership_status != MembershipStatus.FORMER:
        raise ValidationError(
            _("Seules les personnes d'un ancien membre peuvent être anonymisées : changez son statut.")
        )
    people = list(organisation.people.filter(anonymised_at__isnull=True))
    for person in people:
        person_anonymise(person=person)
    return len(people)


@transaction.atomic
def user_anonymise(*, user: User) -> None:
    """Erases what identifies the user while keeping the records they took part in (history, invoices)."""
    for person in user.people.all():
        person_anonymise(person=person)
    user.email = f"anonyme-{user.pk}@anonyme.invalid"
    user.full_name = _("Personne anonymisée")
    user.is_active = False
    user.anonymised_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.api_tokens.all().delete()
    user.memberships.all().delete()


@transaction.atomic
def erasure_request_handle(
    *, erasure_request: ErasureRequest, by: User, approve: bool, answer: str = ""
) -> None:
    if erasure_request.status != ErasureRequest.Status.PENDING:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    if approve and erasure_request.user is not None:
        user_memberships_check_removable(user=erasure_request.user)
        user_anonymise(user=erasure_request.user)
        erasure_request.requester_email = f"anonyme-{erasure_request.pk}@anonyme.invalid"
    erasure_request.status = ErasureRequest.Status.DONE if approve else ErasureRequest.Status.REFUSED
    erasure_request.handled_by = by
    erasure_request.handled_at = timezone.now()
    erasure_request.answer = answer
    erasure_request.save()


def personal_data_export(*, user: User) -> dict:
    """Everything Coursive holds about the user (GDPR access and portability), as plain JSON-ready data."""
    return {
        "compte": {
            "email": user.email,
            "nom_complet": user.full_name,
            "inscrit_le": user.date_joined.isoformat(),
            "derniere_connexion": user.last_login.isoformat() if user.last_login else None,
        },
        "roles": [
            {
                "pole": membership.cluster.name,
                "role": membership.get_role_display(),
                "structure": membership.organisation.display_name if membership.organisation else None,
            }
            for membership in user.memberships.select_related("cluster", "organisation")
        ],
        "fiches_personne": [
            {
                "pole": person.cluster.name,
                "structure": person.organisation.display_name if person.organisation else None,
                "prenom": person.first_name,
                "nom": person.last_name,
                "fonction": person.job_title,
                "email": person.email,
                "telephone": person.phone,
                "contact_public": person.is_public_contact,
            }
            for person in user.people.select_related("cluster", "organisation")
        ],
        "jetons_api": [
            {"nom": token.name, "cree_le": token.created_at.isoformat()} for token in user.api_tokens.all()
        ],
        "modifications_de_fiches": [
            {
                "structure": record.legal_name,
                "date": record.history_date.isoformat(),
                "type": record.history_type,
            }
            for record in Organisation.history.filter(history_user=user).order_by("-history_date")[:500]
        ],
        "demandes_effacement": [
            {"date": request.created_at.isoformat(), "etat": request.get_status_display()}
            for request in user.erasure_requests.all()
        ],
    }
