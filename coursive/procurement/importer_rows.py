"""Turning a `NoticeRecord` into rows ready for a bulk insert, checked in Python first.

A bulk write fails as a whole when one value does not fit its column, so every value is checked here (text
lengths, amounts, whole numbers, dates) and a record that does not fit is refused with a reason before it
can take its neighbours down with it. Rows are plain dicts of column values, not model instances: building
thousands of model instances a second would cost more than writing them.
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coursive.core.money import to_cents
from coursive.core.text import search_document

from .models import Award, AwardWinner, Lot, Notice, NoticeStatus
from .records import Award as AwardRecord
from .records import Lot as LotRecord
from .records import NoticeKind, NoticeRecord, Reservation, Source

# Decimal(14, 2): twelve digits before the point.
MONEY_LIMIT = Decimal(10) ** 12
MAX_POSITIVE_INT = 2**31 - 1
CPV_CODE = re.compile(r"[0-9]{8}")
SIRET = re.compile(r"[0-9]{14}")
KINDS = frozenset(NoticeKind)
SOURCES = frozenset(Source)
# Named in error messages only, so translated only when a record is refused.
LABELS = {
    "deadline_at": gettext_lazy("La date limite"),
    "published_on": gettext_lazy("La date de publication"),
    "estimated_value": gettext_lazy("La valeur estimée"),
    "duration_months": gettext_lazy("La durée"),
    "min_turnover": gettext_lazy("Le chiffre d'affaires minimal"),
    "max_lots_per_bidder": gettext_lazy("Le nombre de lots par candidat"),
    "lot_value": gettext_lazy("La valeur estimée du lot"),
    "amount": gettext_lazy("Le montant attribué"),
    "awarded_on": gettext_lazy("La date d'attribution"),
    "tenders_received": gettext_lazy("Le nombre d'offres"),
}
MALFORMED_CPV = gettext_lazy("Code CPV mal formé, ignoré : %(code)s")
UNKNOWN_CPV = gettext_lazy("Code CPV absent de la nomenclature, conservé : %(code)s")
INVALID_SIRET = gettext_lazy("SIRET d'acheteur non valide, ignoré : %(code)s")


class InvalidRecord(Exception):
    """A record whose values do not fit the database; the message is the reason shown to people."""


@dataclass
class NoticeRow:
    """Column values: `notice` has every column of Notice but its id, `lots` and `awards` (with their
    winners) every column but their id and parent's id."""

    notice: dict
    lots: list[dict]
    awards: list[tuple[dict, list[dict]]]

    @property
    def key(self) -> tuple[str, str]:
        return (self.notice["source"], self.notice["official_id"])

    def add_search_text(self) -> None:
        """Fills `search_text` when `RowBuilder.build` was told to leave it empty."""
        if self.notice["search_text"]:
            return
        self.notice["search_text"] = notice_search_text(
            title=self.notice["title"],
            description=self.notice["description"],
            buyer_name=self.notice["buyer_name"],
            lot_titles=[lot["title"] for lot in self.lots],
        )


def _char_limits(model) -> list[tuple[str, int, str]]:
    return [
        (field.attname, field.max_length, field.verbose_name)
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField) and field.max_length
    ]


CHAR_LIMITS = {model: _char_limits(model) for model in (Notice, Lot, Award, AwardWinner)}


def check_lengths(model, values: dict) -> None:
    for attname, max_length, label in CHAR_LIMITS[model]:
        if len(values[attname]) > max_length:
            raise InvalidRecord(
                _("le champ « %(field)s » dépasse %(max)s caractères") % {"field": label, "max": max_length}
            )


def _refuse(message: str, name: str, value) -> InvalidRecord:
    return InvalidRecord(message % {"label": LABELS[name], "value": value})


def money(value, name: str) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = to_cents(Decimal(value))
    except (InvalidOperation, TypeError, ValueError) as error:
        raise _refuse(_("%(label)s n'est pas un montant : %(value)s"), name, value) from error
    if abs(amount) >= MONEY_LIMIT:
        raise _refuse(_("%(label)s hors limites : %(value)s"), name, value)
    return amount


