from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils.timezone import localtime

from coursive.procurement import importer_writes
from coursive.procurement.importer import import_records
from coursive.procurement.models import Award, AwardWinner, ImportRun, Lot, Notice, NoticeStatus
from coursive.procurement.records import Lot as RecordLot
from coursive.procurement.records import NoticeKind, ReadError, Source

from .notice_records import award_notice, awarded_contract, cancellation, contract_notice, corrigendum

pytestmark = pytest.mark.django_db


def counts(summary) -> tuple[int, int, int, int]:
    return (summary.created, summary.updated, summary.unchanged, summary.error_count)


def test_a_contract_notice_lands_with_its_lots_criteria_and_flags():
    summary = import_records([contract_notice()], name="boamp.xml")

    notice = Notice.objects.get(source="boamp", official_id="25-100001")
    assert counts(summary) == (1, 0, 0, 0)
    assert (notice.kind, notice.status, notice.contract_type) == ("contract_notice", "open", "services")
    assert (notice.buyer_name, notice.buyer_siret) == ("Ville de Dijon", "21210231500019")
    assert (notice.cpv_main, notice.cpv_additional) == ("79822500", ["79340000", "22462000"])
    assert (notice.departements, notice.nuts_codes) == (["21"], ["FRC11"])
    assert notice.deadline_at == datetime(2026, 12, 15, 11, 0, tzinfo=UTC)
    assert (notice.estimated_value, notice.min_turnover) == (Decimal("45000.00"), Decimal("60000.00"))
    assert notice.reserved_ess and notice.social_clause and not notice.reserved_insertion
    assert notice.raw == "<ANNONCE>25-100001</ANNONCE>"
    assert " graphiqu" in notice.search_text and " dijon " in notice.search_text
    lots = list(notice.lots.values_list("number", "title", "cpv_codes", "estimated_value"))
    assert lots == [
        ("1", "Identité visuelle", ["79822500"], Decimal("30000.00")),
        ("2", "Impression des programmes", ["79800000"], None),
    ]


def test_an_awarded_contract_keeps_its_award_and_winners_in_order():
    import_records([award_notice(refers_to_id="")], name="boamp.xml")

    award = Award.objects.get(notice__official_id="26-200001")
    assert (award.lot_number, award.amount, award.tenders_received) == ("1", Decimal("28500.00"), 4)
    assert list(award.winners.values_list("name", "position")) == [
        ("Studio Grand Angle", 0),
        ("Atelier Mouette", 1),
    ]
    assert Notice.objects.get(official_id="26-200001").status == NoticeStatus.AWARDED


def test_importing_the_same_records_twice_changes_nothing_the_second_time():
    records = [awarded_contract(number) for number in range(3)] + [contract_notice()]
    import_records(records, name="first.json")
    first = list(Notice.objects.order_by("pk").values_list("pk", "updated_at"))

    summary = import_records(records, name="again.json")

    assert counts(summary) == (0, 0, 4, 0)
    assert list(Notice.objects.order_by("pk").values_list("pk", "updated_at")) == first
    assert (Lot.objects.count(), Award.objects.count(), AwardWinner.objects.count()) == (2, 3, 3)


def test_a_changed_record_updates_its_notice_in_place_and_replaces_its_lots():
    import_records([contract_notice()], name="first.xml")
    pk = Notice.objects.get().pk
    changed = contract_notice(title="Conception graphique et signalétique", lots=[])

    summary = import_records([changed], name="second.xml")

    assert counts(summary) == (0, 1, 0, 0)
    notice = Notice.objects.get()
    assert (notice.pk, notice.title, notice.lots.count()) == (pk, "Conception graphique et signalétique", 0)
    assert " signalet" in notice.search_text


