"""Writes on capability profiles and their references. Each write validates everything first and refuses with
French messages naming the fields, so the pages and the API say the same thing and never save half a
profile."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coursive.core.geo import DEPARTEMENTS
from coursive.directory.models import Organisation

from . import cpv
from .matching_selectors import cpv_nomenclature
from .models import CapabilityProfile, Notice, ProfileReference
from .records import NoticeKind

PROFILE_FIELDS = frozenset({"keywords", "annual_turnover", "headcount", "is_insertion", "is_disability"})
REFERENCE_FIELDS = frozenset({"title", "buyer_name", "year", "amount"})
CERTIFICATION_MAX_LENGTH = 100
# Old enough for any reference still worth citing; a contract is not cited before the year it starts.
FIRST_REFERENCE_YEAR = 1950


@transaction.atomic
def capability_profile_update(
    *,
    organisation: Organisation,
    fields: dict,
    cpv_codes: list[str],
    departements: list[str],
    certifications: list[str],
) -> CapabilityProfile:
    """Creates or replaces the organisation's profile. `cpv_codes` may hold codes at any level, with or
    without check digit; an empty `departements` means the organisation works anywhere in France."""
    values = _profile_values(
        fields, cpv_codes=cpv_codes, departements=departements, certifications=certifications
    )
    profile, _created = CapabilityProfile.objects.get_or_create(
        organisation=organisation, defaults={"cluster": organisation.cluster}
    )
    for name, value in values.items():
        setattr(profile, name, value)
    profile.save()
    return profile


def _profile_values(fields: dict, **lists: list[str]) -> dict:
    """Every value to save, each list cleaned; all the refusals at once, by field."""
    _check_known(fields, PROFILE_FIELDS)
    checks = {
        "cpv_codes": _normalised_codes,
        "departements": _checked_departements,
        "certifications": _checked_certifications,
    }
    values, errors = dict(fields), {}
    for name, check in checks.items():
        try:
            values[name] = check(lists[name])
        except ValidationError as error:
            errors[name] = error.messages
    errors |= _negative(values, ("annual_turnover", "headcount"))
    if errors:
        raise ValidationError(errors)
    return values


def _check_known(fields: dict, allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})


def _normalised_codes(raw_codes: list[str]) -> list[str]:
    codes, unknown = [], []
    nomenclature = cpv_nomenclature()
    for raw in raw_codes:
        try:
            code = cpv.normalise(raw)
        except cpv.InvalidCpvCode:
            code = None
        if code is None or not nomenclature.is_known(code):
            unknown.append(str(raw).strip())
        else:
            codes.append(code)
    if unknown:
        message = ngettext(
            "Code CPV inconnu de la nomenclature CPV 2008 : %(codes)s.",
            "Codes CPV inconnus de la nomenclature CPV 2008 : %(codes)s.",
            len(unknown),
        )
        raise ValidationError(message % {"codes": ", ".join(unknown)})
    return list(dict.fromkeys(codes))


def _checked_departements(codes: list[str]) -> list[str]:
    codes = [str(code).strip().upper() for code in codes]
    unknown = [code for code in codes if code not in DEPARTEMENTS]
    if unknown:
        message = ngettext(
            "Numéro de département inconnu : %(codes)s.",
            "Numéros de département inconnus : %(codes)s.",
            len(unknown),
        )
        raise ValidationError(message % {"codes": ", ".join(unknown)})
    return sorted(set(codes))


def _checked_certifications(names: list[str]) -> list[str]:
    names = [name.strip() for name in names if name.strip()]
    too_long = [name for name in names if len(name) > CERTIFICATION_MAX_LENGTH]
    if too_long:
        message = _("Une certification compte au plus %(max)d caractères : « %(name)s » est trop longue.")
        raise ValidationError(message % {"name": too_long[0], "max": CERTIFICATION_MAX_LENGTH})
    return list(dict.fromkeys(names))


def _negative(values: dict, names: tuple[str, ...]) -> dict[str, str]:
    return {
        name: _("Ce nombre ne peut pas être négatif.")
        for name in names
        if values.get(name) is not None and Decimal(values[name]) < 0
    }


@transaction.atomic
def profile_reference_add(
    *, organisation: Organisation, fields: dict, notice_id: int | None = None
) -> ProfileReference:
    """Adds a past contract to the organisation's profile, creating an empty profile if needed. Linked to an
    awarded contract of the DECP, it takes that record's object, buyer, year and amount where left blank."""
    reference = ProfileReference()
    _apply_reference(reference, fields, notice_id)
    profile, _created = CapabilityProfile.objects.get_or_create(
        organisation=organisation, defaults={"cluster": organisation.cluster}
    )
    reference.profile = profile
    reference.save()
    return reference


@transaction.atomic
def profile_reference_update(
    *, reference: ProfileReference, fields: dict, notice_id: int | None = None
) -> ProfileReference:
    _apply_reference(reference, fields, notice_id)
    reference.save()
    return reference


def profile_reference_delete(*, reference: ProfileReference) -> None:
    reference.delete()


def _apply_reference(reference: ProfileReference, fields: dict, notice_id: int | None) -> None:
    _check_known(fields, REFERENCE_FIELDS)
    notice = _decp_contract(notice_id)
    values = fields | ({"notice": notice} | _filled_from(notice, fields) if notice else {"notice": None})
    _check_reference(values)
    for name, value in values.items():
        setattr(reference, name, value)


def _decp_contract(notice_id: int | None) -> Notice | None:
    if notice_id is None:
        return None
    notice = (
        Notice.objects.filter(pk=notice_id, kind=NoticeKind.AWARDED_CONTRACT)
        .prefetch_related("awards")
        .first()
    )
    if notice is None:
        raise ValidationError({"notice": _("Ce marché ne figure pas parmi les données essentielles (DECP).")})
    return notice


def _filled_from(notice: Notice, fields: dict) -> dict:
    """The DECP record's values for the fields left blank."""
    amounts = [award.amount for award in notice.awards.all() if award.amount is not None]
    known = {
        "title": notice.title[:500],
        "buyer_name": notice.buyer_name[:300],
        "year": notice.published_on.year if notice.published_on else None,
        "amount": sum(amounts) if amounts else notice.estimated_value,
    }
    return {name: value for name, value in known.items() if fields.get(name) in (None, "")}


def _check_reference(values: dict) -> None:
    errors = _negative(values, ("amount",))
    if not (values.get("title") or "").strip():
        errors["title"] = _("Indiquez l'objet du marché, ou choisissez-le parmi les données essentielles.")
    year, this_year = values.get("year"), timezone.localdate().year
    if year is not None and not FIRST_REFERENCE_YEAR <= year <= this_year:
        errors["year"] = _("L'année doit être comprise entre %(first)d et %(last)d.") % {
            "first": FIRST_REFERENCE_YEAR,
            "last": this_year,
        }
    if errors:
        raise ValidationError(errors)
