"""Payments, what remains due, aged receivables, reminders, the FEC export and the yearly figures."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from coursive.invoicing import fec
from coursive.invoicing.models import Invoice, Payment, Reminder
from coursive.invoicing.payment_services import payment_record, reminder_request, reminder_send
from coursive.invoicing.selectors import (
    age_bucket,
    aged_receivables,
    fec_entries,
    invoice_outstanding,
    yearly_figures,
)
from coursive.invoicing.services import credit_note_create, invoice_draft_create, invoice_issue

from .factories import rent_line


@pytest.fixture
def invoice(cluster, seller, own_organisation, coordinator):
    own_organisation.email = "compta@la-mouette.example"
    own_organisation.save()
    lines = [
        rent_line(),
        rent_line(
            label="Bar du festival",
            nature="goods",
            unit_price_excl_tax=Decimal("99.99"),
            vat_rate=Decimal("5.5"),
        ),
    ]
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=lines)
    return invoice_issue(invoice=draft, issued_by=coordinator)


def _make_overdue(invoice, days: int):
    Invoice.objects.filter(pk=invoice.pk).update(
        issue_date=invoice.issue_date - timedelta(days=days + 30),
        due_date=invoice.issue_date - timedelta(days=days),
    )
    invoice.refresh_from_db()
    return invoice


def test_partial_then_full_payment(invoice, coordinator):
    today = timezone.localdate()
    assert invoice.total_incl_tax == Decimal("645.49")

    payment_record(
        invoice=invoice, paid_on=today, amount=Decimal("300"), method="transfer", recorded_by=coordinator
    )
    assert invoice_outstanding(invoice=invoice) == Decimal("345.49")

    payment_record(invoice=invoice, paid_on=today, amount=Decimal("345.49"), method="cheque")
    assert invoice_outstanding(invoice=invoice) == Decimal("0.00")


@pytest.mark.parametrize(
    "amount, message",
    [(Decimal("645.50"), "dépasse le reste dû"), (Decimal("-5"), "positif"), (Decimal("1.001"), "centime")],
)
def test_a_bad_payment_is_refused(invoice, amount, message):
    with pytest.raises(ValidationError, match=message):
        payment_record(invoice=invoice, paid_on=timezone.localdate(), amount=amount, method="transfer")

    assert not Payment.objects.exists()


def test_a_draft_cannot_be_paid(cluster, seller, own_organisation):
    draft = invoice_draft_create(cluster=cluster, customer=own_organisation, lines=[rent_line()])

    with pytest.raises(ValidationError, match="facture émise"):
        payment_record(invoice=draft, paid_on=timezone.localdate(), amount=Decimal("1"), method="cash")


def test_a_credit_note_reduces_what_is_due(invoice, coordinator):
    invoice_issue(
        invoice=credit_note_create(invoice=invoice, lines=[rent_line(unit_price_excl_tax=Decimal("100"))]),
        issued_by=coordinator,
    )

    assert invoice_outstanding(invoice=invoice) == Decimal("525.49")


@pytest.mark.parametrize(
    "days_late, bucket",
    [
        (-3, "not_due"),
        (0, "not_due"),
        (1, "days_0_30"),
        (30, "days_0_30"),
        (31, "days_31_60"),
        (61, "days_61_90"),
        (90, "days_61_90"),
        (91, "days_over_90"),
    ],
)
def test_age_buckets(days_late, bucket):
    today = date(2026, 11, 26)

    assert age_bucket(due_date=today - timedelta(days=days_late), today=today) == bucket


def test_aged_receivables_put_each_unpaid_amount_in_its_bucket(invoice, cluster):
    _make_overdue(invoice, 45)
    payment_record(invoice=invoice, paid_on=timezone.localdate(), amount=Decimal("45.49"), method="transfer")

    rows, total = aged_receivables(cluster=cluster, today=timezone.localdate())

    assert len(rows) == 1
    assert rows[0].amounts["days_31_60"] == Decimal("600.00")
    assert total.total == Decimal("600.00")


def test_a_reminder_is_sent_once_and_recorded(invoice, coordinator, django_capture_on_commit_callbacks):
    _make_overdue(invoice, 10)

    with django_capture_on_commit_callbacks(execute=True):
        reminder = reminder_request(invoice=invoice, requested_by=coordinator)

    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert reminder.amount_due == Decimal("645.49")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["compta@la-mouette.example"]
    assert invoice.number in mail.outbox[0].subject
    assert "645,49\u00a0€" in mail.outbox[0].body
    assert reminder_send(reminder_id=reminder.pk) is False
    assert len(mail.outbox) == 1


def test_an_invoice_not_yet_due_is_not_reminded(invoice):
    with pytest.raises(ValidationError, match="pas encore échue"):
        reminder_request(invoice=invoice)

    assert not Reminder.objects.exists()


def test_the_fec_export_balances_entry_by_entry(invoice, coordinator, cluster):
    today = timezone.localdate()
    payment_record(
        invoice=invoice, paid_on=today, amount=Decimal("200"), method="transfer", reference="VIR 123"
    )
    invoice_issue(
        invoice=credit_note_create(invoice=invoice, lines=[rent_line(unit_price_excl_tax=Decimal("50"))]),
        issued_by=coordinator,
    )

    text = fec.render(fec_entries(cluster=cluster, year=today.year))

    rows = [line.split("\t") for line in text.rstrip("\r\n").split("\r\n")]
    assert rows[0] == list(fec.COLUMNS)
    assert all(len(row) == 18 for row in rows)
    by_entry: dict[str, list[Decimal]] = {}
    for row in rows[1:]:
        debit, credit = (Decimal(v.replace(",", ".")) for v in (row[11], row[12]))
        totals = by_entry.setdefault(row[2], [Decimal(0), Decimal(0)])
        totals[0] += debit
        totals[1] += credit
    assert len(by_entry) == 3
    assert all(debit == credit for debit, credit in by_entry.values())
    accounts = {row[4] for row in rows[1:]}
    assert accounts == {"411000", "706000", "707000", "445710", "512000"}
    sale = [row for row in rows[1:] if row[8] == invoice.number and row[0] == "VE"]
    assert next(r for r in sale if r[4] == "411000")[11] == "645,49"


def test_yearly_figures(invoice, coordinator, cluster):
    today = timezone.localdate()
    payment_record(invoice=invoice, paid_on=today, amount=Decimal("145.49"), method="transfer")
    invoice_issue(
        invoice=credit_note_create(invoice=invoice, lines=[rent_line(unit_price_excl_tax=Decimal("100"))]),
        issued_by=coordinator,
    )

    figures = yearly_figures(cluster=cluster, year=today.year)

    assert figures["invoices_issued"] == 1
    assert figures["credit_notes_issued"] == 1
    assert figures["invoiced_incl_tax"] == Decimal("525.49")
    assert figures["paid"] == Decimal("145.49")
    assert figures["outstanding"] == Decimal("380.00")
    assert yearly_figures(cluster=cluster, year=today.year - 1)["invoiced_incl_tax"] == Decimal("0.00")


def test_a_settled_invoice_is_lettered_with_its_payments(invoice, cluster):
    today = timezone.localdate()
    payment_record(invoice=invoice, paid_on=today, amount=Decimal("645.49"), method="transfer")

    rows = [
        line.split("\t")
        for line in fec.render(fec_entries(cluster=cluster, year=today.year)).split("\r\n")[1:-1]
    ]

    customer_rows = [row for row in rows if row[4] == "411000"]
    assert {row[13] for row in customer_rows} == {fec.lettering_code(invoice.pk - 1)}
    assert {row[14] for row in customer_rows} == {today.strftime("%Y%m%d")}
    assert all(row[13] == "" for row in rows if row[4] != "411000")


def test_a_partly_paid_invoice_is_not_lettered(invoice, cluster):
    today = timezone.localdate()
    payment_record(invoice=invoice, paid_on=today, amount=Decimal("45.49"), method="transfer")

    rows = [
        line.split("\t")
        for line in fec.render(fec_entries(cluster=cluster, year=today.year)).split("\r\n")[1:-1]
    ]

    assert all(row[13] == "" and row[14] == "" for row in rows)


def test_lettering_codes_run_through_three_letters():
    codes = [fec.lettering_code(i) for i in (0, 1, 25, 26, 17575, 17576)]

    assert codes == ["AAA", "AAB", "AAZ", "ABA", "ZZZ", "BAAA"]
