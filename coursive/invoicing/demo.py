"""The demo invoicing of both demo clusters, loaded by `manage.py demo_invoicing` after `demo_load`.

The sellers are fictional structures porteuses (SIRET made by the directory demo's rule, `.example`
e-mails, an IBAN with a fictional bank code); the customers are the demo member organisations. Dijon's
seller charges VAT (with the option for debits), Saint-Étienne's association is under franchise en base, so
both kinds of invoice can be seen. Invoices are issued in date order over the last months, some paid, one
partly, one long overdue, so the aged receivables and the FEC export show something."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum import iban

from coursive.accounts.models import Cluster
from coursive.directory.demo import demo_siret
from coursive.directory.models import Organisation
from coursive.directory.validators import vat_number_for_siren

from .models import Invoice, VatRegime
from .party_services import seller_profile_save
from .payment_services import payment_record
from .services import DraftLine, credit_note_create, invoice_draft_create, invoice_issue


@dataclass(frozen=True)
class DemoInvoice:
    organisation: str
    days_ago: int
    lines: tuple[tuple[str, str, str, str, str, str], ...]  # label, quantity, unit, price, rate, nature
    paid: tuple[tuple[int, str], ...] = ()  # (days ago, amount); "all" pays what remains
    credit: bool = False


def _fictional_iban(account: str) -> str:
    """An IBAN with valid keys (RIB key, then IBAN check digits) at the fictional bank code 12345."""
    bank, branch = "12345", "00001"
    rib_key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank}{branch}{account}{rib_key:02d}"
    return f"FR{iban.calc_check_digits('FR00' + bban)}{bban}"


SELLERS = {
    "dijon": {
        "legal_name": "SCIC Pôle Coursive Dijon",
        "legal_form": "SCIC SAS à capital variable",
        "share_capital": "15 000 €",
        "street": "12 rue des Corroyeurs",
        "postcode": "21000",
        "commune": "Dijon",
        "email": "facturation@pole-coursive-dijon.example",
        "phone": "03 53 01 00 00",
        "vat_regime": VatRegime.NORMAL,
        "vat_on_debits": True,
        "payment_terms_days": 30,
        "late_penalty_rate": Decimal("12.00"),
        "bank_name": "Banque coopérative (fictive)",
        "iban": _fictional_iban("00012345678"),
        "bic": "CRSVFRPP",
    },
    "saint-etienne": {
        "legal_name": "Association Réseau ESS Furan",
        "legal_form": "Association loi 1901",
        "street": "5 rue Michelet",
        "postcode": "42000",
        "commune": "Saint-Étienne",
        "email": "tresorerie@reseau-ess-furan.example",
        "phone": "04 65 71 00 00",
        "vat_regime": VatRegime.FRANCHISE,
        "payment_terms_days": 45,
        "late_penalty_rate": Decimal("10.00"),
        "bank_name": "Banque coopérative (fictive)",
        "iban": _fictional_iban("00098765432"),
        "bic": "FURNFRPP",
    },
}

S, G = "services", "goods"
INVOICES = {
    "dijon": (
        DemoInvoice(
            "Compagnie La Mouette",
            110,
            (("Salle de répétition, résidence de juillet", "4", "jour", "180", "20", S),),
            paid=((95, "all"),),
        ),
        DemoInvoice(
            "Studio Grand Angle",
            75,
            (
                ("Location du banc de montage, 2 semaines", "10", "jour", "45", "20", S),
                ("Achat groupé : rouleaux de gaffer noir 50 mm", "12", "unité", "9.80", "20", G),
            ),
        ),
        DemoInvoice(
            "Atelier Contre-Forme",
            50,
            (("Poste de coworking, mois de septembre", "3", "mois", "160", "20", S),),
            paid=((20, "300.00"),),
        ),
        DemoInvoice(
            "Éditions du Lavoir",
            40,
            (("Stand au salon du livre mutualisé", "1", "unité", "250", "20", S),),
            credit=True,
        ),
        DemoInvoice(
            "Octet Coop",
            12,
            (
                ("Accompagnement administratif mutualisé", "6", "heure", "38", "20", S),
                ("Location de la régie son, concert du pôle", "1", "jour", "120", "20", S),
            ),
        ),
    ),
    "saint-etienne": (
        DemoInvoice(
            "Compagnie L'Arbre à Plumes",
            140,
            (("Mise à disposition de l'atelier de construction", "5", "jour", "60", "0", S),),
        ),
        DemoInvoice(
            "Studio Manivelle",
            60,
            (("Cotisation au service de paie mutualisé, 3ᵉ trimestre", "1", "unité", "420", "0", S),),
            paid=((30, "all"),),
        ),
        DemoInvoice(
            "La Manufacture du Furan",
            15,
            (("Animation de l'atelier « achats responsables »", "2", "heure", "55", "0", S),),
        ),
    ),
}


def demo_invoicing_load() -> list[str]:
    """Returns one line per cluster saying what was done."""
    report = []
    for slug, fields in SELLERS.items():
        cluster = Cluster.objects.filter(slug=slug).first()
        if cluster is None:
            report.append(f"{slug} : pôle absent, lancez d'abord demo_load.")
            continue
        report.append(_cluster_load(cluster, fields, INVOICES[slug]))
    return report


@transaction.atomic
def _cluster_load(cluster, fields: dict, invoices: tuple[DemoInvoice, ...]) -> str:
    siret = demo_siret(fields["legal_name"])
    extra = {"siret": siret}
    if fields["vat_regime"] == VatRegime.NORMAL:
        extra |= {
            "vat_number": vat_number_for_siren(siret[:9]),
            "rcs": f"RCS {fields['commune']} {siret[:9]}",
        }
    seller_profile_save(cluster=cluster, fields=fields | extra)
    if Invoice.objects.for_cluster(cluster).exists():
        # Demo invoices are issued on past dates, which the series only accepts before any other document.
        return f"{cluster.name} : émetteur à jour ; le pôle a déjà des factures, aucune n'est ajoutée."
    for demo in invoices:
        _invoice_load(cluster, demo)
    return f"{cluster.name} : émetteur et {len(invoices)} factures de démonstration créés."


def _invoice_load(cluster, demo: DemoInvoice) -> None:
    today = timezone.localdate()
    organisation = Organisation.objects.get(cluster=cluster, legal_name=demo.organisation)
    lines = [
        DraftLine(label, Decimal(quantity), unit, Decimal(price), Decimal(rate), nature, "demo:invoicing")
        for label, quantity, unit, price, rate, nature in demo.lines
    ]
    issued_on = today - timedelta(days=demo.days_ago)
    draft = invoice_draft_create(cluster=cluster, customer=organisation, lines=lines, sale_date=issued_on)
    invoice = invoice_issue(invoice=draft, issued_by=None, issue_date=issued_on)
    for days_ago, amount in demo.paid:
        due = invoice.total_incl_tax if amount == "all" else Decimal(amount)
        payment_record(
            invoice=invoice,
            paid_on=today - timedelta(days=days_ago),
            amount=due,
            method="transfer",
            reference=f"VIR {invoice.number}",
        )
    if demo.credit:
        credit_note = credit_note_create(invoice=invoice, note="Annulation : salon reporté à l'an prochain.")
        invoice_issue(invoice=credit_note, issued_by=None, issue_date=issued_on + timedelta(days=5))
