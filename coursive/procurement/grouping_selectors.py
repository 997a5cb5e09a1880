"""What the award records teach about groupements in a CPV area: which kinds of organisations win together,
how many co-contractors, for what amounts, and who wins with whom.

A contract with several titulaires is a groupement, or a framework agreement awarded to several suppliers:
the DECP records do not tell them apart, so the page says so. The kind of a winner is known when its
SIREN is that of an organisation of the cluster's directory (legal form, NAF section, size band); otherwise
only the legal form its name states (« SARL », « SCOP », « Association »…) is read, and said to be read
from the name.
"""

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from coursive.accounts.models import Cluster
from coursive.directory.models import Organisation

from .intelligence import GROUP
from .models import Award, AwardWinner

TOP = 8
# Legal forms as names state them, the longer first so that « SASU » is not read as « SAS ».
_NAME_FORMS = [
    ("SELARL", "SELARL"),
    ("SASU", "SASU"),
    ("SARL", "SARL"),
    ("EURL", "EURL"),
    ("SAS", "SAS"),
    ("SCOP", "SCOP"),
    ("SCIC", "SCIC"),
    ("SCP", "SCP"),
    ("SNC", "SNC"),
    ("SA", "SA"),
    ("ASSOCIATION", "Association"),
    ("ASSOC", "Association"),
    ("GIE", "GIE"),
    ("SEM", "SEM"),
    ("SPL", "SPL"),
]
_NAME_FORM_PATTERNS = [
    (re.compile(rf"(?<![A-Z0-9]){word}(?![A-Z0-9])"), label) for word, label in _NAME_FORMS
]
# NAF rév. 2 sections by division (INSEE).
_SECTIONS = [
    (3, "A"), (9, "B"), (33, "C"), (35, "D"), (39, "E"), (43, "F"), (47, "G"), (53, "H"), (56, "I"),
    (63, "J"), (66, "K"), (68, "L"), (75, "M"), (82, "N"), (84, "O"), (85, "P"), (88, "Q"), (93, "R"),
    (96, "S"), (98, "T"), (99, "U"),
]  # fmt: skip


@dataclass(frozen=True)
class Pairing:
    label: str  # « 2 SARL + Association », « Compagnie A + Compagnie B »
    count: int
    total: Decimal | None


@dataclass(frozen=True)
class KnownWinner:
    organisation: Organisation
    naf_section: str
    group_count: int


@dataclass(frozen=True)
class AreaGroupings:
    group_count: int
    sizes: list[tuple[int, int]]  # (number of co-contractors, contracts), 4 meaning « 4 or more »
    median_size: float | None
    median_amount: Decimal | None
    total: Decimal | None
    kinds: list[Pairing]  # combinations of legal forms
    partners: list[Pairing]  # the same companies winning together more than once
    known: list[KnownWinner]  # winners found in the cluster's directory
    winner_count: int  # titulaires of these contracts
    unknown_kind: int  # of which neither the directory nor the name tells the legal form


def naf_section(code: str) -> str:
    division = int(code[:2]) if code[:2].isdigit() else None
    if division is None:
        return ""
    return next((section for upper, section in _SECTIONS if division <= upper), "")


def name_legal_form(name: str) -> str:
    upper = name.upper()
    return next((label for pattern, label in _NAME_FORM_PATTERNS if pattern.search(upper)), "")


def area_groupings(*, awards: QuerySet[Award], cluster: Cluster) -> AreaGroupings:
    """Those of the awards (an area's) with several titulaires, read in two queries plus one for the
    directory."""
    awards = list(awards.filter(GROUP).values_list("pk", "amount", "winner_count"))
    winners: dict[int, list[AwardWinner]] = {}
    for winner in AwardWinner.objects.filter(award_id__in=[row[0] for row in awards]).order_by(
        "position", "pk"
    ):
        winners.setdefault(winner.award_id, []).append(winner)
    directory = _directory(cluster, winners)
    amounts = [row[1] for row in awards if row[1] is not None]
    counts = [row[2] for row in awards]
    sizes = Counter(min(count, 4) for count in counts)
    return AreaGroupings(
        group_count=len(awards),
        sizes=sorted(sizes.items()),
        median_size=statistics.median(counts) if counts else None,
        median_amount=statistics.median(amounts) if amounts else None,
        total=sum(amounts, Decimal(0)) if amounts else None,
        kinds=_pairings(awards, winners, lambda w: _kind(w, directory)),
        partners=[p for p in _pairings(awards, winners, _company, distinct=True) if p.count > 1],
        known=_known(winners, directory),
        winner_count=sum(len(items) for items in winners.values()),
        unknown_kind=sum(1 for items in winners.values() for w in items if not _kind(w, directory)),
    )


def _directory(cluster: Cluster, winners: dict[int, list[AwardWinner]]) -> dict[str, Organisation]:
    sirens = {w.identifier[:9] for items in winners.values() for w in items if w.identifier.isdigit()}
    found = (
        Organisation.objects.for_cluster(cluster).select_related("naf").filter(siret__regex=r"^[0-9]{14}$")
    )
    return {o.siren: o for o in found if o.siren in sirens}


def _kind(winner: AwardWinner, directory: dict[str, Organisation]) -> str:
    """The winner's legal form, empty when neither the directory nor its name tells it."""
    organisation = directory.get(winner.identifier[:9])
    if organisation is not None:
        return organisation.get_legal_form_display()
    form = name_legal_form(winner.name)
    return _("%(form)s (d'après le nom)") % {"form": form} if form else ""


def _company(winner: AwardWinner) -> str:
    return winner.name.strip()


def _pairings(awards, winners, key, *, distinct: bool = False) -> list[Pairing]:
    counts: Counter = Counter()
    totals: dict[str, Decimal] = {}
    for pk, amount, _count in awards:
        labels = sorted(label for label in map(key, winners.get(pk, [])) if label)
        if distinct:
            labels = sorted(set(labels))
        label = " + ".join(_grouped(labels))
        if not label:
            continue
        counts[label] += 1
        if amount is not None:
            totals[label] = totals.get(label, Decimal(0)) + amount
    return [Pairing(label, count, totals.get(label)) for label, count in counts.most_common(TOP)]


def _grouped(labels: list[str]) -> list[str]:
    """« SARL, SARL, SAS » as « 2 SARL, SAS »."""
    return [f"{n} {label}" if n > 1 else label for label, n in Counter(labels).items()]


def _known(winners: dict[int, list[AwardWinner]], directory: dict[str, Organisation]) -> list[KnownWinner]:
    counts = Counter(
        w.identifier[:9] for items in winners.values() for w in items if w.identifier[:9] in directory
    )
    return [
        KnownWinner(directory[siren], naf_section(directory[siren].naf_id), count)
        for siren, count in counts.most_common(TOP)
    ]
