"""The database side of the importer: one batch of rows upserted in bulk, then the links between notices.

A batch holds rows with distinct (source, official id) keys. Existing notices are looked up once per batch;
an unchanged one (same content digest) is not rewritten, new ones are inserted and changed ones updated in
bulk, their lots updated in place by number and their awards replaced. Corrigenda, cancellations and award notices are then linked to the
notice they name, in either order of arrival, and their effect applied onto it.

Rows are written with `executemany`, one prepared statement per table and batch: Django's `bulk_create`
compiles a statement for every twenty-odd rows and prepares every value through the field, which costs
more than the database's own work at thousands of notices a second.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime, time
from enum import StrEnum
from functools import lru_cache, partial

from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from .importer_rows import NoticeRow, notice_search_text, own_status
from .models import Award, AwardWinner, Lot, Notice, NoticeStatus
from .records import NoticeKind

BATCH_SIZE = 500
# What a corrigendum may change on the notice it corrects, when it states a value.
AMENDABLE_FIELDS = [
    "title",
    "description",
    "contract_type",
    "procedure",
    "cpv_main",
    "cpv_additional",
    "nuts_codes",
    "departements",
    "deadline_at",
    "estimated_value",
    "duration_months",
    "min_turnover",
    "selection_references",
    "selection_certifications",
    "selection_text",
    "reserved_ess",
    "reserved_insertion",
    "reserved_disability",
    "social_clause",
    "max_lots_per_bidder",
    "links",
]
APPLIED_FIELDS = [*AMENDABLE_FIELDS, "status", "amended_at", "cancelled_at", "search_text", "updated_at"]


def _adapter(field, ops) -> Callable | None:
    """The backend's own conversion for the values its driver cannot take as they are (the last step of
    `Field.get_db_prep_save`, without the steps our checked values do not need)."""
    if isinstance(field, models.JSONField):
        return partial(ops.adapt_json_value, encoder=field.encoder)
    if isinstance(field, models.DecimalField):
        return partial(
            ops.adapt_decimalfield_value, max_digits=field.max_digits, decimal_places=field.decimal_places
        )
    # Dates repeat across a batch (every row's `imported_at` is the same moment): converted once each.
    if isinstance(field, models.DateTimeField):
        return lru_cache(maxsize=4096)(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return lru_cache(maxsize=4096)(ops.adapt_datefield_value)
    return None


class _Table:
    """INSERT and UPDATE of rows given as dicts of column values, one executemany per call."""

    def __init__(self, model, *, not_updated: frozenset[str] = frozenset()):
        self.table = model._meta.db_table
        self.pk_column = model._meta.pk.column
        self.fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        self.updated = [field for field in self.fields if field.attname not in not_updated]

    def _params(self, rows: list[dict], fields: list, ops) -> list[list]:
        names = [field.attname for field in fields]
        # Most columns go to the driver as they are: only the others are converted, where not null.
        adapters = [(index, adapt) for index, field in enumerate(fields) if (adapt := _adapter(field, ops))]
        params = []
        for row in rows:
            values = [row[name] for name in names]
            for index, adapt in adapters:
                if values[index] is not None:
                    values[index] = adapt(values[index])
            params.append(values)
        return params

    def insert(self, rows: list[dict]) -> None:
        if not rows:
            return
        quote = connection.ops.quote_name
        names = ", ".join(quote(field.column) for field in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {quote(self.table)} ({names}) VALUES ({marks})",
                self._params(rows, self.fields, connection.ops),
            )

    def update(self, rows: list[dict], ids: list[int]) -> None:
        if not rows:
            return
        quote = connection.ops.quote_name
        assignments = ", ".join(f"{quote(field.column)} = %s" for field in self.updated)
        params = self._params(rows, self.updated, connection.ops)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote(self.table)} SET {assignments} WHERE {quote(self.pk_column)} = %s",
                [[*values, pk] for values, pk in zip(params, ids, strict=True)],
            )


NOTICES = _Table(Notice, not_updated=frozenset({"imported_at"}))
LOTS = _Table(Lot)
AWARDS = _Table(Award)
WINNERS = _Table(AwardWinner)


class Outcome(StrEnum):
    """What became of a row; the values are the names of the counts in the import summary."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@transaction.atomic
