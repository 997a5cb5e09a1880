"""Loads the CPV 2008 nomenclature shipped in data/cpv_2008_fr_en.csv (9,454 codes, French and English).

The hierarchy is implicit in the codes: the significant leading digits (trailing zeros stripped, at least the
two of the division) give the level, and the parent is the nearest shorter prefix, padded with zeros, that
is itself a code. The logic lives here, frozen, so that later changes to the app cannot change what this
migration did. Every test database runs it, hence one bulk insert.
"""

import csv
from pathlib import Path

from django.conf import settings
from django.db import migrations

CSV_PATH = Path(settings.BASE_DIR) / "data" / "cpv_2008_fr_en.csv"
# Significant digits -> level: division, group, class, category, then the finer sub-categories.
LEVELS = {2: 1, 3: 2, 4: 3, 5: 4}
SUBCATEGORY = 5


def significant_digits(code: str) -> int:
    return max(2, len(code.rstrip("0")))


def parent_code(code: str, codes: set[str]) -> str | None:
    for length in range(significant_digits(code) - 1, 1, -1):
        candidate = code[:length].ljust(8, "0")
        if candidate in codes:
            return candidate
    return None


def load(apps, schema_editor):
    Cpv = apps.get_model("procurement", "Cpv")
    with open(CSV_PATH, encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: row["code8"])
    codes = {row["code8"] for row in rows}
    Cpv.objects.bulk_create(
        [
            Cpv(
                code8=row["code8"],
                label_fr=row["label_fr"].strip(),
                label_en=row["label_en"].strip(),
                level=LEVELS.get(significant_digits(row["code8"]), SUBCATEGORY),
                parent_id=parent_code(row["code8"], codes),
            )
            for row in rows
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
