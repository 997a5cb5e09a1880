"""The plain records every notice reader yields, whatever the source format.

Readers (one module per format in `readers/`) turn a file into a stream of `NoticeRecord` or `ReadError`;
the importer turns records into database rows. Nothing here touches the ORM, so readers are tested on their
own and a new source is one new reader module.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class Source(StrEnum):
    TED_EFORMS = "ted_eforms"
    TED_LEGACY = "ted_legacy"
    BOAMP = "boamp"
    DECP = "decp"


class NoticeKind(StrEnum):
    PRIOR_INFORMATION = "prior_information"
    CONTRACT_NOTICE = "contract_notice"
    CORRIGENDUM = "corrigendum"
    CANCELLATION = "cancellation"
    AWARD_NOTICE = "award_notice"
    # A DECP record: the essential data of a contract already awarded (no call for tenders to answer).
    AWARDED_CONTRACT = "awarded_contract"


class ContractType(StrEnum):
    SERVICES = "services"
    SUPPLIES = "supplies"
    WORKS = "works"


class Reservation(StrEnum):
    """Contracts a buyer may reserve (code de la commande publique)."""

    DISABILITY = "disability"  # L2113-12: entreprises adaptées, ESAT
    INSERTION = "insertion"  # L2113-13: structures d'insertion par l'activité économique
    ESS = "ess"  # L2113-15: health, social and cultural services reserved to ESS enterprises


@dataclass
class Winner:
    name: str
    identifier: str = ""  # SIRET when typeIdentifiant is SIRET, else as given (VAT, TVA, HORS-UE...)
    identifier_type: str = ""


@dataclass
class Award:
    lot_number: str = ""  # "" when the notice has no lots
    winners: list[Winner] = field(default_factory=list)
    amount: Decimal | None = None
    awarded_on: date | None = None
    tenders_received: int | None = None

    @property
    def is_group(self) -> bool:
        return len(self.winners) > 1


@dataclass
class Lot:
    number: str
    title: str = ""
    description: str = ""
    cpv_codes: list[str] = field(default_factory=list)  # 8-digit codes, main first
    estimated_value: Decimal | None = None
    nuts_codes: list[str] = field(default_factory=list)


@dataclass
class SelectionCriteria:
    min_turnover: Decimal | None = None
    references: str = ""
    certifications: list[str] = field(default_factory=list)
    text: str = ""  # the criteria as stated, for people to read


@dataclass
class NoticeRecord:
    source: Source
    official_id: str  # the publisher's id: TED publication number, BOAMP IDWEB, DECP uid or buyer id + id
    kind: NoticeKind
    title: str
    buyer_name: str = ""
    buyer_siret: str = ""
    description: str = ""
    language: str = "fr"
    contract_type: ContractType | None = None
    procedure: str = ""
    cpv_main: str = ""  # 8 digits, no check digit
    cpv_additional: list[str] = field(default_factory=list)
    lots: list[Lot] = field(default_factory=list)
    nuts_codes: list[str] = field(default_factory=list)
    departements: list[str] = field(default_factory=list)  # INSEE codes ("21", "2A", "971")
    published_on: date | None = None
    deadline_at: datetime | None = None  # timezone-aware
    estimated_value: Decimal | None = None
    currency: str = "EUR"
    duration_months: int | None = None
    selection: SelectionCriteria = field(default_factory=SelectionCriteria)
    reservations: list[Reservation] = field(default_factory=list)
    social_clause: bool = False
    max_lots_per_bidder: int | None = None
    links: list[str] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    # A corrigendum or cancellation names the notice it changes; an award notice names its contract notice.
    refers_to_id: str = ""
    raw: str = ""  # the source record as read, kept for audit


@dataclass
class ReadError:
    """A record that could not be read: reported with what identifies it, then skipped."""

    source: Source
    position: str  # file name and record index or element path
    reason: str
    official_id: str = ""
