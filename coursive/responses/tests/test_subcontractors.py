"""Subcontractors declared by a participant: the rules of the services, the 600 € TTC threshold of direct
payment, their DC4 in the checklist, and the DC2 per member and per lot."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursive.responses import services
from coursive.responses.checklist import FORM_KINDS, sync_form_items
from coursive.responses.models import DIRECT_PAYMENT_THRESHOLD_TTC, ChecklistKind, Subcontractor

from .helpers import notice_with_lots, open_with, pass_deadline

pytestmark = pytest.mark.django_db

VALID_SIRET = "73282932000074"


def fields(**changes) -> dict:
    return {
        "name": "Lumière Nord SARL",
        "siret": "732 829 320 00074",
        "address": "4 rue des Projecteurs, 21000 Dijon",
        "work": "Location et réglage des éclairages",
        "lot": None,
        "amount_excl_vat": Decimal("4000.00"),
        "vat_rate": Decimal("20.00"),
        "accepted_at_bid": True,
        **changes,
    }


def form_pieces(response) -> set[tuple]:
    return set(
        response.checklist.filter(kind__in=FORM_KINDS).values_list(
            "kind", "concerns_id", "lot_id", "subcontractor_id"
        )
    )


@pytest.fixture
def response(member_admin):
    return open_with(member_admin)


@pytest.fixture
def own_participant(response, own_organisation):
    return response.participants.get(organisation=own_organisation)


def test_a_declared_subcontractor_gets_its_dc4_owned_by_the_declaring_member(response, own_participant):
    subcontractor = services.subcontractor_declare(participant=own_participant, **fields())

    assert subcontractor.siret == VALID_SIRET
    assert subcontractor.amount_incl_vat == Decimal("4800.00")
    assert subcontractor.direct_payment is True
    item = response.checklist.get(kind=ChecklistKind.DC4)
    assert item.subcontractor == subcontractor
    assert item.owner == own_participant
    assert "Lumière Nord SARL" in item.label


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"siret": "73282932000075"}, "clé de contrôle"),
        ({"siret": "1234"}, "14 chiffres"),
        ({"amount_excl_vat": Decimal("-10.00")}, "supérieur à zéro"),
        ({"amount_excl_vat": Decimal("0.00")}, "supérieur à zéro"),
        ({"vat_rate": Decimal("19.60")}, "Taux de TVA inconnu"),
        ({"name": "  "}, "dénomination"),
        ({"work": ""}, "prestations sous-traitées"),
    ],
)
def test_bad_input_is_refused_in_french_and_writes_nothing(response, own_participant, changes, message):
    with pytest.raises(ValidationError) as refusal:
        services.subcontractor_declare(participant=own_participant, **fields(**changes))

    assert message in " ".join(refusal.value.messages)
    assert not Subcontractor.objects.exists()
    assert not response.checklist.filter(kind=ChecklistKind.DC4).exists()


def test_after_the_deadline_declarations_are_frozen(response, own_participant):
    subcontractor = services.subcontractor_declare(participant=own_participant, **fields())
    pass_deadline(response)
    own_participant.response.refresh_from_db()

    with pytest.raises(ValidationError, match="R2142-26"):
        services.subcontractor_declare(participant=own_participant, **fields(name="Autre SAS"))
    with pytest.raises(ValidationError, match="R2142-26"):
        services.subcontractor_update(subcontractor=subcontractor, **fields(amount_excl_vat=Decimal("1")))
    with pytest.raises(ValidationError, match="R2142-26"):
        services.subcontractor_remove(subcontractor=subcontractor)

    subcontractor.refresh_from_db()
    assert subcontractor.amount_excl_vat == Decimal("4000.00")
    assert Subcontractor.objects.count() == 1


def test_an_invited_member_declares_nothing_before_accepting(member_admin, other_organisation):
    response = open_with(member_admin, other_organisation)
    invited = response.participants.get(organisation=other_organisation)

    with pytest.raises(ValidationError, match="accepté"):
        services.subcontractor_declare(participant=invited, **fields())
    assert not Subcontractor.objects.exists()


def test_on_a_notice_with_lots_the_subcontracted_lot_must_be_one_of_the_members(
    member_admin, own_organisation
):
    notice, lots = notice_with_lots()
    response = open_with(member_admin, notice=notice)
    participant = response.participants.get(organisation=own_organisation)
    services.share_set(participant=participant, lot=lots[0], work="Identité", amount=None)

    with pytest.raises(ValidationError, match="choisissez le lot"):
        services.subcontractor_declare(participant=participant, **fields())
    with pytest.raises(ValidationError, match="pas de part sur le lot 2"):
        services.subcontractor_declare(participant=participant, **fields(lot=lots[1]))
    subcontractor = services.subcontractor_declare(participant=participant, **fields(lot=lots[0]))

    assert subcontractor.lot == lots[0]


def test_removing_a_member_withdraws_its_subcontractors_and_their_dc4(
    member_admin, own_organisation, other_organisation
):
    response = open_with(member_admin, other_organisation)
    other = response.participants.get(organisation=other_organisation)
    services.participant_answer(participant=other, accept=True, reason="", answered_by=None)
    services.subcontractor_declare(participant=other, **fields())
    other.refresh_from_db()

    services.participant_remove(participant=other)

    assert not Subcontractor.objects.exists()
    assert not response.checklist.filter(kind=ChecklistKind.DC4).exists()


@pytest.mark.parametrize(
    ("excl", "rate", "direct"),
    [
        (Decimal("500.00"), Decimal("20.00"), True),  # exactly 600,00 € TTC: « égal ou supérieur »
        (Decimal("499.99"), Decimal("20.00"), False),  # 599,99 € TTC
        (Decimal("600.00"), Decimal("0.00"), True),
        (Decimal("599.99"), Decimal("0.00"), False),
        (Decimal("545.45"), Decimal("10.00"), True),  # 599,995 € rounds half up to 600,00 €
        (Decimal("545.44"), Decimal("10.00"), False),  # 599,984 € rounds to 599,98 €
    ],
)
def test_direct_payment_starts_at_600_euros_all_taxes_included(excl, rate, direct):
    subcontractor = Subcontractor(amount_excl_vat=excl, vat_rate=rate)

    assert subcontractor.direct_payment is direct


@settings(max_examples=200, deadline=None)
@given(
    excl=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2),
    rate=st.sampled_from(
        [Decimal("20.00"), Decimal("10.00"), Decimal("5.50"), Decimal("2.10"), Decimal("0.00")]
    ),
)
def test_direct_payment_is_exactly_the_rounded_ttc_reaching_the_threshold(excl, rate):
    subcontractor = Subcontractor(amount_excl_vat=excl, vat_rate=rate)
    ttc = subcontractor.amount_incl_vat

    assert ttc == (excl * (100 + rate) / 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert subcontractor.direct_payment is (ttc >= DIRECT_PAYMENT_THRESHOLD_TTC)


def test_a_member_on_several_lots_has_one_dc2_per_lot(member_admin, own_organisation, other_organisation):
    notice, lots = notice_with_lots()
    response = open_with(member_admin, other_organisation, notice=notice)
    own = response.participants.get(organisation=own_organisation)
    other = response.participants.get(organisation=other_organisation)
    assert form_pieces(response) == {
        ("dc1", None, None, None),
        ("dc2", own.pk, None, None),
        ("dc2", other.pk, None, None),
    }

    services.share_set(participant=own, lot=lots[0], work="Identité", amount=None)
    services.share_set(participant=own, lot=lots[1], work="Vidéo", amount=Decimal("1000"))

    assert form_pieces(response) == {
        ("dc1", None, None, None),
        ("dc2", own.pk, lots[0].pk, None),
        ("dc2", own.pk, lots[1].pk, None),
        ("dc2", other.pk, None, None),
    }
    labels = set(response.checklist.filter(kind="dc2", concerns=own).values_list("label", flat=True))
    assert labels == {
        "DC2 — déclaration du membre : Compagnie La Mouette, lot 1",
        "DC2 — déclaration du membre : Compagnie La Mouette, lot 2",
    }

    services.share_remove(share=own.shares.get(lot=lots[1]))

    assert ("dc2", own.pk, lots[1].pk, None) not in form_pieces(response)
    assert ("dc2", own.pk, lots[0].pk, None) in form_pieces(response)


def test_a_notice_without_lots_keeps_one_dc2_per_member(response, own_participant):
    services.share_set(participant=own_participant, lot=None, work="Tout", amount=Decimal("5000"))

    assert response.checklist.filter(kind=ChecklistKind.DC2).count() == 1
    assert response.checklist.get(kind=ChecklistKind.DC2).lot is None


def test_the_checklist_sync_is_idempotent_and_keeps_done_state(member_admin, own_organisation):
    notice, lots = notice_with_lots()
    response = open_with(member_admin, notice=notice)
    own = response.participants.get(organisation=own_organisation)
    services.share_set(participant=own, lot=lots[0], work="Identité", amount=None)
    services.subcontractor_declare(participant=own, **fields(lot=lots[0]))
    response.checklist.filter(kind__in=FORM_KINDS).update(done_at="2026-01-01T10:00:00Z")
    before = list(response.checklist.order_by("pk").values_list("pk", "kind", "label", "done_at"))

    sync_form_items(response)
    sync_form_items(response)
    services.share_set(participant=own, lot=lots[0], work="Identité visuelle", amount=Decimal("10"))

    assert list(response.checklist.order_by("pk").values_list("pk", "kind", "label", "done_at")) == before


def test_renaming_a_subcontractor_renames_its_dc4_in_place(response, own_participant):
    subcontractor = services.subcontractor_declare(participant=own_participant, **fields())
    item = response.checklist.get(kind=ChecklistKind.DC4)

    services.subcontractor_update(subcontractor=subcontractor, **fields(name="Lumière Sud SAS"))

    renamed = response.checklist.get(kind=ChecklistKind.DC4)
    assert renamed.pk == item.pk
    assert "Lumière Sud SAS" in renamed.label


SHARE_ACTIONS = st.lists(
    st.tuples(st.sampled_from(["share", "unshare", "declare", "drop"]), st.integers(0, 1), st.integers(0, 1)),
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=SHARE_ACTIONS)
def test_dc2_and_dc4_pieces_always_follow_lots_and_subcontractors(
    member_admin, own_organisation, other_organisation, actions
):
    notice, lots = notice_with_lots()
    response = open_with(member_admin, other_organisation, notice=notice)
    other = response.participants.get(organisation=other_organisation)
    services.participant_answer(participant=other, accept=True, reason="", answered_by=None)
    members = list(response.participants.order_by("pk"))
    for name, who, lot_index in actions:
        participant, lot = members[who], lots[lot_index]
        if name == "share":
            services.share_set(participant=participant, lot=lot, work="", amount=None)
        elif name == "unshare":
            participant.shares.filter(lot=lot).delete()
            sync_form_items(response)
        elif name == "declare" and participant.shares.filter(lot=lot).exists():
            services.subcontractor_declare(participant=participant, **fields(lot=lot))
        elif name == "drop" and participant.subcontractors.exists():
            services.subcontractor_remove(subcontractor=participant.subcontractors.first())
        expected = {("dc1", None, None, None)}
        for member in members:
            member_lots = set(member.shares.values_list("lot_id", flat=True))
            expected |= {("dc2", member.pk, lot_id, None) for lot_id in member_lots} or {
                ("dc2", member.pk, None, None)
            }
            expected |= {
                ("dc4", member.pk, None, pk) for pk in member.subcontractors.values_list("pk", flat=True)
            }
        assert form_pieces(response) == expected


def test_a_lot_with_subcontractors_keeps_its_share_and_a_declaring_member_its_role(
    member_admin, own_organisation, other_organisation
):
    notice, lots = notice_with_lots()
    response = open_with(member_admin, other_organisation, notice=notice)
    other = response.participants.get(organisation=other_organisation)
    services.participant_answer(participant=other, accept=True, reason="", answered_by=None)
    share = services.share_set(participant=other, lot=lots[1], work="Vidéo", amount=None)
    services.subcontractor_declare(participant=other, **fields(lot=lots[1]))

    with pytest.raises(ValidationError, match="retirez-les avant de retirer la part"):
        services.share_remove(share=share)
    with pytest.raises(ValidationError, match="retirez-les avant d'en faire une sous-traitante"):
        services.participant_set_role(participant=other, role="sous_traitant")

    other.refresh_from_db()
    assert other.role == "cotraitant" and other.shares.filter(lot=lots[1]).exists()
