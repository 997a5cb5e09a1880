"""What the API accepts and answers. Input schemas refuse unknown fields, so a misspelt field name is an
error naming it rather than a change silently ignored."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from coursive.accounts.models import ClusterModel, Role
from coursive.directory.models import (
    EssStatus,
    HeadcountBand,
    LegalForm,
    MembershipStatus,
    TurnoverBand,
)

from .types import Text


class ErrorOut(Schema):
    detail: str = Field(description="Le problème, en une phrase")
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="Pour une saisie refusée : les messages, par champ"
    )


class ClusterRefOut(Schema):
    slug: str
    name: str


class MembershipOut(Schema):
    cluster: ClusterRefOut
    role: Role
    organisation_id: int | None


class MeOut(Schema):
    email: str
    full_name: str
    memberships: list[MembershipOut]


class ClusterOut(Schema):
    slug: str
    name: str
    territory: str
    model: ClusterModel
    contact_email: str
    website: str
    charter: str


# The organisation schemas are plain pydantic models fed with the dicts of `organisation_rows`: pydantic
# validates those natively, where a ninja Schema reads every field of every item through its own getter,
# which made most of the cost of a page of the list.
class NafOut(BaseModel):
    code: str
    label: str


class AddressOut(BaseModel):
    street: str
    postcode: str
    commune: str
    departement: str
    departement_name: str
    region: str
    region_name: str


class SkillOut(BaseModel):
    slug: str
    name: str


class OrganisationOut(BaseModel):
    id: int
    legal_name: str
    trade_name: str
    siret: str
    siren: str
    vat_number: str
    legal_form: LegalForm
    rna_number: str
    ess_status: EssStatus
    esus_approved: bool
    esus_valid_until: date | None
    naf: NafOut
    address: AddressOut
    headcount_band: HeadcountBand
    turnover_band: TurnoverBand
    website: str
    email: str
    phone: str
    description: str
    skills: list[SkillOut]
    tags: list[str]
    membership_status: MembershipStatus
    member_since: date | None
    member_until: date | None


ORGANISATION_EXAMPLE = {
    "legal_name": "Compagnie Les Ondes",
    "siret": "732 829 320 00074",
    "legal_form": "association",
    "ess_status": "by_right",
    "naf": "90.01Z",
    "street": "4 rue Jeannin",
    "postcode": "21000",
    "commune": "Dijon",
    "headcount_band": "01",
    "turnover_band": "50k-100k",
    "skills": ["mise-en-scene", "regie-son"],
    "tags": ["théâtre jeune public"],
}


class OrganisationIn(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [ORGANISATION_EXAMPLE]})

    legal_name: Text
    trade_name: Text = ""
    siret: Text = Field(description="14 chiffres ; les espaces sont acceptés")
    legal_form: LegalForm
    rna_number: Text = ""
    ess_status: EssStatus = EssStatus.NONE
    esus_approved: bool = False
    esus_valid_until: date | None = None
    naf: Text = Field(description="Code NAF rév. 2 (APE), par exemple 90.01Z")
    street: Text
    postcode: Text
    commune: Text
    headcount_band: HeadcountBand
    turnover_band: TurnoverBand
    website: Text = ""
    email: Text = ""
    phone: Text = ""
    description: Text = ""
    skills: list[Text] = Field(default_factory=list, description="Identifiants des compétences")
    tags: list[Text] = Field(default_factory=list, description="Mots-clés libres")
    membership_status: MembershipStatus = MembershipStatus.MEMBER
    member_since: date | None = None
    member_until: date | None = None


ORGANISATION_NULLABLE_FIELDS = frozenset({"esus_valid_until", "member_since", "member_until"})


def reject_nulls(data: dict, *, nullable: frozenset = frozenset()) -> None:
    """A partial update may leave a field out, but may not blank a required one with null."""
    nulls = sorted(name for name, value in data.items() if value is None and name not in nullable)
    if nulls:
        raise ValidationError({name: _("Ce champ ne peut pas être nul.") for name in nulls})


class OrganisationFilters(Schema):
    q: Text = Field("", description="Recherche plein texte (accents, casse et terminaisons ignorés)")
    skill: Text = Field("", description="Identifiant d'une compétence")
    naf: Text = Field("", description="Code NAF, par exemple 90.01Z")
    legal_form: LegalForm | None = None
    departement: Text = Field("", description="Code du département, par exemple 21")
    status: MembershipStatus | None = Field(
        None, description="Sans ce filtre, les anciens membres ne sont pas listés"
    )


class PersonOut(Schema):
    id: int
    organisation_id: int | None
    first_name: str
    last_name: str
    full_name: str
    job_title: str
    email: str
    phone: str
    is_public_contact: bool


PERSON_EXAMPLE = {
    "first_name": "Louise",
    "last_name": "Marchand",
    "job_title": "Chargée de diffusion",
    "email": "louise.marchand@exemple.fr",
    "is_public_contact": True,
}


class PersonIn(Schema):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [PERSON_EXAMPLE]})

    first_name: Text
    last_name: Text
    job_title: Text = ""
    email: Text = ""
    phone: Text = ""
    is_public_contact: bool = Field(False, description="Contact affiché aux acheteurs et aux habitants")
