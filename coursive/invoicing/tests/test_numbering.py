"""Numbering: one continuous series per kind and year, without gap or duplicate, even when invoices are issued
at the same time from several connections."""

import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from coursive.invoicing.models import Invoice, InvoiceStatus, NumberingCounter
from coursive.invoicing.services import credit_note_create, invoice_draft_create, invoice_issue

from .factories import rent_line, seller_for

CONCURRENT_ISSUES = 8


def _drafts(cluster, organisation, count):
    return [
        invoice_draft_create(
            cluster=cluster, customer=organisation, lines=[rent_line(unit_price_excl_tax=Decimal(100 + n))]
        )
        for n in range(count)
    ]


def test_invoices_are_numbered_in_the_order_they_are_issued(cluster, seller, own_organisation, coordinator):
    drafts = _drafts(cluster, own_organisation, 3)

    numbers = [invoice_issue(invoice=d, issued_by=coordinator).sequence for d in reversed(drafts)]

    assert numbers == [1, 2, 3]
    assert drafts[-1].__class__.objects.get(pk=drafts[-1].pk).number.endswith("-00001")


def test_credit_notes_have_their_own_series(cluster, seller, own_organisation, coordinator):
    first, second = _drafts(cluster, own_organisation, 2)
    invoice = invoice_issue(invoice=first, issued_by=coordinator)
    credit_note = invoice_issue(invoice=credit_note_create(invoice=invoice), issued_by=coordinator)

    later = invoice_issue(invoice=second, issued_by=coordinator)

    assert credit_note.sequence == 1 and credit_note.series.startswith("AV-")
    assert later.sequence == 2 and later.series.startswith("FA-")


def test_a_refused_issue_consumes_no_number(cluster, seller, own_organisation, coordinator):
    good, bad = _drafts(cluster, own_organisation, 2)
    bad.lines.all().delete()
    with pytest.raises(ValidationError):
        invoice_issue(invoice=bad, issued_by=coordinator)

    assert invoice_issue(invoice=good, issued_by=coordinator).sequence == 1
    assert NumberingCounter.objects.get().last_sequence == 1


def test_each_cluster_has_its_own_series(
    cluster, other_cluster, seller, own_organisation, foreign_organisation
):
    seller_for(other_cluster)
    ours = invoice_issue(invoice=_drafts(cluster, own_organisation, 1)[0], issued_by=None)
    theirs = invoice_issue(invoice=_drafts(other_cluster, foreign_organisation, 1)[0], issued_by=None)

    assert ours.number == theirs.number
    assert ours.sequence == theirs.sequence == 1


def _issue_concurrently(drafts) -> list[BaseException]:
    """Issues every draft from its own thread, hence its own database connection, all released at once."""
    barrier = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    def issue(draft):
        try:
            barrier.wait()
            invoice_issue(invoice=draft, issued_by=None)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _assert_continuous(cluster):
    issued = Invoice.objects.filter(cluster=cluster, status=InvoiceStatus.ISSUED)
    sequences = sorted(issued.values_list("sequence", flat=True))
    assert sequences == list(range(1, CONCURRENT_ISSUES + 1))
    assert len(set(issued.values_list("number", flat=True))) == CONCURRENT_ISSUES
    assert all(invoice.pdf for invoice in issued)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite variant of the test below")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issues_from_several_processes_on_sqlite(cluster, own_organisation, tmp_path):
    """Worker processes on a copy of the test database in a file, as web workers share one SQLite file: their
    IMMEDIATE transactions queue for the write lock, so numbers are taken one after the other."""
    seller_for(cluster)
    drafts = _drafts(cluster, own_organisation, CONCURRENT_ISSUES)
    database = tmp_path / "coursive.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)

    errors = _issue_in_processes(drafts, database=database, folder=tmp_path)

    assert errors == []
    with sqlite3.connect(database) as copy:
        rows = copy.execute(
            "select sequence, number, pdf from invoicing_invoice where status = 'issued'"
        ).fetchall()
    assert sorted(row[0] for row in rows) == list(range(1, CONCURRENT_ISSUES + 1))
    assert len({row[1] for row in rows}) == CONCURRENT_ISSUES
    assert all(row[2] for row in rows)


def _issue_in_processes(drafts, *, database, folder, processes: int = 4) -> list[str]:
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(folder / "media"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    go = folder / "go"
    workers = []
    for index in range(processes):
        ids = [str(draft.pk) for draft in drafts[index::processes]]
        ready = folder / f"ready-{index}"
        command = [sys.executable, "-m", "coursive.invoicing.tests.issue_worker", str(ready), str(go), *ids]
        workers.append(
            (ready, subprocess.Popen(command, env=environment, cwd=settings.BASE_DIR, stderr=subprocess.PIPE))
        )
    while not all(ready.exists() or worker.poll() is not None for ready, worker in workers):
        time.sleep(0.01)
    go.touch()
    errors = []
    for _ready, worker in workers:
        _out, stderr = worker.communicate(timeout=300)
        if worker.returncode:
            errors.append(stderr.decode()[-2000:])
    return errors


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issues_on_postgresql_lock_the_series_counter(cluster, own_organisation):
    seller_for(cluster)
    drafts = _drafts(cluster, own_organisation, CONCURRENT_ISSUES)

    errors = _issue_concurrently(drafts)

    assert errors == []
    _assert_continuous(cluster)
    assert NumberingCounter.objects.get(cluster=cluster).last_sequence == CONCURRENT_ISSUES


def test_an_earlier_issue_date_must_follow_the_series_order(cluster, seller, own_organisation):
    first, second, third = _drafts(cluster, own_organisation, 3)
    today = timezone.localdate()
    invoice_issue(invoice=first, issued_by=None, issue_date=today - timedelta(days=1))

    with pytest.raises(ValidationError, match="dernier document de la série"):
        invoice_issue(invoice=second, issued_by=None, issue_date=today - timedelta(days=2))
    with pytest.raises(ValidationError, match="futur"):
        invoice_issue(invoice=second, issued_by=None, issue_date=today + timedelta(days=1))

    assert invoice_issue(invoice=third, issued_by=None).sequence == 2
    second.refresh_from_db()
    assert second.is_draft