def test_a_changed_record_keeps_the_ids_of_the_lots_it_still_has():
    """Work shares and DC2s of joint responses hang on lots: a re-import must not delete them."""
    import_records([contract_notice()], name="first.xml")
    first, second = Notice.objects.get().lots.order_by("pk")
    renamed = RecordLot(number="1", title="Identité visuelle et charte", cpv_codes=["79822500"])
    added = RecordLot(number="3", title="Signalétique", cpv_codes=["79822500"])

    import_records([contract_notice(lots=[renamed, added])], name="second.xml")

    lots = list(Notice.objects.get().lots.order_by("pk").values_list("pk", "number", "title"))
    assert lots[0] == (first.pk, "1", "Identité visuelle et charte")
    assert [number for _, number, _ in lots] == ["1", "3"] and lots[1][0] not in (first.pk, second.pk)
    assert not Lot.objects.filter(pk=second.pk).exists()


def test_a_corrigendum_amends_its_notice_and_is_kept_linked_to_it():
    import_records([contract_notice(), corrigendum()], name="boamp.xml")

    notice = Notice.objects.get(official_id="25-100001")
    kept = Notice.objects.get(official_id="25-100050")
    assert notice.title == "Conception graphique de la saison culturelle 2027"
    assert notice.deadline_at == datetime(2027, 1, 10, 11, 0, tzinfo=UTC)
    # What the corrigendum does not state stays as published.
    assert (notice.estimated_value, notice.cpv_main) == (Decimal("45000.00"), "79822500")
    assert localtime(notice.amended_at).date() == date(2026, 11, 20)
    assert (kept.kind, kept.refers_to) == (NoticeKind.CORRIGENDUM, notice)
    assert " 2027 " in notice.search_text


def test_a_corrigendum_read_before_its_notice_is_applied_when_the_notice_arrives():
    import_records([corrigendum()], name="first.xml")
    assert Notice.objects.get(official_id="25-100050").refers_to is None

    import_records([contract_notice()], name="second.xml")

    notice = Notice.objects.get(official_id="25-100001")
    assert notice.title == "Conception graphique de la saison culturelle 2027"
    assert Notice.objects.get(official_id="25-100050").refers_to == notice


def test_an_updated_notice_keeps_the_corrections_of_its_corrigendum():
    import_records([contract_notice(), corrigendum()], name="first.xml")

    import_records([contract_notice(description="Description revue par l'acheteur.")], name="second.xml")

    notice = Notice.objects.get(official_id="25-100001")
    assert notice.description == "Description revue par l'acheteur."
    assert notice.title == "Conception graphique de la saison culturelle 2027"


def test_a_cancellation_marks_its_notice_cancelled():
    import_records([contract_notice()], name="first.xml")

    import_records([cancellation()], name="second.xml")

    notice = Notice.objects.get(official_id="25-100001")
    assert notice.status == NoticeStatus.CANCELLED
    assert localtime(notice.cancelled_at).date() == date(2026, 11, 24)


def test_an_award_notice_is_linked_to_its_contract_notice_which_becomes_awarded():
    import_records([contract_notice(), award_notice()], name="boamp.xml")

    notice = Notice.objects.get(official_id="25-100001")
    assert notice.status == NoticeStatus.AWARDED
    assert list(notice.referrers.values_list("official_id", flat=True)) == ["26-200001"]


def test_an_award_read_before_its_contract_notice_is_linked_when_the_notice_arrives():
    import_records([award_notice()], name="awards.xml")

    import_records([contract_notice()], name="notices.xml")

    notice = Notice.objects.get(official_id="25-100001")
    assert Notice.objects.get(official_id="26-200001").refers_to == notice
    assert notice.status == NoticeStatus.AWARDED


def test_links_stay_within_one_source():
    import_records([award_notice()], name="awards.xml")

    import_records([contract_notice(source=Source.TED_EFORMS)], name="ted.xml")

    assert Notice.objects.get(official_id="26-200001").refers_to is None


