"""The French explanation of a pair's score: one reason per component, ending with its points, then notes."""

from coursive.core.geo import DEPARTEMENTS, REGIONS, region_for_departement
from coursive.core.money import whole_euros
from coursive.core.text import stem_words
from coursive.procurement import cpv
from coursive.procurement.cpv import LEVEL_NAMES_FR, CpvNomenclature
from coursive.procurement.records import Reservation

from .scoring import WEIGHTS, Assessment, PlaceFit

# Everything shown to users, in French, in one place so it can be wrapped for translation.
MESSAGES = {
    "points": "{reason} — {points}/{weight} points",
    "cpv_main": "Code CPV {code}",
    "cpv_additional": "Code CPV secondaire {code}",
    "cpv_same": "{notice} : c'est l'un de vos codes",
    "cpv_within": "{notice} : compris dans votre code {org}",
    "cpv_covers": "{notice} : englobe votre code {org}",
    "cpv_sibling": "{notice} : même {level} {ancestor} que votre code {org}",
    "cpv_none": "{notice} : aucun de vos codes dans la même division",
    "cpv_no_notice_code": "L'avis n'indique pas de code CPV",
    "cpv_no_profile_code": "Votre profil n'indique pas de code CPV",
    "text_shared": "Mots en commun avec votre profil : {words}",
    "text_weak": "Trop peu de mots en commun avec votre profil pour compter : {words}",
    "text_none": "Aucun mot significatif en commun avec votre profil",
    "place_unknown": "Lieu d'exécution non précisé",
    "place_zone": "Lieu d'exécution : {place}, dans votre zone d'intervention",
    "place_nationwide": "Lieu d'exécution : {place} ; vous intervenez dans toute la France",
    "place_region": "Lieu d'exécution : {place}, hors de votre zone mais dans la même région ({region})",
    "place_outside": "Lieu d'exécution : {place}, hors de votre zone d'intervention",
    "turnover_above": "Chiffre d'affaires {turnover} : au-dessus du minimum exigé de {required}",
    "turnover_below": "Chiffre d'affaires {turnover} : en dessous du minimum exigé de {required}",
    "turnover_unknown": "Chiffre d'affaires non renseigné : le minimum exigé est de {required}",
    "turnover_vs_value": "Chiffre d'affaires {turnover} : {share} de la valeur estimée du marché ({value})",
    "turnover_covers_value": "Chiffre d'affaires {turnover} : au moins la valeur estimée du marché ({value})",
    "turnover_unknown_value": "Chiffre d'affaires non renseigné ; valeur estimée du marché : {value}",
    "turnover_no_requirement": "Aucune exigence de chiffre d'affaires connue",
    "turnover_capped": (
        "Le minimum de chiffre d'affaires demandé ({asked}) dépasse le double de la valeur estimée ({value}) "
        "que permet l'article R2142-7 du code de la commande publique : il est ramené à {required}"
    ),
    "open_market": "Marché ouvert à toutes les entreprises, sans réservation",
    "reserved_access": "{reserved} : votre structure y a accès",
    "reserved_no_access": "{reserved} : votre structure n'y a pas accès",
    "reserved": "Marché réservé {audiences}",
    "reserved_join": " ou ",
    Reservation.ESS: "aux entreprises de l'économie sociale et solidaire (art. L2113-15)",
    Reservation.INSERTION: "aux structures d'insertion par l'activité économique (art. L2113-13)",
    Reservation.DISABILITY: "aux entreprises adaptées et aux ESAT (art. L2113-12)",
    "deadline_passed": "Date limite de remise des offres dépassée ({date})",
}
MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def explain(assessment: Assessment, nomenclature: CpvNomenclature | None) -> list[str]:
    """One reason per component, ending with its points, then the notes without points."""
    reasons = (
        _cpv_reason(assessment, nomenclature),
        _text_reason(assessment),
        _place_reason(assessment.place),
        _capacity_reason(assessment),
        _reservation_reason(assessment),
    )
    scored = [
        MESSAGES["points"].format(reason=reason, points=points, weight=weight)
        for reason, points, weight in zip(reasons, assessment.points, WEIGHTS.values(), strict=True)
    ]
    return scored + _notes(assessment)


