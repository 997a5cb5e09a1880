"""Notices and capability profiles for the matching and profile tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from coursive.core.text import search_document
from coursive.procurement.models import CapabilityProfile, Lot, Notice, NoticeStatus, ProfileReference
from coursive.procurement.records import NoticeKind, Source


class NoticeFactory(factory.django.DjangoModelFactory):
    """An open BOAMP call for tenders for graphic design in Côte-d'Or, a month before its deadline."""

    class Meta:
        model = Notice

    source = Source.BOAMP
    official_id = factory.Sequence(lambda n: f"26-{100000 + n}")
    kind = NoticeKind.CONTRACT_NOTICE
    status = NoticeStatus.OPEN
    title = "Conception graphique de la saison culturelle"
    description = "Identité visuelle, affiches et programmes de la saison culturelle de la ville."
    buyer_name = "Ville de Dijon"
    cpv_main = "79822500"
    departements = factory.LazyFunction(lambda: ["21"])
    deadline_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    content_hash = factory.Sequence(lambda n: f"{n:064d}")


class DecpContractFactory(NoticeFactory):
    """An awarded contract as the DECP publishes it: what a reference may cite."""

    source = Source.DECP
    official_id = factory.Sequence(lambda n: f"2024-{n:05d}")
    kind = NoticeKind.AWARDED_CONTRACT
    status = NoticeStatus.AWARDED
    title = "Création de l'identité visuelle du festival d'été"
    deadline_at = None
    search_text = factory.LazyAttribute(lambda o: search_document(o.title, o.buyer_name))


class CapabilityProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CapabilityProfile

    cluster = factory.SelfAttribute("organisation.cluster")
    cpv_codes = factory.LazyFunction(lambda: ["79822500"])
    keywords = "graphisme, affiches, mise en page"
    departements = factory.LazyFunction(lambda: ["21"])


class ProfileReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileReference

    title = "Affiches de la saison 2024 du théâtre municipal"
    buyer_name = "Ville de Beaune"
    year = 2024


def event_notice() -> Notice:
    """Two lots of event organisation, both in CPV 79952000; the second asks 900 000 € of turnover, more than
    a small member has alone, so that only a groupement may answer it."""
    notice = NoticeFactory(
        title="Conception, organisation et réalisation de manifestations",
        description="Colloques, séminaires, journées professionnelles et salons.",
        cpv_main="79952000",
        selection_text=(
            "Pour le lot no 1 : chiffre d'affaires global annuel supérieur à 200 000 euros HT. "
            "Pour le lot no 2 : chiffre d'affaires global annuel supérieur à 900 000 euros HT."
        ),
    )
    Lot.objects.create(notice=notice, number="1", title="Colloques", cpv_codes=["79952000"])
    Lot.objects.create(notice=notice, number="2", title="Salons", cpv_codes=["79952000"])
    return notice
