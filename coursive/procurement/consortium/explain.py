"""The explanation of a proposal: who performs which unit and why, how the thresholds are met, who is the
mandataire, and, for a partial one, exactly what is missing. In French unless a translator is given
(`coursive.procurement.wording`)."""

from coursive.core.money import whole_euros
from coursive.procurement.wording import AS_WRITTEN, Translator, gettext_noop, ngettext, say, say_count

from .problem import Instance, Proposal

MESSAGES = {
    "lead": gettext_noop("{unit} : {name}, {points}/100{why}"),
    "support": gettext_noop("{unit} : {names} en renfort (capables aussi sur ce lot)"),
    "support_area": gettext_noop("{unit} : {names} en renfort (capables aussi sur ce domaine)"),
    "partner": gettext_noop(
        "{name} est membre du pôle partenaire {cluster}, qui partage sa veille avec le vôtre"
    ),
    "turnover_met": gettext_noop(
        "Chiffre d'affaires exigé : {required} ; cumulé du groupement : {total} ({detail}). Les capacités "
        "d'un groupement s'apprécient globalement (article R2142-25 du code de la commande publique)"
    ),
    "turnover_none": gettext_noop("Aucun chiffre d'affaires minimal exigé ; cumulé du groupement : {total}"),
    "turnover_capped": gettext_noop(
        "L'acheteur demande {asked} pour « {unit} », plus que le double de la valeur estimée : l'article "
        "R2142-7 ramène l'exigence à {required}"
    ),
    "turnover_unknown": gettext_noop("Chiffre d'affaires de {name} non renseigné : il n'est pas compté"),
    "condition_met": gettext_noop("{condition} : {names}"),
    "cap": gettext_noop(
        "L'acheteur limite à {cap} le nombre de lots par candidat : ce groupement répond au {answered} ; "
        "les autres lots demandent d'autres candidatures"
    ),
    "mandataire": gettext_noop(
        "Mandataire proposé : {name} — {share} du chiffre d'affaires du groupement, {references}, mène {led} "
        "sur {answered}"
    ),
    "references": ngettext("{count} référence", "{count} références"),
    "lots": ngettext("{count} lot", "{count} lots"),
    "areas": ngettext("{count} domaine", "{count} domaines"),
    "alone": gettext_noop(
        "Un seul membre suffit : {name} peut répondre seul, ou rester mandataire d'un groupement"
    ),
    "missing_unit": gettext_noop("{unit} : aucun membre n'y atteint le score de capacité retenu"),
    "missing_size": ngettext(
        "{unit} : les membres capables n'entrent pas dans un groupement de {count} membre au plus",
        "{unit} : les membres capables n'entrent pas dans un groupement de {count} membres au plus",
    ),
    "missing_turnover": gettext_noop(
        "Chiffre d'affaires cumulé : {total} sur {required} exigés, il manque {gap}"
    ),
    "missing_condition": gettext_noop("{condition} : aucun membre du groupement ne la détient"),
    "missing_condition_references": gettext_noop("{condition} : aucun membre du groupement n'en cite"),
}


def explain(instance: Instance, proposal: Proposal, translator: Translator = AS_WRITTEN) -> list[str]:
    if not proposal.members:
        return []
    names = {candidate.id: candidate.name for candidate in instance.candidates}
    lines = _work_lines(instance, proposal, names, translator)
    lines += _partner_lines(instance, proposal, translator)
    lines += _turnover_lines(instance, proposal, names, translator)
    for condition in instance.conditions:
        holders = [names[m] for m in proposal.members if m in condition.holders]
        if holders:
            lines.append(
                say(
                    translator, MESSAGES["condition_met"], condition=condition.label, names=", ".join(holders)
                )
            )
    if instance.max_units is not None and instance.max_units < len(instance.units):
        answered = ", ".join(label.lower() for label in _unit_labels(instance, proposal.answered, short=True))
        lines.append(say(translator, MESSAGES["cap"], cap=instance.max_units, answered=answered))
    lines += _mandataire_lines(instance, proposal, names, translator)
    return lines


