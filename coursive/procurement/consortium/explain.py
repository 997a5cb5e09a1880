"""The French explanation of a proposal: who performs which unit and why, how the thresholds are met, who
is the mandataire, and, for a partial one, exactly what is missing."""

from coursive.core.money import whole_euros

from .problem import Instance, Proposal

MESSAGES = {
    "lead": "{unit} : {name}, {points}/100{why}",
    "support": "{unit} : {names} en renfort (capables aussi sur ce lot)",
    "support_area": "{unit} : {names} en renfort (capables aussi sur ce domaine)",
    "partner": "{name} est membre du pôle partenaire {cluster}, qui partage sa veille avec le vôtre",
    "turnover_met": (
        "Chiffre d'affaires exigé : {required} ; cumulé du groupement : {total} ({detail}). Les capacités "
        "d'un groupement s'apprécient globalement (article R2142-25 du code de la commande publique)"
    ),
    "turnover_none": "Aucun chiffre d'affaires minimal exigé ; cumulé du groupement : {total}",
    "turnover_capped": (
        "L'acheteur demande {asked} pour « {unit} », plus que le double de la valeur estimée : l'article "
        "R2142-7 ramène l'exigence à {required}"
    ),
    "turnover_unknown": "Chiffre d'affaires de {name} non renseigné : il n'est pas compté",
    "condition_met": "{condition} : {names}",
    "cap": (
        "L'acheteur limite à {cap} le nombre de lots par candidat : ce groupement répond au {answered} ; "
        "les autres lots demandent d'autres candidatures"
    ),
    "mandataire": (
        "Mandataire proposé : {name} — {share} du chiffre d'affaires du groupement, {references} "
        "référence(s), mène {led} sur {answered}"
    ),
    "alone": "Un seul membre suffit : {name} peut répondre seul, ou rester mandataire d'un groupement",
    "missing_unit": "{unit} : aucun membre n'y atteint le score de capacité retenu",
    "missing_size": "{unit} : les membres capables n'entrent pas dans un groupement de {size} membres au plus",
    "missing_turnover": "Chiffre d'affaires cumulé : {total} sur {required} exigés, il manque {gap}",
    "missing_condition": "{condition} : aucun membre du groupement ne la détient",
    "missing_condition_references": "{condition} : aucun membre du groupement n'en cite",
}


def explain(instance: Instance, proposal: Proposal) -> list[str]:
    if not proposal.members:
        return []
    names = {candidate.id: candidate.name for candidate in instance.candidates}
    lines = _work_lines(instance, proposal, names)
    lines += _partner_lines(instance, proposal)
    lines += _turnover_lines(instance, proposal, names)
    for condition in instance.conditions:
        holders = [names[m] for m in proposal.members if m in condition.holders]
        if holders:
            lines.append(
                MESSAGES["condition_met"].format(condition=condition.label, names=", ".join(holders))
            )
    if instance.max_units is not None and instance.max_units < len(instance.units):
        answered = ", ".join(label.lower() for label in _unit_labels(instance, proposal.answered, short=True))
        lines.append(MESSAGES["cap"].format(cap=instance.max_units, answered=answered))
    lines += _mandataire_lines(instance, proposal, names)
    return lines


def missing(instance: Instance, proposal: Proposal) -> list[str]:
    """What keeps the proposal from being complete, one line per gap."""
    lines = []
    if len(proposal.answered) < instance.answerable:
        for unit in instance.units:
            if unit.id in proposal.leads:
                continue
            if instance.able(unit.id):
                lines.append(MESSAGES["missing_size"].format(unit=unit.label, size=instance.max_size))
            else:
                lines.append(MESSAGES["missing_unit"].format(unit=unit.label))
    if proposal.shortfall > 0:
        lines.append(
            MESSAGES["missing_turnover"].format(
                total=whole_euros(proposal.turnover),
                required=whole_euros(proposal.required_turnover),
                gap=whole_euros(proposal.shortfall),
            )
        )
    for condition in instance.conditions:
        if condition.id in proposal.unmet_conditions:
            key = "missing_condition_references" if condition.id == "references" else "missing_condition"
            lines.append(MESSAGES[key].format(condition=condition.label))
    return lines


def _unit_labels(instance: Instance, unit_ids, *, short: bool = False) -> list[str]:
    labels = {unit.id: unit.label for unit in instance.units}
    return [labels[unit_id].split(" — ")[0] if short else labels[unit_id] for unit_id in unit_ids]


def _work_lines(instance: Instance, proposal: Proposal, names) -> list[str]:
    lines = []
    units = {unit.id: unit for unit in instance.units}
    for unit_id, lead in proposal.leads.items():
        why = instance.why.get((unit_id, lead), "")
        lines.append(
            MESSAGES["lead"].format(
                unit=units[unit_id].label,
                name=names[lead],
                points=instance.ability[unit_id, lead],
                why=f" ({why})" if why else "",
            )
        )
        others = proposal.support.get(unit_id, ())
        if others:
            key = "support" if units[unit_id].is_lot else "support_area"
            lines.append(
                MESSAGES[key].format(unit=units[unit_id].label, names=", ".join(names[m] for m in others))
            )
    return lines


def _partner_lines(instance: Instance, proposal: Proposal) -> list[str]:
    partners = {c.id: c for c in instance.candidates if c.partner and c.id in proposal.members}
    return [MESSAGES["partner"].format(name=c.name, cluster=c.partner) for c in partners.values()]


def _turnover_lines(instance: Instance, proposal: Proposal, names) -> list[str]:
    by_id = {candidate.id: candidate for candidate in instance.candidates}
    lines = []
    for unit in instance.units:
        if unit.id in proposal.leads and unit.asked_turnover:
            lines.append(
                MESSAGES["turnover_capped"].format(
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
    if proposal.required_turnover is None:
        lines.append(MESSAGES["turnover_none"].format(total=whole_euros(proposal.turnover)))
    elif proposal.shortfall == 0:
        lines.append(
            MESSAGES["turnover_met"].format(
                required=whole_euros(proposal.required_turnover),
                total=whole_euros(proposal.turnover),
                detail=detail,
            )
        )
    lines += [
        MESSAGES["turnover_unknown"].format(name=names[m])
        for m in proposal.members
        if by_id[m].turnover is None
    ]
    return lines


def _mandataire_lines(instance: Instance, proposal: Proposal, names) -> list[str]:
    if proposal.mandataire is None:
        return []
    if len(proposal.members) == 1:
        return [MESSAGES["alone"].format(name=names[proposal.mandataire])]
    candidate = next(c for c in instance.candidates if c.id == proposal.mandataire)
    led = sum(1 for lead in proposal.leads.values() if lead == proposal.mandataire)
    share = f"{round(100 * (candidate.turnover or 0) / proposal.turnover)} %" if proposal.turnover else "0 %"
    unit_word = "lot(s)" if any(unit.is_lot for unit in instance.units) else "domaine(s)"
    return [
        MESSAGES["mandataire"].format(
            name=candidate.name,
            share=share,
            references=candidate.references,
            led=f"{led} {unit_word}",
            answered=len(proposal.leads),
        )
    ]
