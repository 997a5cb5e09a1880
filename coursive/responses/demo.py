"""The joint-response side of the demo, after `demo_load` and `demo_notices`: vault documents for the
fictional demo organisations (some about to run out, some missing), and two past responses of demo
members on real awarded contracts of the DECP, both lost: the public record names the real titulaire, so
the demo never claims a fictional group won a real contract.

Every record is fiction about fictional companies and says so: the files are one-page PDFs stamped
« document fictif », and each response's notes state that neither the group nor the outcome is real.
Idempotent: what exists already is left as it is."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from coursive.directory.demo import demo_siret
from coursive.directory.demo_data import CLUSTERS
from coursive.directory.models import LegalForm, MembershipStatus, Organisation
from coursive.documents.models import AdministrativeDocument, DocumentKind
from coursive.documents.validity import bid_kinds_for, default_expiry
from coursive.procurement.models import CapabilityProfile, Notice
from coursive.procurement.records import NoticeKind

from .checklist import default_items, sync_form_items
from .models import (
    GroupementForm,
    InvitationStatus,
    JointResponse,
    Participant,
    ParticipantRole,
    ResponseStatus,
    WorkShare,
)
from .pdf import render_pdf

DEMO_NOTE = (
    "Réponse fictive de démonstration : le marché et son attribution sont réels, mais ce groupement de "
    "structures fictives n'y a jamais répondu."
)
PAST_RESPONSES = 2
# How many days before today each demo document was issued, by kind; the organisation's position in the
# demo list adds a few weeks, so some URSSAF and Kbis documents run out within days and others later.
ISSUED_DAYS_AGO = {
    DocumentKind.KBIS: 20,
    DocumentKind.URSSAF: 120,
    DocumentKind.TAX: 60,
    DocumentKind.INSURANCE: 200,
    DocumentKind.REFERENCES: 30,
}


@dataclass(frozen=True)
class ResponsesDemo:
    documents: int
    responses: int


def responses_demo_load(*, today: date | None = None) -> ResponsesDemo:
    today = today or timezone.localdate()
    documents = sum(
        _vault_sync(organisation, index, today) for index, organisation in enumerate(_demo_organisations())
    )
    responses = _past_responses_sync()
    return ResponsesDemo(documents=documents, responses=responses)


def _demo_organisations() -> list[Organisation]:
    """The demo clusters' organisations that bid: not the public body (a buyer), not former members."""
    sirets = [
        demo_siret(organisation.legal_name) for cluster in CLUSTERS for organisation in cluster.organisations
    ]
    return list(
        Organisation.objects.filter(cluster__slug__in=[c.slug for c in CLUSTERS], siret__in=sirets)
        .exclude(membership_status=MembershipStatus.FORMER)
        .exclude(legal_form=LegalForm.PUBLIC_BODY)
        .order_by("cluster__slug", "legal_name")
    )


def _vault_sync(organisation: Organisation, index: int, today: date) -> int:
    """The bid documents and a references list; every seventh organisation has not filed its tax
    certificate yet, so the workspace has a missing document to show."""
    kinds = [*bid_kinds_for(organisation.legal_form), DocumentKind.REFERENCES]
    if index % 7 == 3:
        kinds.remove(DocumentKind.TAX)
    created = 0
    for kind in kinds:
        if AdministrativeDocument.objects.filter(organisation=organisation, kind=kind).exists():
            continue
        issued_on = today - timedelta(days=ISSUED_DAYS_AGO[kind] + 9 * (index % 6))
        _document_create(organisation, kind, issued_on)
        created += 1
    return created


def _document_create(organisation: Organisation, kind: str, issued_on: date) -> None:
    content = render_pdf(
        (
            "responses/pdf/demo_document.html",
            {"organisation": organisation, "kind": DocumentKind(kind).label, "issued_on": issued_on},
        )
    )
    document = AdministrativeDocument(
        cluster_id=organisation.cluster_id,
        organisation=organisation,
        kind=kind,
        title="",
        file_name=f"{kind}-demo.pdf",
        issued_on=issued_on,
        expires_on=default_expiry(kind, issued_on),
    )
    document.file.save(f"{kind}-demo.pdf", ContentFile(content), save=False)
    document.save()


def _past_responses_sync() -> int:
    """Two past responses of Dijon demo members, lost to the real titulaire of a real contract."""
    profiles = list(
        CapabilityProfile.objects.filter(cluster__slug="dijon", organisation__siret__in=_dijon_sirets())
        .select_related("organisation", "cluster")
        .order_by("organisation__legal_name")
    )
    made = 0
    for contract, members in _past_pairs(profiles):
        _past_response(contract, members)
        made += 1
        if made == PAST_RESPONSES:
            break
    return made


def _dijon_sirets() -> list[str]:
    cluster = next(c for c in CLUSTERS if c.slug == "dijon")
    return [demo_siret(organisation.legal_name) for organisation in cluster.organisations]


def _past_pairs(profiles):
    """Awarded contracts of the DECP with a known titulaire and award date, each with two demo members
    whose CPV codes share its CPV class, taken in a fixed order so that every run picks the same ones.
    The demo only records losses on them: the public record says who won."""
    contracts = (
        Notice.objects.filter(kind=NoticeKind.AWARDED_CONTRACT, awards__winners__isnull=False)
        .filter(awards__awarded_on__isnull=False)
        .exclude(cpv_main="")
        .distinct()
        .order_by("official_id")
    )
    used, titles = set(), set()
    for contract in contracts.iterator():
        # Some records come with a garbled encoding; and a contract published twice is one procedure.
        if "\ufffd" in contract.title or contract.title[:60] in titles:
            continue
        members = [
            p.organisation
            for p in profiles
            if p.organisation_id not in used
            and any(code[:4] == contract.cpv_main[:4] for code in p.cpv_codes)
        ][:2]
        if len(members) == 2:
            used.update(m.pk for m in members)
            titles.add(contract.title[:60])
            yield contract, members


@transaction.atomic
def _past_response(contract: Notice, members: list[Organisation]) -> JointResponse:
    existing = JointResponse.objects.filter(
        cluster=members[0].cluster, notice=contract, notes=DEMO_NOTE
    ).first()
    if existing:
        return existing
    award = (
        contract.awards.filter(awarded_on__isnull=False)
        .prefetch_related("winners")
        .order_by("awarded_on")
        .first()
    )
    winners = ", ".join(winner.name for winner in award.winners.all())
    response = JointResponse.objects.create(
        cluster=members[0].cluster,
        notice=contract,
        status=ResponseStatus.LOST,
        form=GroupementForm.CONJOINT_MANDATAIRE_SOLIDAIRE,
        notes=DEMO_NOTE,
        submitted_on=award.awarded_on - timedelta(days=45),
        outcome_on=award.awarded_on,
        outcome_notes=f"Marché attribué à {winners} selon les données essentielles publiées (DECP).",
    )
    for index, organisation in enumerate(members):
        participant = Participant.objects.create(
            response=response,
            organisation=organisation,
            role=ParticipantRole.MANDATAIRE if index == 0 else ParticipantRole.COTRAITANT,
            invitation_status=InvitationStatus.ACCEPTED,
        )
        WorkShare.objects.create(participant=participant, lot=None, work="Part fictive de démonstration")
    items = default_items(response, owner=response.participants.get(role=ParticipantRole.MANDATAIRE))
    for item in items:
        item.done_at = timezone.now()
    response.checklist.bulk_create(items)
    sync_form_items(response)
    return response