def _cpv_reason(assessment: Assessment, nomenclature: CpvNomenclature | None) -> str:
    fit, notice = assessment.cpv, assessment.notice.profile
    if not notice.cpv_codes:
        return MESSAGES["cpv_no_notice_code"]
    if not assessment.organisation.profile.cpv_codes:
        return MESSAGES["cpv_no_profile_code"]
    code = _describe(fit.notice_code, nomenclature)
    described = MESSAGES["cpv_main" if fit.main else "cpv_additional"].format(code=code)
    if fit.organisation_code is None:
        return MESSAGES["cpv_none"].format(notice=described)
    organisation = _describe(fit.organisation_code, nomenclature)
    ancestor = cpv.common_ancestor(fit.notice_code, fit.organisation_code)
    if fit.notice_code == fit.organisation_code:
        return MESSAGES["cpv_same"].format(notice=described)
    if ancestor in (fit.organisation_code, fit.notice_code):
        key = "cpv_within" if ancestor == fit.organisation_code else "cpv_covers"
        return MESSAGES[key].format(notice=described, org=organisation)
    level = LEVEL_NAMES_FR[cpv.level(ancestor)]
    ancestor = _describe(ancestor, nomenclature)
    return MESSAGES["cpv_sibling"].format(notice=described, level=level, ancestor=ancestor, org=organisation)


def _describe(code: str, nomenclature: CpvNomenclature | None) -> str:
    label = nomenclature.label(code) if nomenclature else ""
    return f"{code} ({label})" if label else code


def _text_reason(assessment: Assessment) -> str:
    notice, organisation = assessment.notice, assessment.organisation
    shared = sorted(
        notice.vector.keys() & organisation.vector.keys(),
        key=lambda term: (-notice.vector[term] * organisation.vector[term], term),
    )
    if not shared:
        return MESSAGES["text_none"]
    words = stem_words(f"{notice.profile.title} {notice.profile.description}")
    listed = ", ".join(dict.fromkeys(words.get(term, term) for term in shared[:6]))
    return MESSAGES["text_shared" if assessment.points[1] else "text_weak"].format(words=listed)


def _place_reason(fit: PlaceFit) -> str:
    region = REGIONS.get(region_for_departement(fit.departement) or "", "")
    departement = DEPARTEMENTS.get(fit.departement)
    place = f"{departement.name} ({fit.departement})" if departement else fit.departement
    return MESSAGES[fit.message].format(place=place, region=region)


def _capacity_reason(assessment: Assessment) -> str:
    notice, fit = assessment.notice, assessment.capacity
    return MESSAGES[fit.message].format(
        turnover=whole_euros(assessment.organisation.profile.annual_turnover),
        required=whole_euros(notice.required),
        value=whole_euros(notice.value),
        share=f"{round(fit.score * 100)}\u00a0%",
    )


def _reservation_reason(assessment: Assessment) -> str:
    reservations = assessment.notice.profile.reservations
    if not reservations:
        return MESSAGES["open_market"]
    audiences = MESSAGES["reserved_join"].join(MESSAGES[item] for item in sorted(reservations))
    reserved = MESSAGES["reserved"].format(audiences=audiences)
    return MESSAGES["reserved_access" if assessment.access else "reserved_no_access"].format(
        reserved=reserved
    )


def _notes(assessment: Assessment) -> list[str]:
    """The reasons without points: a turnover minimum capped by the law, a passed deadline."""
    notes = []
    notice = assessment.notice
    if notice.asked is not None:
        amounts = {"asked": notice.asked, "value": notice.value, "required": notice.required}
        notes.append(
            MESSAGES["turnover_capped"].format(**{key: whole_euros(value) for key, value in amounts.items()})
        )
    if notice.late:
        deadline = notice.profile.deadline
        date = f"{deadline.day} {MONTHS_FR[deadline.month - 1]} {deadline.year}"
        notes.append(MESSAGES["deadline_passed"].format(date=date))
    return notes