def notices_write(*, rows: list[NoticeRow], now: datetime) -> dict[tuple[str, str], Outcome]:
    """Upserts the rows by (source, official id) and links them; all or nothing. Returns each row's outcome
    by its key."""
    stored = _stored(rows)
    new = [row for row in rows if row.key not in stored]
    changed = [row for row in rows if row.key in stored and stored[row.key][1] != row.notice["content_hash"]]
    for row in new + changed:
        row.add_search_text()
    NOTICES.insert([row.notice for row in new])
    ids = {key: pk for key, (pk, _) in (stored | _stored(new)).items()}
    NOTICES.update([row.notice for row in changed], [ids[row.key] for row in changed])
    written = {ids[row.key]: row for row in new + changed}
    _replace_children(written, changed_ids=[ids[row.key] for row in changed])
    targets = _link_to_referenced(written) | _link_waiting_referrers(written)
    _apply_referrers(target_ids=targets | set(written), now=now)
    outcomes = dict.fromkeys((row.key for row in rows), Outcome.UNCHANGED)
    outcomes.update(dict.fromkeys((row.key for row in new), Outcome.CREATED))
    outcomes.update(dict.fromkeys((row.key for row in changed), Outcome.UPDATED))
    return outcomes


def _stored(rows: list[NoticeRow]) -> dict[tuple[str, str], tuple[int, str]]:
    """(source, official id) -> (pk, content digest) of the rows already stored."""
    wanted = defaultdict(list)
    for row in rows:
        wanted[row.notice["source"]].append(row.notice["official_id"])
    found = {}
    for source, official_ids in wanted.items():
        matches = _select(["official_id", "id", "content_hash"], source=source, official_id__in=official_ids)
        for official_id, pk, digest in matches:
            found[(source, official_id)] = (pk, digest)
    return found


def _select(columns: list[str], *, source: str, official_id__in: Iterable[str]) -> list[tuple]:
    """Notice columns by source and official ids, in plain SQL: the ORM prepares every one of the hundreds of
    ids through the field, which costs more than the query itself."""
    quote = connection.ops.quote_name
    official_ids = list(official_id__in)
    marks = ", ".join(["%s"] * len(official_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(column) for column in columns)} FROM {quote(NOTICES.table)} "
            f"WHERE {quote('source')} = %s AND {quote('official_id')} IN ({marks})",
            [source, *official_ids],
        )
        return cursor.fetchall()


def _by_source(pairs: Iterable[tuple[int, NoticeRow]]) -> dict[str, list[tuple[int, NoticeRow]]]:
    grouped = defaultdict(list)
    for pk, row in pairs:
        grouped[row.notice["source"]].append((pk, row))
    return grouped


def _replace_children(written: dict[int, NoticeRow], *, changed_ids: list[int]) -> None:
    if changed_ids:
        # A plain list of award ids, not a join: rows written earlier in the same transaction have no
        # statistics yet, and PostgreSQL then plans the join as nested loops that take minutes on a DECP batch.
        award_ids = list(Award.objects.filter(notice_id__in=changed_ids).values_list("pk", flat=True))
        AwardWinner.objects.filter(award_id__in=award_ids).delete()
        Award.objects.filter(pk__in=award_ids).delete()
    _lots_write(written, changed_ids=changed_ids)
    AWARDS.insert([{**award, "notice_id": pk} for pk, row in written.items() for award, _ in row.awards])
    if any(winners for row in written.values() for _, winners in row.awards):
        WINNERS.insert(_winners(written))


def _lots_write(written: dict[int, NoticeRow], *, changed_ids: list[int]) -> None:
    """Lots are matched by number (and rank among lots sharing a number) and updated in place, so that what
    hangs on a lot — a joint response's work shares, a member's DC2 — survives a corrigendum or a re-import.
    Only the lots a notice no longer has are deleted."""
    kept = _lot_ids(changed_ids)
    new, updated, updated_ids = [], [], []
    for pk, row in written.items():
        for key, lot in _numbered(row.lots):
            lot_id = kept.pop((pk, *key), None)
            if lot_id is None:
                new.append({**lot, "notice_id": pk})
            else:
                updated.append({**lot, "notice_id": pk})
                updated_ids.append(lot_id)
    Lot.objects.filter(pk__in=list(kept.values())).delete()
    LOTS.update(updated, updated_ids)
    LOTS.insert(new)


def _lot_ids(notice_ids: list[int]) -> dict[tuple[int, str, int], int]:
    """(notice id, lot number, rank among the notice's lots with that number) -> lot id."""
    if not notice_ids:
        return {}
    ranks: Counter[tuple[int, str]] = Counter()
    ids = {}
    stored = Lot.objects.filter(notice_id__in=notice_ids).order_by("pk")
    for notice_id, number, pk in stored.values_list("notice_id", "number", "pk"):
        ids[(notice_id, number, ranks[notice_id, number])] = pk
        ranks[notice_id, number] += 1
    return ids


def _numbered(lots: list[dict]) -> list[tuple[tuple[str, int], dict]]:
    """Each lot keyed by its number and its rank among the lots sharing that number, in order."""
    ranks: Counter[str] = Counter()
    keyed = []
    for lot in lots:
        keyed.append(((lot["number"], ranks[lot["number"]]), lot))
        ranks[lot["number"]] += 1
    return keyed