def missing(instance: Instance, proposal: Proposal, translator: Translator = AS_WRITTEN) -> list[str]:
    """What keeps the proposal from being complete, one line per gap."""
    lines = []
    if len(proposal.answered) < instance.answerable:
        for unit in instance.units:
            if unit.id in proposal.leads:
                continue
            if instance.able(unit.id):
                lines.append(
                    say_count(translator, MESSAGES["missing_size"], instance.max_size, unit=unit.label)
                )
            else:
                lines.append(say(translator, MESSAGES["missing_unit"], unit=unit.label))
    if proposal.shortfall > 0:
        lines.append(
            say(
                translator,
                MESSAGES["missing_turnover"],
                total=whole_euros(proposal.turnover),
                required=whole_euros(proposal.required_turnover),
                gap=whole_euros(proposal.shortfall),
            )
        )
    for condition in instance.conditions:
        if condition.id in proposal.unmet_conditions:
            key = "missing_condition_references" if condition.id == "references" else "missing_condition"
            lines.append(say(translator, MESSAGES[key], condition=condition.label))
    return lines


def _unit_labels(instance: Instance, unit_ids, *, short: bool = False) -> list[str]:
    labels = {unit.id: unit.label for unit in instance.units}
    return [labels[unit_id].split(" — ")[0] if short else labels[unit_id] for unit_id in unit_ids]


def _work_lines(instance: Instance, proposal: Proposal, names, translator: Translator) -> list[str]:
    lines = []
    units = {unit.id: unit for unit in instance.units}
    for unit_id, lead in proposal.leads.items():
        why = instance.why.get((unit_id, lead), "")
        lines.append(
            say(
                translator,
                MESSAGES["lead"],
                unit=units[unit_id].label,
                name=names[lead],
                points=instance.ability[unit_id, lead],
                why=f" ({why})" if why else "",
            )
        )
        others = proposal.support.get(unit_id, ())
        if others:
            key = "support" if units[unit_id].is_lot else "support_area"
            supporting = ", ".join(names[m] for m in others)
            lines.append(say(translator, MESSAGES[key], unit=units[unit_id].label, names=supporting))
    return lines


def _partner_lines(instance: Instance, proposal: Proposal, translator: Translator) -> list[str]:
    partners = {c.id: c for c in instance.candidates if c.partner and c.id in proposal.members}
    return [say(translator, MESSAGES["partner"], name=c.name, cluster=c.partner) for c in partners.values()]


def _turnover_lines(instance: Instance, proposal: Proposal, names, translator: Translator) -> list[str]:
    by_id = {candidate.id: candidate for candidate in instance.candidates}
    lines = []
    for unit in instance.units:
        if unit.id in proposal.leads and unit.asked_turnover:
            lines.append(
                say(
                    translator,
                    MESSAGES["turnover_capped"],
                    asked=whole_euros(unit.asked_turnover),
                    unit=unit.label,
                    required=whole_euros(unit.min_turnover),
                )
            )
    detail = ", ".join(
        f"{names[m]} {whole_euros(by_id[m].turnover)}"
        for m in proposal.members
        if by_id[m].turnover is not None
    )
    total = whole_euros(proposal.turnover)
    if proposal.required_turnover is None:
        lines.append(say(translator, MESSAGES["turnover_none"], total=total))
    elif proposal.shortfall == 0:
        required = whole_euros(proposal.required_turnover)
        lines.append(say(translator, MESSAGES["turnover_met"], required=required, total=total, detail=detail))
    lines += [
        say(translator, MESSAGES["turnover_unknown"], name=names[m])
        for m in proposal.members
        if by_id[m].turnover is None
    ]
    return lines


def _mandataire_lines(instance: Instance, proposal: Proposal, names, translator: Translator) -> list[str]:
    if proposal.mandataire is None:
        return []
    if len(proposal.members) == 1:
        return [say(translator, MESSAGES["alone"], name=names[proposal.mandataire])]
    candidate = next(c for c in instance.candidates if c.id == proposal.mandataire)
    led = sum(1 for lead in proposal.leads.values() if lead == proposal.mandataire)
    share = f"{round(100 * (candidate.turnover or 0) / proposal.turnover)} %" if proposal.turnover else "0 %"
    units = "lots" if any(unit.is_lot for unit in instance.units) else "areas"
    return [
        say(
            translator,
            MESSAGES["mandataire"],
            name=candidate.name,
            share=share,
            references=say_count(translator, MESSAGES["references"], candidate.references),
            led=say_count(translator, MESSAGES[units], led),
            answered=len(proposal.leads),
        )
    ]
