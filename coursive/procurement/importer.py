"""Importing notice files: read records as a stream, write them in batches, report what was refused.

Memory stays flat whatever the file size: the readers stream records and at most one batch of rows is held
at a time. A batch fills from as many files as it takes (TED, eForms and BOAMP files hold one notice each,
and a transaction per notice would cost more than the notice itself); each row remembers its file, so the
counts and errors are still given per file. Each batch is written in its own transaction; when the database
refuses it, the batch is written again record by record so the one at fault is reported and the others still
land, and nothing is ever left half-written.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from .importer_rows import InvalidRecord, NoticeRow, RowBuilder
from .importer_writes import BATCH_SIZE, Outcome, notices_write
from .models import Cpv, ImportRun
from .readers import detect_format, read_notices
from .records import NoticeRecord, ReadError

# A batch is also written once its rows hold this many characters of source text: an eForms notice keeps
# about 100 kB of XML, so 500 of them would take hundreds of megabytes while waiting.
BATCH_CHARS = 8_000_000


@dataclass
class ImportIssue:
    position: str
    official_id: str
    reason: str


@dataclass
class FileSummary:
    name: str
    format: str = ""
    records_seen: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0

    def count(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass
class ImportSummary:
    files: list[FileSummary] = field(default_factory=list)
    # The first issues only (ImportRun.MAX_ISSUES); the counts stay exact.
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def _total(self, name: str) -> int:
        return sum(getattr(file, name) for file in self.files)

    @property
    def records_seen(self) -> int:
        return self._total("records_seen")

    @property
    def created(self) -> int:
        return self._total("created")

    @property
    def updated(self) -> int:
        return self._total("updated")

    @property
    def unchanged(self) -> int:
        return self._total("unchanged")

    @property
    def error_count(self) -> int:
        return self._total("error_count")

    @property
    def nothing_read(self) -> bool:
        return self.created + self.updated + self.unchanged == 0

    def report(self, file: FileSummary, issue: ImportIssue) -> None:
        file.error_count += 1
        if len(self.errors) < ImportRun.MAX_ISSUES:
            self.errors.append(issue)

    def warn(self, message: str) -> None:
        if len(self.warnings) < ImportRun.MAX_ISSUES:
            self.warnings.append(message)

    def issues_as_json(self) -> list[dict]:
        return [asdict(issue) for issue in self.errors]


Progress = Callable[[ImportSummary], None]


def import_notices(
    paths: Iterable[str | Path], *, progress: Progress | None = None, run: ImportRun | None = None
) -> ImportSummary:
    """Imports the notice files (TED eForms or legacy XML, BOAMP XML, DECP JSON), detecting each format.

    `progress` is called with the summary so far after each batch, each unreadable file and at the end;
    `run`, an ImportRun, gets its counts saved as the import goes. A batch takes the rows of as many files as
    fit in it, so that files of one notice each cost a transaction per batch, not one per file."""
    importer = _Importer(progress=progress, run=run)
    try:
        for path in paths:
            importer.import_file(Path(path))
    finally:
        importer.finish()
    return importer.summary


def import_records(
    records: Iterable[NoticeRecord | ReadError],
    *,
    name: str,
    progress: Progress | None = None,
    run: ImportRun | None = None,
) -> ImportSummary:
    """Imports records already read, as if they came from one file called `name`."""
    importer = _Importer(progress=progress, run=run)
    try:
        importer.consume(importer.add_file(name), records)
    finally:
        importer.finish()
    return importer.summary


class _ReaderFailed(Exception):
    """A reader stopped on a whole file: unknown format, broken XML or JSON, unreadable file."""


def _records(path: Path, file: FileSummary) -> Iterator[NoticeRecord | ReadError]:
    """The reader's records. Whatever stops the reader stops this file only: the records read before stay
    and the other files go on. Errors of the importer itself are not caught, so a bug is never mistaken for
    a bad file."""
    try:
        file.format = str(detect_format(path))
        records = iter(read_notices(path))
    except Exception as error:
        raise _ReaderFailed from error
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except Exception as error:
            raise _ReaderFailed from error
        yield record


@dataclass
class _Entry:
    """A row waiting in the batch, with the file and position it came from."""

    file: FileSummary
    position: str
    row: NoticeRow


class _Importer:
    def __init__(self, *, progress: Progress | None, run: ImportRun | None):
        self.summary = ImportSummary()
        self.progress = progress
        self.run = run
        self.now = timezone.now()
        known_cpv = frozenset(Cpv.objects.values_list("code8", flat=True))
        self.rows = RowBuilder(known_cpv=known_cpv, warn=self.summary.warn, now=self.now)
        self.batch: dict[tuple[str, str], _Entry] = {}
        self.batch_chars = 0

    def add_file(self, name: str) -> FileSummary:
        file = FileSummary(name=name)
        self.summary.files.append(file)
        return file

    def import_file(self, path: Path) -> None:
        file = self.add_file(path.name)
        try:
            self.consume(file, _records(path, file))
        except _ReaderFailed as failure:
            reason = _("fichier illisible : %(error)s") % {"error": failure.__cause__}
            self.summary.report(file, ImportIssue(position=path.name, official_id="", reason=reason))
            self._report_progress()

    def consume(self, file: FileSummary, items: Iterable[NoticeRecord | ReadError]) -> None:
        """Adds the file's rows to the batch, which is written whenever it is full: the rows of a file may
        land with those of the next files, at the latest in `finish`."""
        for position, row in self._rows(file, items):
            self._add(_Entry(file, position, row))

    def _add(self, entry: _Entry) -> None:
        """Adds a row. A notice already in the batch from the same file (DECP republishes a contract when
        it is modified) is replaced by its later version, which alone is written; the earlier one is counted
        as an update, or as unchanged when both versions are the same. From another file, the batch is
        written first, so that each file gets the outcome it would have had alone."""
        earlier = self.batch.get(entry.row.key)
        if earlier is not None and earlier.file is not entry.file:
            self.flush()
            earlier = None
        if earlier is None and (len(self.batch) >= BATCH_SIZE or self.batch_chars >= BATCH_CHARS):
            self.flush()
        if earlier is not None:
            del self.batch[entry.row.key]
            self.batch_chars -= len(earlier.row.notice["raw"])
            same = earlier.row.notice["content_hash"] == entry.row.notice["content_hash"]
            entry.file.count(Outcome.UNCHANGED if same else Outcome.UPDATED)
        self.batch[entry.row.key] = entry
        self.batch_chars += len(entry.row.notice["raw"])

    def _rows(
        self, file: FileSummary, items: Iterable[NoticeRecord | ReadError]
    ) -> Iterator[tuple[str, NoticeRow]]:
        """The rows worth writing, with their positions; what cannot be read or stored is reported."""
        for index, item in enumerate(items, start=1):
            file.records_seen += 1
            if isinstance(item, ReadError):
                self.summary.report(file, ImportIssue(item.position, item.official_id, item.reason))
                continue
            position = f"{file.name} enregistrement {index}"
            try:
                yield position, self.rows.build(item, with_search_text=False)
            except InvalidRecord as error:
                self.summary.report(file, ImportIssue(position, item.official_id, str(error)))

    def finish(self) -> None:
        self.flush()
        self._report_progress()

    def flush(self) -> None:
        """Writes the batch in one transaction, or record by record when the database refuses it."""
        if not self.batch:
            return
        entries = list(self.batch.values())
        self.batch.clear()
        self.batch_chars = 0
        try:
            outcomes = notices_write(rows=[entry.row for entry in entries], now=self.now)
        except DatabaseError:
            self._write_one_by_one(entries)
        else:
            for entry in entries:
                entry.file.count(outcomes[entry.row.key])
        self._report_progress()

    def _write_one_by_one(self, entries: list[_Entry]) -> None:
        """Slow, but only after a refused batch: isolates the records at fault."""
        for entry in entries:
            try:
                outcomes = notices_write(rows=[entry.row], now=self.now)
            except DatabaseError as error:
                reason = _("refusé par la base de données : %(error)s") % {"error": error}
                issue = ImportIssue(entry.position, entry.row.notice["official_id"], reason)
                self.summary.report(entry.file, issue)
            else:
                entry.file.count(outcomes[entry.row.key])

    def _report_progress(self) -> None:
        if self.run is not None:
            ImportRun.objects.filter(pk=self.run.pk).update(
                records_seen=self.summary.records_seen,
                created=self.summary.created,
                updated=self.summary.updated,
                unchanged=self.summary.unchanged,
                error_count=self.summary.error_count,
            )
        if self.progress is not None:
            self.progress(self.summary)
