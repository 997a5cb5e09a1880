"""An item goes out once: simultaneous check-outs of the same item give one loan, on SQLite and PostgreSQL."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from coursive.accounts.tests.factories import UserFactory
from coursive.directory.tests.factories import OrganisationFactory
from coursive.lending.services import loan_check_out
from coursive.premises.models import Resource

ATTEMPTS = 6


def _open_loans(item, database_file) -> int:
    if database_file is None:
        return item.loans.filter(checked_in_at__isnull=True).count()
    with sqlite3.connect(database_file) as database:
        query = "select count(*) from lending_loan where resource_id = ? and checked_in_at is null"
        return database.execute(query, [item.pk]).fetchone()[0]


def _attempt(item, organisation, user) -> str:
    try:
        loan_check_out(
            resource=item,
            organisation=organisation,
            borrower_name="Hugo",
            due_on=timezone.localdate() + timedelta(days=2),
            condition="good",
            checked_out_by=user,
        )
        return "out"
    except ValidationError:
        return "refused"
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_check_outs_of_one_item_give_one_loan(cluster, request):
    item = Resource.objects.create(
        cluster=cluster, kind=Resource.Kind.EQUIPMENT, name="Micro HF", condition="good"
    )
    borrowers = [OrganisationFactory(cluster=cluster) for _ in range(ATTEMPTS)]
    user = UserFactory()
    database_file = request.getfixturevalue("threads_database")

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        outcomes = list(pool.map(lambda borrower: _attempt(item, borrower, user), borrowers))

    assert sorted(outcomes) == ["out"] + ["refused"] * (ATTEMPTS - 1)
    assert _open_loans(item, database_file) == 1
