"""Issues the given drafts from a separate process, as a second web worker would: used by the concurrency
test on SQLite. Usage: python -m coursive.invoicing.tests.issue_worker READY_FILE GO_FILE ID [ID…]."""

import os
import sys
import time

import django


def main(ready: str, go: str, ids: list[int]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from coursive.invoicing.models import Invoice
    from coursive.invoicing.services import invoice_issue

    drafts = list(Invoice.objects.filter(pk__in=ids))
    with open(ready, "w"):
        pass
    while not os.path.exists(go):
        time.sleep(0.005)
    for draft in drafts:
        invoice_issue(invoice=draft, issued_by=None)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], [int(arg) for arg in sys.argv[3:]])
