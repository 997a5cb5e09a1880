"""Notices and saved searches for the watch tests: by default an open call for graphic design in Côte-d'Or
and a search of its organisation that finds it."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from coursive.core.text import search_document
from coursive.procurement.models import Notice, NoticeStatus, SavedSearch
from coursive.procurement.records import NoticeKind, Source


class WatchNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    source = Source.BOAMP
    official_id = factory.Sequence(lambda n: f"26-{200000 + n}")
    kind = NoticeKind.CONTRACT_NOTICE
    status = NoticeStatus.OPEN
    title = "Conception graphique de la saison culturelle"
    description = "Identité visuelle, affiches et programmes de la saison."
    buyer_name = "Ville de Dijon"
    procedure = "adapted"
    cpv_main = "79822500"
    cpv_additional = factory.LazyFunction(list)
    departements = factory.LazyFunction(lambda: ["21"])
    nuts_codes = factory.LazyFunction(lambda: ["FRC11"])
    published_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=2))
    # Deadlines are published to the minute.
    deadline_at = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=20)).replace(second=0, microsecond=0)
    )
    estimated_value = Decimal("45000.00")
    content_hash = factory.Sequence(lambda n: f"w{n:063d}")
    search_text = factory.LazyAttribute(lambda o: search_document(o.title, o.description, o.buyer_name))


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedSearch

    cluster = factory.SelfAttribute("organisation.cluster")
    name = "Graphisme"
    cpv_codes = factory.LazyFunction(lambda: ["79800000"])
