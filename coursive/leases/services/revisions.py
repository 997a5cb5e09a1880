"""Writes of the index revisions: the values INSEE publishes, and the yearly revision of a lease's rent."""

from datetime import date
from decimal import Decimal
from itertools import pairwise

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coursive.core.dates import check_days_in_range

from .. import caps
from ..models import IndexValue, Lease, RentRevision, quarter_label
from .checks import full_clean


def index_value_record(
    *, cluster, kind: str, year: int, quarter: int, value: Decimal, published_on=None, source_url: str = ""
) -> IndexValue:
    """Records a value INSEE published. A value already recorded is never overwritten: a lease may have been
    revised with it."""
    if value is None or value <= 0:
        raise ValidationError({"value": _("La valeur d'un indice est strictement positive.")})
    if IndexValue.objects.for_cluster(cluster).filter(kind=kind, year=year, quarter=quarter).exists():
        raise ValidationError(
            _("La valeur de l'%(kind)s du %(quarter)se trimestre %(year)s est déjà enregistrée.")
            % {"kind": kind, "quarter": quarter, "year": year}
        )
    index = IndexValue(
        cluster=cluster,
        kind=kind,
        year=year,
        quarter=quarter,
        value=value,
        published_on=published_on,
        source_url=source_url,
    )
    full_clean(index)
    index.save()
    return index


def _check_revision(lease: Lease, new_index: IndexValue, effective_on: date) -> None:
    check_days_in_range(effective_on=effective_on)
    if not lease.index_kind:
        raise ValidationError(_("Ce bail ne prévoit pas de révision indexée."))
    if lease.reference_index is None:
        raise ValidationError(
            {
                "reference_index": _(
                    "Indiquez la valeur de l'indice à la signature du bail : c'est la référence."
                )
            }
        )
    if new_index.cluster_id != lease.cluster_id or new_index.kind != lease.index_kind:
        raise ValidationError(
            {"new_index": _("Le nouvel indice doit être un %(kind)s.") % {"kind": lease.index_kind}}
        )
    reference = lease.reference_index
    if (new_index.year, new_index.quarter) <= (reference.year, reference.quarter):
        raise ValidationError(
            {"new_index": _("Le nouvel indice doit être postérieur à l'indice de référence.")}
        )
    last = lease.revisions.order_by("-effective_on").first()
    earliest = (last.effective_on if last else lease.starts_on) + relativedelta(years=1)
    if effective_on < earliest:
        raise ValidationError(
            {
                "effective_on": _("La révision est annuelle : pas avant le %(day)s.")
                % {"day": earliest.strftime("%d/%m/%Y")}
            }
        )
    if lease.ends_on and effective_on > lease.ends_on:
        raise ValidationError({"effective_on": _("Le bail aura pris fin à cette date.")})


def _index_values(lease: Lease, quarters: list[caps.Quarter]) -> dict[caps.Quarter, Decimal]:
    values = IndexValue.objects.filter(
        cluster_id=lease.cluster_id, kind=lease.index_kind, year__in={year for year, _quarter in quarters}
    )
    found = {(value.year, value.quarter): value.value for value in values}
    missing = [quarter for quarter in quarters if quarter not in found]
    if missing:
        raise ValidationError(
            {
                "new_index": _(
                    "Le plafonnement légal s'applique année par année : enregistrez d'abord la valeur de l'"
                    "%(kind)s de %(quarters)s."
                )
                % {"kind": lease.index_kind, "quarters": ", ".join(quarter_label(y, q) for y, q in missing)}
            }
        )
    return found


def _yearly_steps(lease: Lease, new_index: IndexValue) -> list[caps.Step]:
    """The years of index variation the revision spans, each with its legal cap; a single uncapped step
    when no cap can apply, which is the plain ratio of the two values."""
    reference = lease.reference_index
    start, end = (reference.year, reference.quarter), (new_index.year, new_index.quarter)

    def rule(quarter):
        found = caps.cap_rule(index_kind=lease.index_kind, quarter=quarter, territory=lease.territory)
        return None if found and found.smes_only and lease.tenant_is_sme is False else found

    years = caps.yearly_quarters(start, end)
    if years is None and any(rule(quarter) for quarter in caps.quarters_after(start, end)):
        raise ValidationError(
            {
                "new_index": _(
                    "Le plafonnement légal porte sur la variation annuelle de l'indice : choisissez la valeur "
                    "d'un %(quarter)se trimestre, comme la référence."
                )
                % {"quarter": reference.quarter}
            }
        )
    if years is None or not any(rule(quarter) for quarter in years):
        return [caps.Step(reference.value, new_index.value)]
    values = _index_values(lease, [start, *years])
    return [caps.Step(values[a], values[b], rule(b)) for a, b in pairwise([start, *years])]


def _check_sme_known(steps: list[caps.Step], lease: Lease) -> None:
    """A cap kept for SMEs that would lower the rent needs to know whether the tenant is one: never guessed."""
    for step in steps:
        if step.binds and step.rule.smes_only and lease.tenant_is_sme is None:
            raise ValidationError(
                {
                    "tenant_is_sme": _(
                        "L'%(kind)s a progressé de plus de %(percent)s %% sur un an : indiquez si le preneur est "
                        "une PME, le plafonnement légal en dépend (%(source)s)."
                    )
                    % {
                        "kind": lease.index_kind,
                        "percent": caps.percent_label(step.rule.percent),
                        "source": step.rule.source,
                    }
                }
            )


def _take_answers(lease: Lease, reference_index: IndexValue | None, tenant_is_sme: bool | None) -> None:
    """What a lease may still learn at a revision: its reference value, whether its tenant is an SME."""
    if lease.reference_index is None and reference_index is not None:
        if reference_index.cluster_id != lease.cluster_id or reference_index.kind != lease.index_kind:
            raise ValidationError(
                {"reference_index": _("L'indice de référence doit être de l'indice du bail.")}
            )
        lease.reference_index = reference_index
    if lease.tenant_is_sme is None and tenant_is_sme is not None:
        lease.tenant_is_sme = tenant_is_sme


@transaction.atomic
def rent_revise(
    *,
    lease: Lease,
    new_index: IndexValue,
    effective_on: date,
    reference_index: IndexValue | None = None,
    tenant_is_sme: bool | None = None,
    created_by=None,
) -> RentRevision:
    """The yearly revision: rent * new index / reference index, within the legal caps (see caps.py); the new
    index becomes the reference. A lease signed before its reference value was published takes it here, at
    its first revision, and a lease that did not say whether its tenant is an SME says it here when it
    matters."""
    lease = Lease.objects.select_for_update(of=("self",)).select_related("reference_index").get(pk=lease.pk)
    _take_answers(lease, reference_index, tenant_is_sme)
    _check_revision(lease, new_index, effective_on)
    steps = _yearly_steps(lease, new_index)
    _check_sme_known(steps, lease)
    result = caps.capped_revision(rent=lease.monthly_rent, steps=steps)
    revision = RentRevision.objects.create(
        lease=lease,
        effective_on=effective_on,
        previous_rent=lease.monthly_rent,
        new_rent=result.new_rent,
        uncapped_rent=result.uncapped_rent if result.capped else None,
        cap_note=caps.cap_note(index_kind=lease.index_kind, revision=result) if result.capped else "",
        reference_index=lease.reference_index,
        new_index=new_index,
        created_by=created_by,
    )
    lease.monthly_rent, lease.reference_index = result.new_rent, new_index
    lease.save(update_fields=["monthly_rent", "reference_index", "tenant_is_sme", "updated_at"])
    return revision