def whole_number(value, name: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or not 0 <= value <= MAX_POSITIVE_INT:
        raise _refuse(_("%(label)s hors limites : %(value)s"), name, value)
    return value


def day(value, name: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date):
        raise _refuse(_("%(label)s n'est pas une date : %(value)s"), name, value)
    return value.date() if isinstance(value, datetime) else value


def moment(value, name: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or timezone.is_naive(value):
        raise _refuse(_("%(label)s n'est pas une date et heure avec fuseau : %(value)s"), name, value)
    return value


def content_hash(record: NoticeRecord) -> str:
    """The digest of everything the reader produced: it changes when the source or the reader changes."""
    return hashlib.sha256(repr(record).encode()).hexdigest()


def own_status(*, kind: str, deadline_at: datetime | None, now: datetime) -> str:
    """The status a notice has from its own content, before corrigenda, cancellations and awards."""
    if kind in {NoticeKind.AWARD_NOTICE, NoticeKind.AWARDED_CONTRACT}:
        return NoticeStatus.AWARDED
    if kind == NoticeKind.CANCELLATION:
        return NoticeStatus.CANCELLED
    if deadline_at is not None and deadline_at < now:
        return NoticeStatus.CLOSED
    return NoticeStatus.OPEN


def notice_search_text(*, title: str, description: str, buyer_name: str, lot_titles: list[str]) -> str:
    return search_document(title, description, buyer_name, *lot_titles)


class RowBuilder:
    """Builds the rows of one import; remembers the codes already warned about, to warn only once."""

    def __init__(self, *, known_cpv: frozenset[str], warn: Callable[[str], None], now: datetime):
        self.known_cpv = known_cpv
        self.warn = warn
        self.now = now
        self.warned: set[str] = set()

    def build(self, record: NoticeRecord, *, with_search_text: bool = True) -> NoticeRow:
        """The row of a record, or InvalidRecord. Without `with_search_text`, `search_text` is left empty
        for `NoticeRow.add_search_text`: stemming is the dearest step of building a row, and a notice found
        unchanged is not rewritten, so the importer stems only the rows it is about to write."""
        if not record.official_id.strip():
            raise InvalidRecord(_("identifiant officiel manquant"))
        if not record.title.strip():
            raise InvalidRecord(_("objet manquant"))
        if record.kind not in KINDS or record.source not in SOURCES:
            raise InvalidRecord(_("type d'avis ou source inconnus"))
        notice = self._notice(record) | self._conditions(record)
        lots = [self._lot(lot) for lot in record.lots]
        row = NoticeRow(notice=notice, lots=lots, awards=[self._award(award) for award in record.awards])
        if with_search_text:
            row.add_search_text()
        self._check_lengths(row)
        return row

    def _check_lengths(self, row: NoticeRow) -> None:
        check_lengths(Notice, row.notice)
        for lot in row.lots:
            check_lengths(Lot, lot)
        for award, winners in row.awards:
            check_lengths(Award, award)
            for winner in winners:
                check_lengths(AwardWinner, winner)

    def _notice(self, record: NoticeRecord) -> dict:
        deadline_at = moment(record.deadline_at, "deadline_at")
        return {
            "source": str(record.source),
            "official_id": record.official_id.strip(),
            "kind": str(record.kind),
            "status": own_status(kind=record.kind, deadline_at=deadline_at, now=self.now),
            "language": record.language or "",
            "title": record.title.strip(),
            "description": record.description or "",
            "buyer_name": record.buyer_name or "",
            "buyer_siret": self._siret(record.buyer_siret),
            "contract_type": str(record.contract_type or ""),
            "procedure": record.procedure or "",
            "cpv_main": self._cpv(record.cpv_main) or "",
            "cpv_additional": self._cpv_list(record.cpv_additional),
            "nuts_codes": list(record.nuts_codes),
            "departements": list(record.departements),
            "published_on": day(record.published_on, "published_on"),
            "deadline_at": deadline_at,
            "estimated_value": money(record.estimated_value, "estimated_value"),
            "currency": record.currency or "EUR",
            "duration_months": whole_number(record.duration_months, "duration_months"),
            "raw": record.raw or "",
            "search_text": "",
            "refers_to_id": None,
            "refers_to_official_id": (record.refers_to_id or "").strip(),
            "amended_at": None,
            "cancelled_at": None,
            "content_hash": content_hash(record),
            "demo_date_shift_days": 0,
            "imported_at": self.now,
            "updated_at": self.now,
        }

    def _conditions(self, record: NoticeRecord) -> dict:
        """Selection criteria, reserved-market flags and the other conditions of participation."""
        selection = record.selection
        return {
            "min_turnover": money(selection.min_turnover, "min_turnover"),
            "selection_references": selection.references or "",
            "selection_certifications": list(selection.certifications),
            "selection_text": selection.text or "",
            "reserved_ess": Reservation.ESS in record.reservations,
            "reserved_insertion": Reservation.INSERTION in record.reservations,
            "reserved_disability": Reservation.DISABILITY in record.reservations,
            "social_clause": bool(record.social_clause),
            "max_lots_per_bidder": whole_number(record.max_lots_per_bidder, "max_lots_per_bidder"),
            "links": list(record.links),
        }

    def _lot(self, lot: LotRecord) -> dict:
        return {
            "number": str(lot.number).strip(),
            "title": lot.title or "",
            "description": lot.description or "",
            "cpv_codes": self._cpv_list(lot.cpv_codes),
            "estimated_value": money(lot.estimated_value, "lot_value"),
            "nuts_codes": list(lot.nuts_codes),
        }

    def _award(self, award: AwardRecord) -> tuple[dict, list[dict]]:
        values = {
            "lot_number": str(award.lot_number or "").strip(),
            "amount": money(award.amount, "amount"),
            "awarded_on": day(award.awarded_on, "awarded_on"),
            "tenders_received": whole_number(award.tenders_received, "tenders_received"),
        }
        winners = [
            {
                "name": winner.name.strip(),
                "identifier": (winner.identifier or "").strip(),
                "identifier_type": (winner.identifier_type or "").strip(),
                "position": position,
            }
            for position, winner in enumerate(award.winners)
        ]
        return values, winners

    def _cpv_list(self, codes: list[str]) -> list[str]:
        cleaned = (self._cpv(code) for code in codes)
        return list(dict.fromkeys(code for code in cleaned if code))

    def _cpv(self, code: str) -> str | None:
        """A well-formed code is kept even when the nomenclature lacks it; a malformed one is dropped."""
        code = (code or "").strip()
        if not code:
            return None
        if not CPV_CODE.fullmatch(code):
            self._warn_once(code, MALFORMED_CPV)
            return None
        if code not in self.known_cpv:
            self._warn_once(code, UNKNOWN_CPV)
        return code

    def _siret(self, value: str) -> str:
        siret = re.sub(r"\s", "", value or "")
        if siret and not SIRET.fullmatch(siret):
            self._warn_once(siret, INVALID_SIRET)
            return ""
        return siret

    def _warn_once(self, code: str, message) -> None:
        if code not in self.warned:
            self.warned.add(code)
            self.warn(str(message) % {"code": code})
