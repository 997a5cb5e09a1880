"""The bridge from the database to the consortium builder: a notice's units and conditions, the members
able to perform each (the matching engine's scores), and the proposals back as organisations and lots.

A member's ability on a unit is its matching score with the individual capacity component counted in full:
in a groupement, turnover is assessed for the group (R2142-25), which the builder checks itself, so a small
member is not marked down for being small. Only organisations with a capability profile are candidates:
the builder needs what they declare (turnover, certifications, references).
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache

from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coursive.accounts.models import Cluster
from coursive.core.money import whole_euros
from coursive.directory.models import Organisation
from coursive.responses.models import Participant

from . import consortium
from .consortium import Candidate, Condition, Instance, Proposal, Unit
from .matching import NoticeProfile
from .matching_selectors import (
    cluster_organisation_profiles,
    cpv_nomenclature,
    engine_for_cluster,
    notice_profiles,
)
from .models import CapabilityProfile, Notice, NoticeStatus, WatchSharing
from .notice_selectors import CALL_KINDS

# Out of 100, with the capacity component in full: the CPV and text evidence of a member credible on its
# part of the work, a notch below the alerts' 60, which must not be noise.
ABILITY_THRESHOLD = 50
DEFAULT_MAX_SIZE = 5
MAX_SIZE_LIMIT = 10
PAST_STATUSES = ("submitted", "won", "lost")


class ConsortiumError(Exception):
    """Bad input, with the French message to show."""


@dataclass(frozen=True)
class ProposedMember:
    organisation: Organisation
    role: str  # "mandataire" or "cotraitant"
    led: list[Unit]
    supports: list[Unit]
    partner_cluster: str = ""

    @property
    def units(self) -> list[Unit]:
        """What it is assigned: the units it performs, or those it reinforces when it performs none."""
        return self.led or self.supports


@dataclass(frozen=True)
class ConsortiumProposal:
    members: list[ProposedMember]
    explanation: list[str]
    complete: bool
    missing: list[str]
    lot_assignments: list[str]  # "lot_id:organisation_id", empty for a notice without lots
    with_partners: bool = False
    unit_ids: tuple[str, ...] = ()
    # What the cluster's own members alone could not cover, when partner clusters' members complete it.
    own_missing: list[str] = field(default_factory=list)

    @property
    def mandataire(self) -> Organisation | None:
        return next((m.organisation for m in self.members if m.role == "mandataire"), None)


@dataclass(frozen=True)
class ConsortiumAdvice:
    notice: Notice
    units: list[Unit]
    proposals: list[ConsortiumProposal]
    notes: list[str] = field(default_factory=list)
    threshold: int = ABILITY_THRESHOLD
    max_size: int = DEFAULT_MAX_SIZE

    @property
    def complete(self) -> bool:
        return bool(self.proposals) and self.proposals[0].complete


def partner_clusters(*, cluster: Cluster) -> list[Cluster]:
    """The clusters sharing their watch with this one: both declared it."""
    theirs = WatchSharing.objects.filter(partner_cluster=cluster).values("cluster")
    ids = WatchSharing.objects.filter(cluster=cluster, partner_cluster__in=theirs).values("partner_cluster")
    return list(Cluster.objects.filter(pk__in=ids).order_by("name"))


@dataclass(frozen=True)
class SharingRow:
    cluster: Cluster
    declared: bool  # by the cluster asking
    reciprocated: bool  # by the other one

    @property
    def effective(self) -> bool:
        return self.declared and self.reciprocated


def watch_sharing_rows(*, cluster: Cluster) -> list[SharingRow]:
    """Every other cluster of the instance, with who declared the sharing."""
    ours = set(WatchSharing.objects.filter(cluster=cluster).values_list("partner_cluster", flat=True))
    theirs = set(WatchSharing.objects.filter(partner_cluster=cluster).values_list("cluster", flat=True))
    others = Cluster.objects.exclude(pk=cluster.pk).order_by("name")
    return [SharingRow(other, other.pk in ours, other.pk in theirs) for other in others]


def consortium_advice(
    *,
    cluster: Cluster,
    notice: Notice,
    k: int = 3,
    max_size: int = DEFAULT_MAX_SIZE,
    threshold: int = ABILITY_THRESHOLD,
) -> ConsortiumAdvice:
    """The best groupements of the cluster's members for the notice, with partner clusters' members when
    its own cannot cover it. Raises ConsortiumError, with a French message, on input it cannot work on."""
    _check_notice(notice)
    units = notice_units(notice)
    own = _pool(cluster, notice, units, threshold)
    if not own.candidates:
        raise ConsortiumError(
            _(
                "Aucune structure du pôle n'a de profil marchés publics : renseignez au moins le profil des "
                "structures qui répondent aux appels (codes CPV, chiffre d'affaires, références)."
            )
        )

    # Partner clusters' pools are read at most once, and only when the own members fall short: abilities
    # are keyed by unit, so the pools over every unit serve the lots advised one by one below.
    @cache
    def partners() -> list[_Pool]:
        clusters = partner_clusters(cluster=cluster)
        return [_pool(partner, notice, units, threshold, partner=partner.name) for partner in clusters]

    proposals = _advise(cluster, notice, units, own, partners, max_size, k)
    if notice.max_lots_per_bidder and units[0].is_lot and notice.max_lots_per_bidder < len(units):
        # One bid answers only some lots: the lots no proposal answers get their own best groupement.
        answered = {unit_id for proposal in proposals for unit_id in proposal.unit_ids}
        for unit in units:
            if unit.id not in answered:
                proposals += _advise(cluster, notice, [unit], own, partners, max_size, 1)
    shown, notes = _shown(proposals, own.notes)
    return ConsortiumAdvice(notice, units, _with_history(cluster, shown), notes, threshold, max_size)


def _shown(proposals: list[ConsortiumProposal], notes: list[str]) -> tuple[list, list[str]]:
    """The proposals with members, and the notes saying why none or only partial ones are shown."""
    shown = [proposal for proposal in proposals if proposal.members]
    if not shown:
        nobody = _("Aucun membre du pôle n'est capable de ce que demande cet avis :")
        return [], [*notes, nobody, *proposals[0].missing]
    if not shown[0].complete:
        notes = [
            *notes,
            _(
                "Aucune combinaison des membres ne remplit toutes les conditions de cet appel : voici la "
                "meilleure couverture possible et ce qui lui manque."
            ),
        ]
    return shown, notes


def _advise(cluster, notice, units, own: "_Pool", partners, max_size: int, k: int) -> list:
    """The proposals of the cluster's own members, or, when they fall short, those partner clusters'
    members complete, each saying what the own members alone missed."""
    instance = _instance(notice, units, own, max_size)
    proposals = consortium.solve(instance, k)
    if proposals[0].complete:
        return [_proposal_out(cluster, instance, proposal, own.organisations) for proposal in proposals]
    completed = _with_partners(notice, units, [own, *partners()], max_size, k)
    if not completed:
        return [_proposal_out(cluster, instance, proposals[0], own.organisations)]
    own_missing = consortium.missing(instance, proposals[0], translation)
    partner_instance, partner_proposals, organisations = completed
    return [
        replace(_proposal_out(cluster, partner_instance, proposal, organisations), own_missing=own_missing)
        for proposal in partner_proposals
    ]


def _check_notice(notice: Notice) -> None:
    if notice.kind not in CALL_KINDS:
        raise ConsortiumError(
            _("Cet avis n'est pas un appel à la concurrence : il n'y a pas d'offre à préparer.")
        )
    if notice.cancelled_at or notice.status in (NoticeStatus.CANCELLED, NoticeStatus.AWARDED):
        raise ConsortiumError(_("Cet appel a été annulé ou attribué : il n'y a plus de groupement à former."))
    if notice.deadline_at is not None and notice.deadline_at < timezone.now():
        raise ConsortiumError(
            _("La date limite de cet appel est passée : il n'y a plus de groupement à former.")
        )


def notice_units(notice: Notice) -> list[Unit]:
    """Its lots, or, for a notice in one lot or none, its distinct CPV areas; ConsortiumError when it has
    neither lots nor codes."""
    # Prefetched, so that the notice's profiles for the engine reuse them.
    prefetch_related_objects([notice], "lots")
    lots = list(notice.lots.all())
    if len(lots) > 1:
        rows = [
            {"id": lot.pk, "number": lot.number, "title": lot.title, "value": lot.estimated_value}
            for lot in lots
        ]
        return consortium.lot_units(rows, notice_minimum=notice.min_turnover, text=notice.selection_text)
    profile = notice_profiles([notice])[0]
    if not profile.cpv_codes:
        raise ConsortiumError(
            _("Cet avis n'a ni lots ni code CPV valable : impossible de dire quelles compétences réunir.")
        )
    labels = {code: cpv_nomenclature().label(code) for code in profile.cpv_codes}
    value = (lots[0].estimated_value if lots else None) or notice.estimated_value
    minimum = notice.min_turnover
    if lots:
        stated = consortium.lot_turnover_minimums(notice.selection_text)
        minimum = stated.get(lots[0].number.lstrip("0") or "0", minimum)
    return consortium.area_units(profile.cpv_codes, labels, minimum=minimum, value=value)


@dataclass
class _Pool:
    """Candidates of one or more clusters, with their abilities and what the explanation needs."""

    candidates: list[Candidate]
    ability: dict
    why: dict
    organisations: dict[int, Organisation]
    certifications: dict[int, list[str]]
    references: dict[int, int]
    notes: list[str]


def _pool(cluster: Cluster, notice: Notice, units: list[Unit], threshold: int, partner: str = "") -> _Pool:
    """The capacities (turnover, references, certifications) are those of the profiles the matching engine
    read; the directory is read once more, for the organisations to show and to tell who has a profile."""
    engine_profiles = cluster_organisation_profiles(cluster)
    organisations = list(
        Organisation.objects.for_cluster(cluster)
        .for_directory()
        .annotate(
            has_profile=Exists(CapabilityProfile.objects.filter(cluster=cluster, organisation=OuterRef("pk")))
        )
        .order_by("legal_name", "pk")
    )
    with_profile = sorted(
        (
            organisation
            for organisation in organisations
            if organisation.has_profile and organisation.pk in engine_profiles
        ),
        key=lambda organisation: organisation.pk,
    )
    profiles = [engine_profiles[organisation.pk] for organisation in with_profile]
    ability, why = _abilities(cluster, notice, units, threshold, {profile.id for profile in profiles})
    return _Pool(
        [Candidate(p.id, p.name, p.annual_turnover, len(p.references), partner) for p in profiles],
        ability,
        why,
        {organisation.pk: organisation for organisation in with_profile},
        {p.id: list(p.certifications) for p in profiles},
        {p.id: len(p.references) for p in profiles},
        [] if partner else _profile_notes([o for o in organisations if not o.has_profile]),
    )


def _profile_notes(without_profile: list[Organisation]) -> list[str]:
    names = [
        organisation.display_name
        for organisation in without_profile
        if organisation.legal_form != "public_body"
    ]
    if not names:
        return []
    note = _(
        "%(count)s structure(s) du pôle sans profil marchés publics ne sont pas proposées : %(names)s. Leur "
        "profil dit ce qu'elles savent faire et ce qu'elles pèsent."
    )
    return [note % {"count": len(names), "names": ", ".join(names)}]


def _unit_profiles(notice: Notice, units: list[Unit]) -> dict[str, NoticeProfile]:
    """The profile the engine scores for each unit: a lot's, or the notice's restricted to an area."""
    profiles = notice_profiles([notice])
    if units and units[0].is_lot:
        by_lot = {profile.lot_id: profile for profile in profiles}
        return {unit.id: by_lot[unit.id] for unit in units}
    base = profiles[0]
    return {
        unit.id: replace(base, cpv_codes=[code for code in base.cpv_codes if f"cpv-{code[:4]}" == unit.id])
        for unit in units
    }


def _abilities(cluster: Cluster, notice: Notice, units: list[Unit], threshold: int, ids: set[int]):
    profiles = _unit_profiles(notice, units)
    by_area = bool(units) and not units[0].is_lot
    return consortium.abilities(
        engine_for_cluster(cluster), profiles, threshold, ids, by_area=by_area, translator=translation
    )


def _instance(notice: Notice, units: list[Unit], pool: _Pool, max_size: int) -> Instance:
    conditions: list[Condition] = consortium.certification_conditions(
        notice.selection_certifications or [], pool.certifications
    ) + consortium.references_condition(notice.selection_references, pool.references)
    is_lots = bool(units) and units[0].is_lot
    return Instance(
        units=tuple(units),
        candidates=tuple(pool.candidates),
        ability=pool.ability,
        conditions=tuple(conditions),
        max_size=max_size,
        max_units=notice.max_lots_per_bidder if is_lots else None,
        why=pool.why,
    )


def _with_partners(notice, units, pools: list[_Pool], max_size: int, k: int):
    """Proposals completed by partner clusters' members (the pools after the own one), or None when no
    partner completes the cover."""
    if len(pools) < 2:
        return None
    merged = _Pool([], {}, {}, {}, {}, {}, [])
    for pool in pools:
        merged.candidates += pool.candidates
        for name in ("ability", "why", "organisations", "certifications", "references"):
            getattr(merged, name).update(getattr(pool, name))
    instance = _instance(notice, units, merged, max_size)
    proposals = consortium.solve(instance, k)
    if not proposals[0].complete:
        return None
    return instance, proposals, merged.organisations


def _proposal_out(
    cluster: Cluster, instance: Instance, proposal: Proposal, organisations
) -> ConsortiumProposal:
    units = {unit.id: unit for unit in instance.units}
    partners = {candidate.id: candidate.partner for candidate in instance.candidates}
    members = []
    for member in proposal.members:
        led = [units[unit_id] for unit_id, lead in proposal.leads.items() if lead == member]
        supports = [units[unit_id] for unit_id, others in proposal.support.items() if member in others]
        role = "mandataire" if member == proposal.mandataire else "cotraitant"
        members.append(ProposedMember(organisations[member], role, led, supports, partners[member]))
    assignments = [
        f"{unit.id}:{member.organisation.pk}" for member in members for unit in member.units if unit.is_lot
    ]
    return ConsortiumProposal(
        members,
        consortium.explain(instance, proposal, translation),
        proposal.complete,
        consortium.missing(instance, proposal, translation),
        assignments,
        any(partners[member] for member in proposal.members),
        proposal.answered,
    )


def _with_history(cluster: Cluster, proposals: list[ConsortiumProposal]) -> list[ConsortiumProposal]:
    """Each proposal's explanation ends with what the cluster's past responses say of its members, read
    once for the members of every proposal."""
    members = [member.organisation for proposal in proposals for member in proposal.members]
    past = _past_responses(cluster, {organisation.pk for organisation in members})
    return [
        replace(
            proposal,
            explanation=proposal.explanation
            + _history(past, [member.organisation for member in proposal.members]),
        )
        for proposal in proposals
    ]


def history_lines(*, cluster: Cluster, organisations: list[Organisation]) -> list[str]:
    """What the cluster's past joint responses say of these organisations: those they answered together,
    then each one's record, won and lost."""
    return _history(
        _past_responses(cluster, {organisation.pk for organisation in organisations}), organisations
    )


