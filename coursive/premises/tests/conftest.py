from datetime import datetime

import pytest

from coursive.accounts.models import Membership
from coursive.premises.calendar import PARIS

from .factories import ResourceFactory

# A Tuesday in term time, far from public holidays and clock changes.
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=PARIS)


def at(day: str, clock: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=PARIS)


def membership(user, cluster) -> Membership:
    return Membership.objects.select_related("organisation", "cluster", "user").get(
        user=user, cluster=cluster
    )


@pytest.fixture
def room(cluster):
    return ResourceFactory(cluster=cluster, name="Salle Verte", capacity=10)


def future_workday(weeks: int = 1):
    """A Tuesday to Thursday at least `weeks` weeks ahead that is no public holiday, for tests that go
    through the pages, which use the real clock."""
    from datetime import timedelta

    from django.utils import timezone

    from coursive.premises.calendar import public_holiday

    day = timezone.localdate() + timedelta(weeks=weeks)
    while day.weekday() not in (1, 2, 3) or public_holiday(day):
        day += timedelta(days=1)
    return day
