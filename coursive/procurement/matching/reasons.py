"""The explanation of a pair's score: one reason per component, ending with its points, then notes. In French
unless a translator is given (`coursive.procurement.wording`)."""

from coursive.core.geo import DEPARTEMENTS, REGIONS, region_for_departement
from coursive.core.money import whole_euros
from coursive.core.text import stem_words
from coursive.procurement import cpv
from coursive.procurement.cpv import CpvNomenclature, Level
from coursive.procurement.records import Reservation
from coursive.procurement.wording import AS_WRITTEN, Translator, gettext_noop, say

from .scoring import WEIGHTS, Assessment, PlaceFit

# Everything shown to users, French msgids in one place.
MESSAGES = {
    "points": gettext_noop("{reason} — {points}/{weight} points"),
    "cpv_main": gettext_noop("Code CPV {code}"),
    "cpv_additional": gettext_noop("Code CPV secondaire {code}"),
    "cpv_same": gettext_noop("{notice} : c'est l'un de vos codes"),
    "cpv_within": gettext_noop("{notice} : compris dans votre code {org}"),
    "cpv_covers": gettext_noop("{notice} : englobe votre code {org}"),
    "cpv_none": gettext_noop("{notice} : aucun de vos codes dans la même division"),
    "cpv_no_notice_code": gettext_noop("L'avis n'indique pas de code CPV"),
    "cpv_no_profile_code": gettext_noop("Votre profil n'indique pas de code CPV"),
    "text_shared": gettext_noop("Mots en commun avec votre profil : {words}"),
    "text_weak": gettext_noop("Trop peu de mots en commun avec votre profil pour compter : {words}"),
    "text_none": gettext_noop("Aucun mot significatif en commun avec votre profil"),
    "place_unknown": gettext_noop("Lieu d'exécution non précisé"),
    "place_zone": gettext_noop("Lieu d'exécution : {place}, dans votre zone d'intervention"),
    "place_nationwide": gettext_noop("Lieu d'exécution : {place} ; vous intervenez dans toute la France"),
    "place_region": gettext_noop(
        "Lieu d'exécution : {place}, hors de votre zone mais dans la même région ({region})"
    ),
    "place_outside": gettext_noop("Lieu d'exécution : {place}, hors de votre zone d'intervention"),
    "turnover_above": gettext_noop(
        "Chiffre d'affaires {turnover} : au-dessus du minimum exigé de {required}"
    ),
    "turnover_below": gettext_noop(
        "Chiffre d'affaires {turnover} : en dessous du minimum exigé de {required}"
    ),
    "turnover_unknown": gettext_noop("Chiffre d'affaires non renseigné : le minimum exigé est de {required}"),
    "turnover_vs_value": gettext_noop(
        "Chiffre d'affaires {turnover} : {share} de la valeur estimée du marché ({value})"
    ),
    "turnover_covers_value": gettext_noop(
        "Chiffre d'affaires {turnover} : au moins la valeur estimée du marché ({value})"
    ),
    "turnover_unknown_value": gettext_noop(
        "Chiffre d'affaires non renseigné ; valeur estimée du marché : {value}"
    ),
    "turnover_no_requirement": gettext_noop("Aucune exigence de chiffre d'affaires connue"),
    "turnover_capped": gettext_noop(
        "Le minimum de chiffre d'affaires demandé ({asked}) dépasse le double de la valeur estimée ({value}) "
        "que permet l'article R2142-7 du code de la commande publique : il est ramené à {required}"
    ),
    "open_market": gettext_noop("Marché ouvert à toutes les entreprises, sans réservation"),
    "reserved_access": gettext_noop("{reserved} : votre structure y a accès"),
    "reserved_no_access": gettext_noop("{reserved} : votre structure n'y a pas accès"),
    "reserved": gettext_noop("Marché réservé {audiences}"),
    "reserved_join": gettext_noop(" ou "),
    Reservation.ESS: gettext_noop("aux entreprises de l'économie sociale et solidaire (art. L2113-15)"),
    Reservation.INSERTION: gettext_noop(
        "aux structures d'insertion par l'activité économique (art. L2113-13)"
    ),
    Reservation.DISABILITY: gettext_noop("aux entreprises adaptées et aux ESAT (art. L2113-12)"),
    "deadline_passed": gettext_noop("Date limite de remise des offres dépassée ({date})"),
}
# A code and the notice's sharing their nearest ancestor at this level.
SIBLING_MESSAGES = {
    Level.DIVISION: gettext_noop("{notice} : même division {ancestor} que votre code {org}"),
    Level.GROUP: gettext_noop("{notice} : même groupe {ancestor} que votre code {org}"),
    Level.CLASS: gettext_noop("{notice} : même classe {ancestor} que votre code {org}"),
    Level.CATEGORY: gettext_noop("{notice} : même catégorie {ancestor} que votre code {org}"),
    Level.SUBCATEGORY: gettext_noop("{notice} : même sous-catégorie {ancestor} que votre code {org}"),
}
# A whole date per month, as languages order day, month and year their own way.
DATES = [
    gettext_noop("{day} janvier {year}"),
    gettext_noop("{day} février {year}"),
    gettext_noop("{day} mars {year}"),
    gettext_noop("{day} avril {year}"),
    gettext_noop("{day} mai {year}"),
    gettext_noop("{day} juin {year}"),
    gettext_noop("{day} juillet {year}"),
    gettext_noop("{day} août {year}"),
    gettext_noop("{day} septembre {year}"),
    gettext_noop("{day} octobre {year}"),
    gettext_noop("{day} novembre {year}"),
    gettext_noop("{day} décembre {year}"),
]


