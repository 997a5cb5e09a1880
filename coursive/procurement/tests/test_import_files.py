"""The importer and its command on real files, read by the readers."""

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coursive.procurement import importer
from coursive.procurement.importer import import_notices
from coursive.procurement.models import AwardWinner, Notice, NoticeStatus

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
DECP_SAMPLE = FIXTURES / "decp_sample.json"
BOAMP_NOTICE = Path(settings.BASE_DIR) / "data" / "procurement" / "boamp_xml" / "test-pub.xml"
EFORMS_NOTICES = sorted((Path(settings.BASE_DIR) / "data" / "procurement" / "eforms_xml").glob("*.xml"))


def one_notice_files(directory: Path, count: int) -> list[Path]:
    """Real eForms files, one notice each, as TED publishes them."""
    directory.mkdir()
    paths = [directory / source.name for source in EFORMS_NOTICES[:count]]
    for source, path in zip(EFORMS_NOTICES, paths, strict=False):
        shutil.copy(source, path)
    return paths


def file_counts(summary) -> list[tuple[str, int, int, int, int]]:
    return [
        (file.name, file.created, file.updated, file.unchanged, file.error_count) for file in summary.files
    ]


def test_a_decp_file_lands_and_its_unreadable_records_are_reported():
    summary = import_notices([DECP_SAMPLE])

    file = summary.files[0]
    assert (file.name, file.format, file.records_seen) == ("decp_sample.json", "decp", 24)
    assert summary.created == Notice.objects.filter(source="decp").count() > 0
    assert summary.created + summary.error_count == 24
    assert all(issue.reason for issue in summary.errors)
    assert AwardWinner.objects.filter(award__notice__source="decp").exists()


def test_importing_a_real_file_again_leaves_every_notice_unchanged():
    first = import_notices([DECP_SAMPLE])

    again = import_notices([DECP_SAMPLE])

    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert again.error_count == first.error_count


def test_a_boamp_corrigendum_and_cancellation_change_the_notice_they_name():
    import_notices([BOAMP_NOTICE])

    import_notices(
        [FIXTURES / "boamp_rectificatif_synthetic.xml", FIXTURES / "boamp_annulation_synthetic.xml"]
    )

    notice = Notice.objects.get(source="boamp", official_id="16-186394")
    assert notice.amended_at is not None
    assert notice.status == NoticeStatus.CANCELLED
    assert set(notice.referrers.values_list("kind", flat=True)) == {"corrigendum", "cancellation"}


def test_a_truncated_file_keeps_the_records_read_before_the_break():
    summary = import_notices([FIXTURES / "decp_truncated.json"])

    assert summary.created > 0
    assert "tronqué" in summary.errors[-1].reason


def test_a_file_of_no_known_format_is_reported_and_the_others_still_land(tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("Ceci n'est pas un avis.", encoding="utf-8")

    summary = import_notices([stray, BOAMP_NOTICE])

    assert summary.errors[0].position == "notes.txt"
    assert "fichier illisible" in summary.errors[0].reason
    assert summary.created == 1


def test_the_command_reports_each_file_and_succeeds_when_something_was_read():
    out = io.StringIO()

    call_command("import_notices", str(DECP_SAMPLE), stdout=out, stderr=io.StringIO())

    assert out.getvalue().startswith("decp_sample.json [decp] : 24 lus")
    assert "enregistrement 6" in out.getvalue()


def test_the_command_fails_only_when_nothing_could_be_read(tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("Ceci n'est pas un avis.", encoding="utf-8")

    with pytest.raises(CommandError, match="Aucun avis"):
        call_command("import_notices", str(stray), stdout=io.StringIO(), stderr=io.StringIO())


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_command_shows_a_progress_line_on_a_terminal():
    terminal = Terminal()

    call_command("import_notices", str(DECP_SAMPLE), stdout=io.StringIO(), stderr=terminal)

    assert terminal.getvalue().startswith("\r")
    assert terminal.getvalue().rstrip().endswith("écartés")


def test_one_notice_files_share_their_transactions_and_queries(tmp_path):
    few, many = one_notice_files(tmp_path / "few", 3), one_notice_files(tmp_path / "many", 30)

    with CaptureQueriesContext(connection) as for_few:
        import_notices(few)
    Notice.objects.all().delete()
    with CaptureQueriesContext(connection) as for_many:
        summary = import_notices(many)

    assert summary.created == 30
    # Ten times the files, not ten times the queries: one batch holds them all.
    assert len(for_many.captured_queries) <= len(for_few.captured_queries) + 5
    savepoints = [query for query in for_many.captured_queries if "SAVEPOINT" in query["sql"].upper()]
    assert len(savepoints) <= 2


def test_each_file_gets_the_counts_and_errors_of_its_own_records(tmp_path):
    first, second, third = one_notice_files(tmp_path / "notices", 3)
    import_notices([first, second])
    stray = tmp_path / "notes.txt"
    stray.write_text("Ceci n'est pas un avis.", encoding="utf-8")
    changed = tmp_path / "changed.xml"
    changed.write_text(second.read_text(encoding="utf-8") + "<!-- republié -->\n", encoding="utf-8")

    summary = import_notices([first, stray, second, third, changed, DECP_SAMPLE])

    decp = summary.files[-1]
    assert file_counts(summary)[:5] == [
        (first.name, 0, 0, 1, 0),
        ("notes.txt", 0, 0, 0, 1),
        (second.name, 0, 0, 1, 0),
        (third.name, 1, 0, 0, 0),
        ("changed.xml", 0, 1, 0, 0),
    ]
    assert (decp.created + decp.error_count, decp.updated, decp.unchanged) == (24, 0, 0)
    assert Notice.objects.exclude(source="decp").count() == 3
    assert [issue.position for issue in summary.errors[:1]] == ["notes.txt"]
    assert all(issue.position.startswith("decp_sample.json") for issue in summary.errors[1:])


def test_a_batch_is_also_written_once_it_holds_enough_source_text(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_CHARS", 1)
    paths = one_notice_files(tmp_path / "notices", 3)
    written = []

    summary = import_notices(paths, progress=lambda summary: written.append(summary.created))

    assert written == [1, 2, 3, 3]
    assert file_counts(summary) == [(path.name, 1, 0, 0, 0) for path in paths]