def _winners(written: dict[int, NoticeRow]) -> list[dict]:
    """The winners with their award's id; a notice's awards were inserted in order, so their ids follow it."""
    award_ids = defaultdict(list)
    awards = Award.objects.filter(notice_id__in=list(written)).order_by("pk")
    for notice_id, award_id in awards.values_list("notice_id", "pk"):
        award_ids[notice_id].append(award_id)
    return [
        {**winner, "award_id": award_id}
        for pk, row in written.items()
        for award_id, (_, winners) in zip(award_ids[pk], row.awards, strict=True)
        for winner in winners
    ]


def _set_refers_to(links: list[tuple[int, int]]) -> set[int]:
    """Saves (referrer id, referenced id) links; returns the referenced ids."""
    Notice.objects.bulk_update(
        [Notice(pk=pk, refers_to_id=target_id) for pk, target_id in links],
        ["refers_to"],
        batch_size=BATCH_SIZE,
    )
    return {target_id for _, target_id in links}


def _link_to_referenced(written: dict[int, NoticeRow]) -> set[int]:
    """Points each written corrigendum, cancellation or award notice at the notice it names, when stored."""
    links = []
    referrers = ((pk, row) for pk, row in written.items() if row.notice["refers_to_official_id"])
    for source, pairs in _by_source(referrers).items():
        wanted = {row.notice["refers_to_official_id"] for _, row in pairs}
        targets = dict(
            Notice.objects.filter(source=source, official_id__in=wanted).values_list("official_id", "pk")
        )
        for pk, row in pairs:
            target_id = targets.get(row.notice["refers_to_official_id"])
            if target_id not in {None, pk}:
                links.append((pk, target_id))
    return _set_refers_to(links)


def _link_waiting_referrers(written: dict[int, NoticeRow]) -> set[int]:
    """Links the notices imported earlier that name one of the written notices (late linking)."""
    links = []
    for source, pairs in _by_source(written.items()).items():
        ids = {row.notice["official_id"]: pk for pk, row in pairs}
        waiting = Notice.objects.filter(
            source=source, refers_to__isnull=True, refers_to_official_id__in=list(ids)
        ).values_list("pk", "refers_to_official_id")
        links.extend((pk, ids[official_id]) for pk, official_id in waiting if ids[official_id] != pk)
    return _set_refers_to(links)


def _apply_referrers(*, target_ids: set[int], now: datetime) -> None:
    """Replays, oldest first, every corrigendum, cancellation and award notice onto the notice it names.

    Replaying them all rather than only the new ones keeps the result right whatever order they arrived
    in, and replaying a corrigendum twice changes nothing."""
    referrers = defaultdict(list)
    for referrer in (
        Notice.objects.filter(refers_to_id__in=target_ids)
        .defer("raw", "search_text")
        .order_by(F("published_on").asc(nulls_first=True), "pk")
    ):
        referrers[referrer.refers_to_id].append(referrer)
    if not referrers:
        return
    targets = list(Notice.objects.filter(pk__in=list(referrers)).defer("raw"))
    lot_titles = defaultdict(list)
    for notice_id, title in Lot.objects.filter(notice_id__in=list(referrers)).values_list(
        "notice_id", "title"
    ):
        lot_titles[notice_id].append(title)
    for target in targets:
        _apply(target, referrers[target.pk], now=now)
        target.search_text = notice_search_text(
            title=target.title,
            description=target.description,
            buyer_name=target.buyer_name,
            lot_titles=lot_titles[target.pk],
        )
        target.updated_at = now
    Notice.objects.bulk_update(targets, APPLIED_FIELDS, batch_size=BATCH_SIZE)


def _apply(target: Notice, referrers: list[Notice], *, now: datetime) -> None:
    corrigenda = [notice for notice in referrers if notice.kind == NoticeKind.CORRIGENDUM]
    cancellations = [notice for notice in referrers if notice.kind == NoticeKind.CANCELLATION]
    for corrigendum in corrigenda:
        for field in AMENDABLE_FIELDS:
            # Only what the corrigendum states: an empty value means "unchanged", not "erased".
            if value := getattr(corrigendum, field):
                setattr(target, field, value)
    target.amended_at = _event_time(corrigenda[-1]) if corrigenda else None
    target.cancelled_at = _event_time(cancellations[-1]) if cancellations else None
    target.status = own_status(kind=target.kind, deadline_at=target.deadline_at, now=now)
    if any(notice.kind == NoticeKind.AWARD_NOTICE for notice in referrers):
        target.status = NoticeStatus.AWARDED
    if cancellations:
        target.status = NoticeStatus.CANCELLED


def _event_time(notice: Notice) -> datetime:
    """When a corrigendum or cancellation took effect: its publication day, or when it was imported."""
    if notice.published_on is None:
        return notice.imported_at
    return timezone.make_aware(datetime.combine(notice.published_on, time.min))
