"""The Fichier des écritures comptables (FEC, art. A47 A-1 du LPF): the layout French accountants and the
tax office read. One line per entry line, 18 tab-separated columns, dates as AAAAMMJJ, amounts with a
decimal comma; every entry balances (debit = credit).

Accounts of the plan comptable général: 411 customers (one auxiliary account per customer), 706 services,
707 goods, 44571 VAT collected, 512 bank."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .totals import compute_totals

COLUMNS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
SALES = ("VE", "Journal des ventes")
BANK = ("BQ", "Journal de banque")
CUSTOMERS = ("411000", "Clients")
REVENUE = {"services": ("706000", "Prestations de services"), "goods": ("707000", "Ventes de marchandises")}
VAT_COLLECTED = ("445710", "TVA collectée")
BANK_ACCOUNT = ("512000", "Banque")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Lettering:
    """Marks the customer-account lines that settle each other (an invoice, its payments and credit notes),
    with the date the last of them came in."""

    code: str
    settled_on: date


@dataclass(frozen=True)
class Line:
    account: tuple[str, str]
    label: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    auxiliary: tuple[str, str] = ("", "")
    lettering: Lettering | None = None


@dataclass(frozen=True)
class Entry:
    journal: tuple[str, str]
    entry_date: date
    piece_ref: str
    piece_date: date
    lines: tuple[Line, ...]

    @property
    def balanced(self) -> bool:
        return sum(line.debit for line in self.lines) == sum(line.credit for line in self.lines)


def customer_account(customer) -> tuple[str, str]:
    return (f"C{customer.pk:06d}", customer.name)


def lettering_code(index: int) -> str:
    """AAA, AAB, … ZZZ, then BAAA…: capital letters, three at least, as accounting software writes them."""
    letters = []
    while index or len(letters) < 3:
        index, rest = divmod(index, 26)
        letters.append(chr(ord("A") + rest))
    return "".join(reversed(letters))


def sale_entry(invoice, lines, lettering: Lettering | None = None) -> Entry:
    """Debit the customer with the total, credit revenue per nature and VAT per rate; a credit note the
    other way round."""
    label = f"{invoice.get_kind_display()} {invoice.number} {invoice.customer.name}"[:200]
    revenue: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        revenue[line.nature] += line.amount_excl_tax
    totals = compute_totals((line.amount_excl_tax, line.vat_rate) for line in lines)
    sign = -1 if invoice.kind == "credit_note" else 1
    customer = customer_account(invoice.customer)
    entry_lines = [_line(CUSTOMERS, label, sign * totals.incl_tax, auxiliary=customer, lettering=lettering)]
    entry_lines += [
        _line(REVENUE[nature], label, -sign * amount) for nature, amount in sorted(revenue.items())
    ]
    entry_lines += [
        _line(VAT_COLLECTED, f"{label} TVA {rate.rate:.2f} %", -sign * rate.vat)
        for rate in totals.by_rate
        if rate.vat
    ]
    return Entry(SALES, invoice.issue_date, invoice.number, invoice.issue_date, tuple(entry_lines))


def payment_entry(payment, lettering: Lettering | None = None) -> Entry:
    invoice = payment.invoice
    label = f"Règlement {invoice.number} {invoice.customer.name}"[:200]
    reference = payment.reference or invoice.number
    return Entry(
        BANK,
        payment.paid_on,
        reference[:100],
        payment.paid_on,
        (
            _line(BANK_ACCOUNT, label, payment.amount),
            _line(
                CUSTOMERS,
                label,
                -payment.amount,
                auxiliary=customer_account(invoice.customer),
                lettering=lettering,
            ),
        ),
    )


def _line(account, label: str, amount: Decimal, *, auxiliary=("", ""), lettering=None) -> Line:
    """A positive amount is a debit, a negative one a credit."""
    if amount >= 0:
        return Line(account=account, label=label, debit=amount, auxiliary=auxiliary, lettering=lettering)
    return Line(account=account, label=label, credit=-amount, auxiliary=auxiliary, lettering=lettering)


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _clean(text: str) -> str:
    # A tab or a line break inside a field would shift every column after it.
    return " ".join(text.split())


def render(entries: list[Entry]) -> str:
    """The FEC text; entries are numbered continuously within each journal, in date order."""
    rows = ["\t".join(COLUMNS)]
    counters: dict[str, int] = defaultdict(int)
    for entry in sorted(entries, key=lambda e: (e.entry_date, e.journal[0])):
        counters[entry.journal[0]] += 1
        number = f"{entry.journal[0]}{counters[entry.journal[0]]:06d}"
        for line in entry.lines:
            rows.append(
                "\t".join(
                    [
                        entry.journal[0],
                        entry.journal[1],
                        number,
                        entry.entry_date.strftime("%Y%m%d"),
                        line.account[0],
                        line.account[1],
                        line.auxiliary[0],
                        _clean(line.auxiliary[1]),
                        _clean(entry.piece_ref),
                        entry.piece_date.strftime("%Y%m%d"),
                        _clean(line.label),
                        _amount(line.debit),
                        _amount(line.credit),
                        line.lettering.code if line.lettering else "",
                        line.lettering.settled_on.strftime("%Y%m%d") if line.lettering else "",
                        entry.entry_date.strftime("%Y%m%d"),
                        "",
                        "",
                    ]
                )
            )
    return "\r\n".join(rows) + "\r\n"


def filename(*, siren: str, closing: date) -> str:
    """The name the tax office expects: SIREN, "FEC", the closing date of the financial year."""
    return f"{siren}FEC{closing:%Y%m%d}.txt"
