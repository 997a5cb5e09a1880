"""Notice records as a reader would yield them, for the importer tests."""

from datetime import UTC, date, datetime
from decimal import Decimal

from coursive.procurement.records import (
    Award,
    ContractType,
    Lot,
    NoticeKind,
    NoticeRecord,
    Reservation,
    SelectionCriteria,
    Source,
    Winner,
)


def contract_notice(official_id: str = "25-100001", **overrides) -> NoticeRecord:
    fields = {
        "source": Source.BOAMP,
        "official_id": official_id,
        "kind": NoticeKind.CONTRACT_NOTICE,
        "title": "Conception graphique de la saison culturelle",
        "buyer_name": "Ville de Dijon",
        "buyer_siret": "21210231500019",
        "description": "Identité visuelle, affiches et programmes de la saison.",
        "contract_type": ContractType.SERVICES,
        "procedure": "Procédure adaptée",
        "cpv_main": "79822500",
        "cpv_additional": ["79340000", "22462000"],
        "lots": [
            Lot(
                number="1",
                title="Identité visuelle",
                cpv_codes=["79822500"],
                estimated_value=Decimal("30000"),
            ),
            Lot(number="2", title="Impression des programmes", cpv_codes=["79800000"], nuts_codes=["FRC11"]),
        ],
        "nuts_codes": ["FRC11"],
        "departements": ["21"],
        "published_on": date(2026, 11, 2),
        "deadline_at": datetime(2026, 12, 15, 11, 0, tzinfo=UTC),
        "estimated_value": Decimal("45000.00"),
        "duration_months": 12,
        "selection": SelectionCriteria(
            min_turnover=Decimal("60000"),
            references="Trois références de moins de trois ans.",
            text="CA et références.",
        ),
        "reservations": [Reservation.ESS],
        "social_clause": True,
        "links": ["https://www.boamp.fr/avis/detail/25-100001"],
        "raw": f"<ANNONCE>{official_id}</ANNONCE>",
    }
    return NoticeRecord(**(fields | overrides))


def corrigendum(
    official_id: str = "25-100050", *, refers_to_id: str = "25-100001", **overrides
) -> NoticeRecord:
    fields = {
        "source": Source.BOAMP,
        "official_id": official_id,
        "kind": NoticeKind.CORRIGENDUM,
        "title": "Conception graphique de la saison culturelle 2027",
        "deadline_at": datetime(2027, 1, 10, 11, 0, tzinfo=UTC),
        "published_on": date(2026, 11, 20),
        "refers_to_id": refers_to_id,
    }
    return NoticeRecord(**(fields | overrides))


def cancellation(official_id: str = "25-100060", *, refers_to_id: str = "25-100001") -> NoticeRecord:
    return NoticeRecord(
        source=Source.BOAMP,
        official_id=official_id,
        kind=NoticeKind.CANCELLATION,
        title="Avis d'annulation",
        published_on=date(2026, 11, 24),
        refers_to_id=refers_to_id,
    )


def award_notice(official_id: str = "26-200001", *, refers_to_id: str = "25-100001") -> NoticeRecord:
    return NoticeRecord(
        source=Source.BOAMP,
        official_id=official_id,
        kind=NoticeKind.AWARD_NOTICE,
        title="Conception graphique de la saison culturelle",
        published_on=date(2027, 2, 1),
        refers_to_id=refers_to_id,
        awards=[
            Award(
                lot_number="1",
                amount=Decimal("28500"),
                awarded_on=date(2027, 1, 25),
                tenders_received=4,
                winners=[
                    Winner(name="Studio Grand Angle", identifier="80000004200019", identifier_type="SIRET"),
                    Winner(name="Atelier Mouette", identifier="80000005300017", identifier_type="SIRET"),
                ],
            )
        ],
    )


def awarded_contract(number: int, **overrides) -> NoticeRecord:
    """A DECP record: one contract already awarded to one company."""
    fields = {
        "source": Source.DECP,
        "official_id": f"21210231500019-2025-{number:05d}",
        "kind": NoticeKind.AWARDED_CONTRACT,
        "title": f"Prestation de médiation culturelle n° {number}",
        "buyer_name": "Ville de Dijon",
        "buyer_siret": "21210231500019",
        "cpv_main": "92312000",
        "departements": ["21"],
        "published_on": date(2025, 6, 1),
        "awards": [
            Award(
                amount=Decimal("12000") + number,
                awarded_on=date(2025, 5, 20),
                winners=[
                    Winner(name=f"Compagnie {number}", identifier="80000004200019", identifier_type="SIRET")
                ],
            )
        ],
        "raw": f'{{"id": "2025-{number:05d}"}}',
    }
    return NoticeRecord(**(fields | overrides))
