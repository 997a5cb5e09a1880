"""Loading the demo clusters described in demo_data.py, idempotently.

Every write goes through the services, so the demo records get their search text, département, region and
history like real ones. A record is only written when it differs from the demo definition: running the
load twice changes nothing, and running it after someone edited a demo record puts the demo back.
"""

import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from coursive.accounts.models import Cluster, Membership, Role, User
from coursive.accounts.services import membership_grant, user_create

from .demo_data import ACCOUNTS, CLUSTERS, DEMO_PASSWORD, DemoCluster, DemoOrganisation, DemoPerson
from .models import LegalForm, Organisation, Person, Skill
from .services import organisation_create, organisation_update, person_create, person_update


def luhn_complete(digits: str) -> str:
    """Appends the check digit that makes `digits` pass the Luhn test."""
    for check in "0123456789":
        candidate = digits + check
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def demo_siret(name: str) -> str:
    """A valid SIRET (Luhn on the SIREN and on the whole number) that only depends on the name, so the demo
    keeps its SIRETs when organisations are added or reordered. The leading 9 keeps clear of La Poste's
    SIREN, which follows another rule."""
    digits = int(hashlib.sha256(name.encode()).hexdigest(), 16) % 10**7
    siren = luhn_complete(f"9{digits:07d}")
    return luhn_complete(f"{siren}0001")


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    cluster: str
    organisation: str


def person_email(person: DemoPerson, domain: str) -> str:
    return f"{slugify(person.first_name)}.{slugify(person.last_name)}@{domain}"


def demo_emails() -> list[str]:
    people = [
        person_email(person, organisation.domain)
        for cluster in CLUSTERS
        for organisation in cluster.organisations
        for person in organisation.people
        if person.role
    ]
    return [account.email for account in ACCOUNTS] + people


def demo_logins() -> list[DemoLogin]:
    """The demo logins present in the database, by cluster then role."""
    memberships = Membership.objects.filter(user__email__in=demo_emails()).select_related(
        "user", "cluster", "organisation"
    )
    roles = list(Role.values)
    ordered = sorted(memberships, key=lambda m: (m.cluster.name, roles.index(m.role), m.user.email))
    return [
        DemoLogin(
            email=membership.user.email,
            role=membership.get_role_display(),
            cluster=membership.cluster.name,
            organisation=membership.organisation.display_name if membership.organisation else "",
        )
        for membership in ordered
    ]


@transaction.atomic
def demo_load() -> list[Cluster]:
    skills = {skill.slug: skill for skill in Skill.objects.all()}
    clusters = {}
    for demo_cluster in CLUSTERS:
        cluster = clusters[demo_cluster.slug] = _cluster_sync(demo_cluster)
        for index, demo in enumerate(demo_cluster.organisations):
            _organisation_load(cluster, demo_cluster.phone_prefix, index, demo, skills)
    for account in ACCOUNTS:
        user = _user_sync(account.email, account.full_name)
        for slug, role in account.roles:
            _membership_sync(cluster=clusters[slug], user=user, role=role)
    return list(clusters.values())


def _differs(instance, values: dict) -> bool:
    return any(getattr(instance, name) != value for name, value in values.items())


def _cluster_sync(demo: DemoCluster) -> Cluster:
    values = {
        "name": demo.name,
        "model": demo.model,
        "territory": demo.territory,
        "charter": demo.charter,
        "contact_name": demo.contact_name,
        "contact_email": demo.contact_email,
        "contact_phone": f"{demo.phone_prefix} 00 00",
        "website": f"https://www.{demo.contact_email.split('@')[1]}",
    }
    cluster = Cluster.objects.filter(slug=demo.slug).first() or Cluster(slug=demo.slug)
    if cluster.pk is None or _differs(cluster, values):
        for name, value in values.items():
            setattr(cluster, name, value)
        cluster.full_clean()
        cluster.save()
    return cluster


def _organisation_load(cluster, phone_prefix: str, index: int, demo: DemoOrganisation, skills) -> None:
    phone = f"{phone_prefix} {index + 10:02d}"
    organisation = _organisation_sync(
        cluster,
        _organisation_fields(demo, phone=f"{phone} 00"),
        skills=[skills[slug] for slug in demo.skills],
        tag_names=[tag.lower() for tag in demo.tags],
    )
    for rank, person in enumerate(demo.people, start=1):
        email = person_email(person, demo.domain)
        user = _user_sync(email, f"{person.first_name} {person.last_name}") if person.role else None
        fields = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "job_title": person.job_title,
            "email": email,
            "phone": f"{phone} {rank:02d}",
            "is_public_contact": person.public,
        }
        _person_sync(organisation, fields, user)
        if user is not None:
            _membership_sync(cluster=cluster, user=user, role=person.role, organisation=organisation)


def _organisation_fields(demo: DemoOrganisation, *, phone: str) -> dict:
    street, postcode, commune = demo.address
    siret = demo_siret(demo.legal_name)
    is_association = demo.legal_form == LegalForm.ASSOCIATION
    return {
        "legal_name": demo.legal_name,
        "trade_name": demo.trade_name,
        "siret": siret,
        "legal_form": demo.legal_form,
        # RNA numbers start with W and the prefecture's département, like W212003456 in Côte-d'Or.
        "rna_number": f"W{postcode[:2]}{siret[2:9]}" if is_association else "",
        "ess_status": demo.ess,
        "esus_approved": demo.esus_until is not None,
        "esus_valid_until": demo.esus_until,
        "naf_id": demo.naf,
        "street": street,
        "postcode": postcode,
        "commune": commune,
        "headcount_band": demo.bands[0],
        "turnover_band": demo.bands[1],
        "website": f"https://www.{demo.domain}",
        "email": f"contact@{demo.domain}",
        "phone": phone,
        "description": demo.description,
        "membership_status": demo.status,
        "member_since": demo.since,
        "member_until": demo.until,
    }


def _organisation_sync(cluster, fields: dict, *, skills: list[Skill], tag_names: list[str]) -> Organisation:
    organisation = Organisation.objects.filter(cluster=cluster, siret=fields["siret"]).first()
    if organisation is None:
        return organisation_create(
            cluster=cluster, by=None, fields=fields, skills=skills, tag_names=tag_names
        )
    same_skills = set(organisation.skills.values_list("slug", flat=True)) == {s.slug for s in skills}
    same_tags = set(organisation.tags.values_list("name", flat=True)) == set(tag_names)
    if _differs(organisation, fields) or not same_skills or not same_tags:
        organisation_update(
            organisation=organisation, by=None, fields=fields, skills=skills, tag_names=tag_names
        )
    return organisation


def _person_sync(organisation: Organisation, fields: dict, user: User | None) -> Person:
    person = organisation.people.filter(email=fields["email"]).first()
    if person is None:
        return person_create(organisation=organisation, fields=fields, user=user)
    if _differs(person, fields):
        person_update(person=person, fields=fields)
    if person.user_id != (user.pk if user else None):
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    return person


def _user_sync(email: str, full_name: str) -> User:
    """Creates the login, or gives it back its demo name and password if someone changed them."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return user_create(email=email, full_name=full_name, password=DEMO_PASSWORD)
    if user.full_name != full_name or not user.is_active or not user.check_password(DEMO_PASSWORD):
        user.full_name = full_name
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _membership_sync(*, cluster: Cluster, user: User, role: str, organisation=None) -> None:
    if not Membership.objects.filter(
        cluster=cluster, user=user, role=role, organisation=organisation
    ).exists():
        membership_grant(cluster=cluster, user=user, role=role, organisation=organisation)
