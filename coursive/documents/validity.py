"""How long each kind of administrative document is accepted, and which ones a bid needs. The periods are
defaults proposed at upload; the organisation can always enter the date printed on the document."""

import datetime

from dateutil.relativedelta import relativedelta

from coursive.directory.models import LegalForm

from .models import DocumentKind

# Months a document is accepted after its issue date. URSSAF's attestation de vigilance is valid six
# months (article D8222-5 of the code du travail asks for it every six months); buyers commonly want a
# Kbis extract less than three months old; the tax certificate and the insurance certificate are usually
# renewed yearly, but buyers often ask for recent ones, so six and twelve months are kept as defaults.
DEFAULT_VALIDITY_MONTHS = {
    DocumentKind.KBIS: 3,
    DocumentKind.URSSAF: 6,
    DocumentKind.TAX: 6,
    DocumentKind.INSURANCE: 12,
}

# The documents every member of a groupement must be able to produce when the buyer asks.
BID_KINDS = (DocumentKind.KBIS, DocumentKind.URSSAF, DocumentKind.TAX, DocumentKind.INSURANCE)

# Organisations that are not registered at the trade and companies register have no Kbis extract.
WITHOUT_KBIS = frozenset(
    {LegalForm.ASSOCIATION, LegalForm.FOUNDATION, LegalForm.EI, LegalForm.MICRO, LegalForm.PUBLIC_BODY}
)


def default_expiry(kind: str, issued_on: datetime.date) -> datetime.date | None:
    months = DEFAULT_VALIDITY_MONTHS.get(kind)
    return issued_on + relativedelta(months=months) if months else None


def bid_kinds_for(legal_form: str) -> tuple[str, ...]:
    return tuple(kind for kind in BID_KINDS if not (kind == DocumentKind.KBIS and legal_form in WITHOUT_KBIS))
