"""Invoicing benchmark: issuing complete invoices (number, frozen data, Factur-X XML, PDF/A-3 stored).

`invoices_per_s` is the rate at which drafts become issued invoices through `invoice_issue` (the service the
pages, the leases and group purchasing call), with several worker processes issuing at the same time on one
SQLite file, as web workers would. The baseline, in the same run, is one process issuing one invoice after
the other. Each draft has four lines at three VAT rates. Also reported: the median time of each step of one
issue in the single process (numbering transaction, XML, PDF rendering with the Factur-X attachment, storage),
the CPU time per invoice in both modes, and `invoices_per_s_cpu_capacity`: the cores divided by the CPU time
of one invoice, the rate the workers would reach with the machine to themselves (on a machine shared with
other programs the wall-clock rates fall, the CPU time much less; `load_average_at_start` tells which case
a run was in).

After the run the series is checked: numbers 1…n without gap or duplicate, every invoice with its PDF.

A throw-away SQLite database and media folder are made in a temporary directory (migrations take ~15 s).

Usage: .venv/bin/python bench/invoicing.py [--single 30] [--parallel 80] [--workers 2]
The last line printed is one JSON object (see docs/benchmarks.md).
"""

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
if __name__ == "__main__":
    WORKDIR = Path(tempfile.mkdtemp(prefix="coursive-bench-invoicing-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(WORKDIR / "media")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from coursive.invoicing import documents, services  # noqa: E402
from coursive.invoicing.models import Invoice, InvoiceStatus  # noqa: E402

GOAL_PER_S = 10
# WeasyPrint and factur-x log every step at INFO; the benchmark's output is its figures.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("factur-x").setLevel(logging.WARNING)


def _lines() -> list:
    return [
        services.DraftLine(
            "Loyer de l'atelier B2", Decimal("1"), "mois", Decimal("450.00"), Decimal("20"), "services"
        ),
        services.DraftLine(
            "Charges et fluides", Decimal("1"), "mois", Decimal("38.75"), Decimal("20"), "services"
        ),
        services.DraftLine(
            "Billets, soirée du pôle", Decimal("14"), "unité", Decimal("9.4787"), Decimal("5.5"), "goods"
        ),
        services.DraftLine(
            "Régie son, première", Decimal("3.5"), "heure", Decimal("42"), Decimal("2.1"), "services"
        ),
    ]


def setup(count: int) -> list[int]:
    from coursive.accounts.models import Cluster
    from coursive.directory.models import NafCode, Organisation
    from coursive.invoicing.tests.factories import seller_for

    call_command("migrate", verbosity=0)
    cluster = Cluster.objects.create(
        name="Pôle de mesure", slug="mesure", territory="Dijon", contact_email="a@b.example"
    )
    seller_for(cluster)
    organisation = Organisation.objects.create(
        cluster=cluster,
        legal_name="Compagnie de Mesure",
        siret="91234567500017",
        legal_form="association",
        naf=NafCode.objects.get(code="90.01Z"),
        street="1 rue de la Préfecture",
        postcode="21000",
        commune="Dijon",
        departement="21",
        region="27",
        headcount_band="01",
        turnover_band="lt50k",
    )
    return [
        services.invoice_draft_create(cluster=cluster, customer=organisation, lines=_lines()).pk
        for _ in range(count)
    ]


def _timed(function, **kwargs):
    start = time.perf_counter()
    result = function(**kwargs)
    return result, (time.perf_counter() - start) * 1000


def single(ids: list[int]) -> tuple[float, float, dict]:
    """One process, one invoice after the other, each step timed (the steps invoice_issue chains)."""
    steps = {"freeze_ms": [], "xml_ms": [], "pdf_ms": [], "store_ms": []}
    start, cpu = time.perf_counter(), time.process_time()
    for pk in ids:
        invoice, ms = _timed(
            services._invoice_freeze, invoice=Invoice.objects.get(pk=pk), issued_by=None, issue_date=None
        )
        steps["freeze_ms"].append(ms)
        lines = list(invoice.lines.order_by("position"))
        xml, ms = _timed(documents.facturx_xml, invoice=invoice, lines=lines)
        steps["xml_ms"].append(ms)
        pdf, ms = _timed(documents.facturx_pdf, invoice=invoice, lines=lines, xml=xml)
        steps["pdf_ms"].append(ms)
        _none, ms = _timed(documents.store, invoice=invoice, xml=xml, pdf=pdf)
        steps["store_ms"].append(ms)
    rate = len(ids) / (time.perf_counter() - start)
    cpu_ms = (time.process_time() - cpu) * 1000 / len(ids)
    return rate, cpu_ms, {name: round(statistics.median(values), 1) for name, values in steps.items()}


def warm_up(pk: int) -> None:
    """Renders an issued invoice once, unstored, so fonts and templates are loaded before timing."""
    invoice = Invoice.objects.get(pk=pk)
    lines = list(invoice.lines.all())
    documents.facturx_pdf(invoice, lines, documents.facturx_xml(invoice, lines))


def _worker(ids: list[int], warm_pk: int, barrier, results) -> None:
    connections.close_all()
    warm_up(warm_pk)
    barrier.wait()
    cpu = time.process_time()
    for pk in ids:
        services.invoice_issue(invoice=Invoice.objects.get(pk=pk), issued_by=None)
    results.put((time.perf_counter(), time.process_time() - cpu))


def parallel(ids: list[int], workers: int, warm_pk: int) -> tuple[float, float]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(workers + 1)
    results = context.Queue()
    processes = [
        context.Process(target=_worker, args=(ids[index::workers], warm_pk, barrier, results))
        for index in range(workers)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    start = time.perf_counter()
    ends = [results.get() for _ in processes]
    for process in processes:
        process.join()
        if process.exitcode:
            raise SystemExit(f"a worker failed (exit code {process.exitcode})")
    cpu_ms = sum(cpu for _end, cpu in ends) * 1000 / len(ids)
    return len(ids) / (max(end for end, _cpu in ends) - start), cpu_ms


def check_series() -> int:
    issued = Invoice.objects.filter(status=InvoiceStatus.ISSUED)
    sequences = sorted(issued.values_list("sequence", flat=True))
    if sequences != list(range(1, len(sequences) + 1)) or issued.filter(pdf="").exists():
        raise SystemExit("the series has a gap, a duplicate or an invoice without PDF")
    return len(sequences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--single", type=int, default=31)
    parser.add_argument("--parallel", type=int, default=80)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    options = parser.parse_args()
    ids = setup(options.single + options.parallel)
    connections.close_all()
    load = os.getloadavg()[0]
    services.invoice_issue(invoice=Invoice.objects.get(pk=ids[0]), issued_by=None)
    warm_up(ids[0])
    single_rate, single_cpu_ms, steps = single(ids[1 : options.single])
    print(
        f"one process: {single_rate:.1f} invoices/s, {single_cpu_ms:.0f} ms CPU each; median steps (ms): {steps}"
    )
    connections.close_all()
    parallel_rate, parallel_cpu_ms = parallel(ids[options.single :], options.workers, warm_pk=ids[0])
    print(
        f"{options.workers} worker processes: {parallel_rate:.1f} invoices/s, {parallel_cpu_ms:.0f} ms CPU each"
    )
    # What the cores would deliver if this benchmark had them to itself: the wall-clock rates above fall
    # when other programs share the machine, the CPU time per invoice much less.
    capacity = (os.cpu_count() or 1) * 1000 / parallel_cpu_ms
    issued = check_series()
    print(f"series checked: {issued} invoices numbered 1…{issued}, each with its PDF/A-3")
    figures = {
        "invoices_per_s": round(parallel_rate, 1),
        "invoices_per_s_single_process": round(single_rate, 1),
        "speedup": round(parallel_rate / single_rate, 2),
        "workers": options.workers,
        "cpu_count": os.cpu_count(),
        "load_average_at_start": round(load, 2),
        "cpu_ms_per_invoice_single": round(single_cpu_ms, 1),
        "cpu_ms_per_invoice_parallel": round(parallel_cpu_ms, 1),
        "invoices_per_s_cpu_capacity": round(capacity, 1),
        "invoices_issued": issued,
        **steps,
        "goal_invoices_per_s": GOAL_PER_S,
        "goal_met": parallel_rate >= GOAL_PER_S,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
