"""Equipment loans through the API, with the rules of the pages: a member sees its borrowings and the loans
of the items it owns; the coordination lends the cluster's items, a member's admins lend its own."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import ConfigDict

from coursive.accounts.access import access_cluster, require_insider
from coursive.directory.models import Organisation
from coursive.lending.access import access_item, access_loan
from coursive.lending.models import Condition
from coursive.lending.selectors import visible_loans
from coursive.lending.services import loan_check_in, loan_check_out

from .pagination import BoundedPagination
from .schemas import ErrorOut
from .types import ObjectId, Slug, Text

router = Router(tags=["Prêts de matériel"])

LOANS = "/clusters/{slug}/loans"
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class LoanState(StrEnum):
    OUT = "out"
    LATE = "late"
    ALL = "all"


class LoanFilterIn(Schema):
    state: LoanState = Field(LoanState.ALL, description="out : sortis ; late : en retard ; all : tous")


class LoanOut(Schema):
    id: int
    resource_id: int
    resource_name: str = Field(alias="resource.name")
    inventory_number: str = Field(alias="resource.inventory_number")
    owner_organisation_id: int | None = Field(alias="resource.owner_organisation_id")
    organisation_id: int = Field(description="La structure qui emprunte")
    organisation_name: str = Field(alias="organisation.legal_name")
    borrower_name: str
    checked_out_at: datetime
    checkout_condition: Condition
    checkout_notes: str
    due_on: date
    checked_in_at: datetime | None
    checkin_condition: str
    checkin_notes: str
    is_late: bool = Field(description="Sorti après la date de retour prévue, ou rendu après elle")

    @staticmethod
    def resolve_is_late(loan) -> bool:
        return loan.is_late(timezone.localdate())


class CheckOutIn(Schema):
    model_config = ConfigDict(extra="forbid")

    resource_id: ObjectId = Field(description="Le matériel ou le véhicule")
    organisation_id: ObjectId = Field(description="La structure qui emprunte")
    borrower_name: Text = Field(max_length=150, description="La personne qui emporte le matériel")
    due_on: date
    condition: Condition
    notes: Text = ""


class CheckInIn(Schema):
    model_config = ConfigDict(extra="forbid")

    condition: Condition
    notes: Text = ""
    damage_description: Text = Field("", description="Rempli : un constat de dégâts est ouvert")
    cost_estimate: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)


@router.get(LOANS, response={**ERRORS, 200: list[LoanOut]}, summary="Prêts")
@paginate(BoundedPagination)
def loan_list(request, slug: Slug, filters: Query[LoanFilterIn]):
    membership = access_cluster(request.auth, slug)
    require_insider(membership)
    return visible_loans(membership=membership).in_state(filters.state, timezone.localdate())


@router.get(LOANS + "/{loan_id}", response={**ERRORS, 200: LoanOut}, summary="Un prêt")
def loan_detail(request, slug: Slug, loan_id: ObjectId):
    membership = access_cluster(request.auth, slug)
    return access_loan(membership, loan_id)


@router.post(
    LOANS,
    response={**ERRORS, 201: LoanOut},
    summary="Sortie de matériel",
    description="Par la coordination, ou par les administrateurs de la structure propriétaire du matériel.",
)
def loan_check_out_endpoint(request, slug: Slug, payload: CheckOutIn):
    membership = access_cluster(request.auth, slug)
    item = access_item(membership, payload.resource_id, for_lending=True)
    organisation = (
        Organisation.objects.for_cluster(membership.cluster).filter(pk=payload.organisation_id).first()
    )
    if organisation is None:
        raise ValidationError({"organisation_id": _("Structure introuvable dans ce pôle.")})
    loan = loan_check_out(
        resource=item,
        organisation=organisation,
        borrower_name=payload.borrower_name,
        due_on=payload.due_on,
        condition=payload.condition,
        notes=payload.notes,
        checked_out_by=request.auth,
    )
    return Status(201, loan)


@router.post(
    LOANS + "/{loan_id}/check-in",
    response={**ERRORS, 200: LoanOut},
    summary="Retour de matériel",
    description="Par le prêteur. Des dégâts décrits ouvrent un constat.",
)
def loan_check_in_endpoint(request, slug: Slug, loan_id: ObjectId, payload: CheckInIn):
    membership = access_cluster(request.auth, slug)
    loan = access_loan(membership, loan_id, for_lending=True)
    return loan_check_in(loan=loan, checked_in_by=request.auth, **payload.dict())