def explain(
    assessment: Assessment, nomenclature: CpvNomenclature | None, translator: Translator = AS_WRITTEN
) -> list[str]:
    """One reason per component, ending with its points, then the notes without points."""
    reasons = (
        _cpv_reason(assessment, nomenclature, translator),
        _text_reason(assessment, translator),
        _place_reason(assessment.place, translator),
        _capacity_reason(assessment, translator),
        _reservation_reason(assessment, translator),
    )
    scored = [
        say(translator, MESSAGES["points"], reason=reason, points=points, weight=weight)
        for reason, points, weight in zip(reasons, assessment.points, WEIGHTS.values(), strict=True)
    ]
    return scored + _notes(assessment, translator)


def _cpv_reason(assessment: Assessment, nomenclature: CpvNomenclature | None, translator: Translator) -> str:
    fit, notice = assessment.cpv, assessment.notice.profile
    if not notice.cpv_codes:
        return say(translator, MESSAGES["cpv_no_notice_code"])
    if not assessment.organisation.profile.cpv_codes:
        return say(translator, MESSAGES["cpv_no_profile_code"])
    code = _describe(fit.notice_code, nomenclature)
    described = say(translator, MESSAGES["cpv_main" if fit.main else "cpv_additional"], code=code)
    if fit.organisation_code is None:
        return say(translator, MESSAGES["cpv_none"], notice=described)
    organisation = _describe(fit.organisation_code, nomenclature)
    ancestor = cpv.common_ancestor(fit.notice_code, fit.organisation_code)
    if fit.notice_code == fit.organisation_code:
        return say(translator, MESSAGES["cpv_same"], notice=described)
    if ancestor in (fit.organisation_code, fit.notice_code):
        key = "cpv_within" if ancestor == fit.organisation_code else "cpv_covers"
        return say(translator, MESSAGES[key], notice=described, org=organisation)
    message = SIBLING_MESSAGES[cpv.level(ancestor)]
    ancestor = _describe(ancestor, nomenclature)
    return say(translator, message, notice=described, ancestor=ancestor, org=organisation)


def _describe(code: str, nomenclature: CpvNomenclature | None) -> str:
    label = nomenclature.label(code) if nomenclature else ""
    return f"{code} ({label})" if label else code


def _text_reason(assessment: Assessment, translator: Translator) -> str:
    notice, organisation = assessment.notice, assessment.organisation
    shared = sorted(
        notice.vector.keys() & organisation.vector.keys(),
        key=lambda term: (-notice.vector[term] * organisation.vector[term], term),
    )
    if not shared:
        return say(translator, MESSAGES["text_none"])
    words = stem_words(f"{notice.profile.title} {notice.profile.description}")
    listed = ", ".join(dict.fromkeys(words.get(term, term) for term in shared[:6]))
    return say(translator, MESSAGES["text_shared" if assessment.points[1] else "text_weak"], words=listed)


def _place_reason(fit: PlaceFit, translator: Translator) -> str:
    region = REGIONS.get(region_for_departement(fit.departement) or "", "")
    departement = DEPARTEMENTS.get(fit.departement)
    place = f"{departement.name} ({fit.departement})" if departement else fit.departement
    return say(translator, MESSAGES[fit.message], place=place, region=region)


def _capacity_reason(assessment: Assessment, translator: Translator) -> str:
    notice, fit = assessment.notice, assessment.capacity
    return say(
        translator,
        MESSAGES[fit.message],
        turnover=whole_euros(assessment.organisation.profile.annual_turnover),
        required=whole_euros(notice.required),
        value=whole_euros(notice.value),
        share=f"{round(fit.score * 100)}\u00a0%",
    )


def _reservation_reason(assessment: Assessment, translator: Translator) -> str:
    reservations = assessment.notice.profile.reservations
    if not reservations:
        return say(translator, MESSAGES["open_market"])
    audiences = say(translator, MESSAGES["reserved_join"]).join(
        say(translator, MESSAGES[item]) for item in sorted(reservations)
    )
    reserved = say(translator, MESSAGES["reserved"], audiences=audiences)
    key = "reserved_access" if assessment.access else "reserved_no_access"
    return say(translator, MESSAGES[key], reserved=reserved)


def _notes(assessment: Assessment, translator: Translator) -> list[str]:
    """The reasons without points: a turnover minimum capped by the law, a passed deadline."""
    notes = []
    notice = assessment.notice
    if notice.asked is not None:
        amounts = {"asked": notice.asked, "value": notice.value, "required": notice.required}
        euros = {key: whole_euros(value) for key, value in amounts.items()}
        notes.append(say(translator, MESSAGES["turnover_capped"], **euros))
    if notice.late:
        deadline = notice.profile.deadline
        date = say(translator, DATES[deadline.month - 1], day=deadline.day, year=deadline.year)
        notes.append(say(translator, MESSAGES["deadline_passed"], date=date))
    return notes