# A past response: its status, the amount won, and which of the organisations asked about took part.
PastResponse = tuple[str, Decimal | None, set[int]]


def _past_responses(cluster: Cluster, organisation_ids: set[int]) -> list[PastResponse]:
    if not organisation_ids:
        return []
    rows = (
        Participant.objects.filter(
            response__cluster=cluster,
            organisation_id__in=organisation_ids,
            response__status__in=PAST_STATUSES,
        )
        .exclude(invitation_status="declined")
        .values_list("response_id", "organisation_id", "response__status", "response__awarded_amount")
    )
    responses: dict[int, PastResponse] = {}
    for response, organisation, status, amount in rows:
        responses.setdefault(response, (status, amount, set()))[2].add(organisation)
    return list(responses.values())


def _history(past: list[PastResponse], organisations: list[Organisation]) -> list[str]:
    names = {organisation.pk: organisation.display_name for organisation in organisations}
    responses = [(status, amount, members & names.keys()) for status, amount, members in past]
    responses = [item for item in responses if item[2]]
    together = [item for item in responses if len(item[2]) > 1]
    lines = [_together_line(together, names)] if together else []
    for pk, name in names.items():
        own = [item for item in responses if pk in item[2]]
        if own:
            lines.append(
                _("%(name)s : %(record)s dans les réponses du pôle") % {"name": name, "record": _record(own)}
            )
    return lines


def _record(items) -> str:
    """« 2 réponse(s), 1 gagnée(s) (120 000 €), 1 perdue(s) »; items are (status, amount won, members)."""
    won = [item[1] for item in items if item[0] == "won"]
    lost = sum(1 for item in items if item[0] == "lost")
    pending = len(items) - len(won) - lost
    total = sum((amount for amount in won if amount is not None), Decimal(0))
    parts = [
        _("%(count)s réponse(s)") % {"count": len(items)},
        _("%(count)s gagnée(s)") % {"count": len(won)} + (f" ({whole_euros(total)})" if total else ""),
        _("%(count)s perdue(s)") % {"count": lost},
    ]
    if pending:
        parts.append(_("%(count)s en attente du résultat") % {"count": pending})
    return ", ".join(parts)


def _together_line(items, names) -> str:
    involved = sorted({pk for item in items for pk in item[2]}, key=lambda pk: names[pk])
    return _("Déjà associés dans des réponses du pôle (%(names)s) : %(record)s") % {
        "names": ", ".join(names[pk] for pk in involved),
        "record": _record(items),
    }