def test_malformed_records_are_reported_and_skipped_while_the_others_land():
    records = [
        awarded_contract(1),
        ReadError(
            source=Source.DECP, position="decp.json marches[1]", reason="objet manquant", official_id="X-1"
        ),
        awarded_contract(2, buyer_name="B" * 501),
        awarded_contract(3, estimated_value=Decimal("1e13")),
        awarded_contract(4, deadline_at=datetime(2025, 7, 1, 12, 0)),
        awarded_contract(5, official_id=" "),
        awarded_contract(6),
    ]

    summary = import_records(records, name="decp.json")

    assert counts(summary) == (2, 0, 0, 5)
    assert summary.records_seen == 7
    assert set(Notice.objects.values_list("official_id", flat=True)) == {
        "21210231500019-2025-00001",
        "21210231500019-2025-00006",
    }
    positions = [(issue.position, issue.official_id) for issue in summary.errors]
    assert positions[:2] == [
        ("decp.json marches[1]", "X-1"),
        ("decp.json enregistrement 3", "21210231500019-2025-00002"),
    ]
    assert summary.errors[1].reason == "le champ « acheteur » dépasse 500 caractères"
    assert "hors limites" in summary.errors[2].reason
    assert "fuseau" in summary.errors[3].reason


def test_a_batch_refused_by_the_database_loses_only_the_record_at_fault(monkeypatch):
    # The database refuses one winner, after the notice and award of its record were already inserted.
    insert_winners = importer_writes.WINNERS.insert

    def refuse_one_winner(rows):
        if any(row["name"] == "Compagnie 2" for row in rows):
            raise IntegrityError("winner refused")
        insert_winners(rows)

    monkeypatch.setattr(importer_writes.WINNERS, "insert", refuse_one_winner)

    summary = import_records([awarded_contract(number) for number in range(1, 5)], name="decp.json")

    assert counts(summary) == (3, 0, 0, 1)
    assert summary.errors[0].official_id == "21210231500019-2025-00002"
    assert "winner refused" in summary.errors[0].reason
    # Nothing of the refused record was written: neither its notice nor its award.
    assert not Notice.objects.filter(official_id="21210231500019-2025-00002").exists()
    assert (Notice.objects.count(), Award.objects.count(), AwardWinner.objects.count()) == (3, 3, 3)


def test_unknown_cpv_codes_are_kept_and_reported_once_and_malformed_ones_dropped():
    records = [
        awarded_contract(1, cpv_main="99999999", cpv_additional=["7982250"]),
        awarded_contract(2, cpv_main="99999999"),
    ]

    summary = import_records(records, name="decp.json")

    assert counts(summary) == (2, 0, 0, 0)
    assert set(Notice.objects.values_list("cpv_main", flat=True)) == {"99999999"}
    assert Notice.objects.filter(cpv_additional=[]).count() == 2
    assert len(summary.warnings) == 2
    assert "99999999" in summary.warnings[0] and "7982250" in summary.warnings[1]


def test_a_record_repeated_in_one_file_is_created_then_updated():
    records = [awarded_contract(1), awarded_contract(1, title="Médiation culturelle, avenant")]

    summary = import_records(records, name="decp.json")

    assert counts(summary) == (1, 1, 0, 0)
    assert Notice.objects.get().title == "Médiation culturelle, avenant"
    assert Award.objects.count() == 1


def test_a_large_stream_is_written_in_batches_and_reports_its_progress():
    seen = []

    summary = import_records(
        (awarded_contract(number) for number in range(1, 1201)),
        name="decp.json",
        progress=lambda summary: seen.append(summary.created),
    )

    assert counts(summary) == (1200, 0, 0, 0)
    assert seen[:3] == [500, 1000, 1200]
    assert AwardWinner.objects.count() == 1200


def test_a_run_gets_its_counts_saved_as_the_import_goes(coordinator, cluster):
    run = ImportRun.objects.create(cluster=cluster, uploaded_by=coordinator, file_name="decp.json")

    import_records([awarded_contract(1), awarded_contract(1, title="")], name="decp.json", run=run)

    run.refresh_from_db()
    assert (run.records_seen, run.created, run.error_count) == (2, 1, 1)
