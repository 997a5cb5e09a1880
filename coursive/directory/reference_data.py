"""Loading of the reference lists Coursive ships in data/ (NAF codes, the shared skills vocabulary)."""

import csv
from pathlib import Path

from django.conf import settings

DATA_DIR = Path(settings.BASE_DIR) / "data"


def read_naf_codes() -> list[tuple[str, str]]:
    with open(DATA_DIR / "naf2008_liste_n5.csv", encoding="utf-8", newline="") as handle:
        return [
            (row["Code"].strip(), row["Libellé"].strip()) for row in csv.DictReader(handle, delimiter=";")
        ]


def read_skills() -> list[dict[str, str]]:
    with open(DATA_DIR / "skills.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def load_reference_data(naf_model, skill_model) -> None:
    """Idempotent: safe to run again after the files change (labels are updated, nothing is deleted)."""
    for code, label in read_naf_codes():
        naf_model.objects.update_or_create(code=code, defaults={"label": label})
    for row in read_skills():
        skill_model.objects.update_or_create(
            slug=row["slug"], defaults={"name": row["name"], "family": row["family"]}
        )
