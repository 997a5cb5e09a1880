"""Procurement benchmark: importing notices into SQLite, memory as the volume grows, and the matching engine.

Imports run in child processes, each on a fresh copy of a migrated SQLite database in a temporary directory
(the working copy's database is not touched), and each child reports its own peak RSS (VmHWM):

- DECP: the real DECP records of data/procurement/decp/ replayed under fresh ids to 1x and to 10x the
  volume, one JSON file each, imported with `import_notices`;
- the baseline, in the same run and on the same 1x file: a naive per-record ORM loop, the same reader and
  row checks, then `Notice.objects.update_or_create` per record and its lots, awards and winners one by one;
- eForms: the real eForms notices replayed under fresh TED publication numbers, one file per notice.

The matching engine is measured in this process (it is pure Python): 10,000 notice profiles replayed from
every real notice, against 2,000 organisation profiles made from the real notices' CPV codes and words, end
to end (building the engine, then the alert run over every notice). Its baseline scores every pair of a
sample of the notices (`notices_for_member`, which prunes nothing) and must find the same pairs.

Usage: .venv/bin/python bench/procurement.py [--quick]
`--quick` takes 1x = 1,000 DECP records and three copies of the eForms notices instead of 10,000 and fifteen,
and runs under a minute. The last line printed is one JSON object (see docs/benchmarks.md).
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

DATA_DIR = BASE_DIR / "data" / "procurement"
CPV_FILE = BASE_DIR / "data" / "cpv_2008_fr_en.csv"
GOALS = {
    "import_decp_per_s": 5_000,
    "import_eforms_per_s": 300,
    "import_vs_naive": 10,
    "import_peak_rss_growth": 1.2,
    "match_s_10k_x_2k": 5,
}
# The goals that are ceilings; the others are floors.
AT_MOST = frozenset({"import_peak_rss_growth", "match_s_10k_x_2k"})
MATCH_NOTICES, MATCH_ORGANISATIONS = 10_000, 2_000
_PUBLICATION_ID = re.compile(r"(<efbc:NoticePublicationID[^>]*>)[^<]*(</efbc:NoticePublicationID>)")


@dataclass(frozen=True)
class Volumes:
    decp: int  # records at 1x
    eforms_copies: int
    exhaustive_sample: int  # notices scored against every organisation by the matching baseline


QUICK = Volumes(decp=1_000, eforms_copies=3, exhaustive_sample=10)
FULL = Volumes(decp=10_000, eforms_copies=15, exhaustive_sample=50)


def main() -> None:
    options = _arguments()
    if options.child:
        print(json.dumps(CHILDREN[options.child](Path(options.input))))
        return
    volumes = QUICK if options.quick else FULL
    load_before = round(os.getloadavg()[0], 2)
    print(f"Machine : {os.cpu_count()} cœurs, charge moyenne {load_before} ; volumes {volumes}", flush=True)
    with tempfile.TemporaryDirectory(prefix="coursive-bench-") as directory:
        imports = _measure_imports(Path(directory), volumes)
    matching = _measure_matching(volumes)
    _report(imports | matching, volumes, load_before=load_before)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller volumes, under a minute")
    parser.add_argument("--child", choices=["import", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    return parser.parse_args()


# --- Imports, in child processes -------------------------------------------------------------------------


def _measure_imports(directory: Path, volumes: Volumes) -> dict:
    template = directory / "template.sqlite3"
    started = time.perf_counter()
    _migrate(template)
    print(f"Base migrée en {time.perf_counter() - started:.1f} s", flush=True)
    decp_1x, decp_10x = directory / "decp_1x.json", directory / "decp_10x.json"
    _write_decp(decp_1x, volumes.decp)
    _write_decp(decp_10x, volumes.decp * 10)
    eforms = _write_eforms(directory / "eforms", volumes.eforms_copies)
    runs = {
        "decp_1x": _child("import", decp_1x, template, directory),
        "decp_10x": _child("import", decp_10x, template, directory),
        "naive_1x": _child("naive", decp_1x, template, directory),
        "eforms": _child("import", eforms, template, directory),
    }
    for name, run in runs.items():
        rate, cpu_rate = run["written"] / run["seconds"], run["written"] / run["cpu_seconds"]
        print(
            f"{name:9} {run['written']:>7} avis en {run['seconds']:6.2f} s : {rate:8.0f} avis/s "
            f"({cpu_rate:.0f} par seconde de processeur), pic de mémoire {run['peak_rss_kb'] / 1024:6.1f} Mo",
            flush=True,
        )
    return runs


def _environment(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "COURSIVE_ENV": "development",
        # DEBUG keeps every query in memory: it would be measured along with the importer.
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(database.parent / "media"),
        "LOG_LEVEL": "WARNING",
    }


def _migrate(database: Path) -> None:
    command = [sys.executable, str(BASE_DIR / "manage.py"), "migrate", "--noinput", "-v0"]
    subprocess.run(command, env=_environment(database), cwd=BASE_DIR, check=True)


def _child(task: str, source: Path, template: Path, directory: Path) -> dict:
    """Runs one measurement in a fresh process on a fresh copy of the migrated database."""
    database = directory / f"{task}-{source.stem}.sqlite3"
    shutil.copyfile(template, database)
    command = [sys.executable, __file__, "--child", task, "--input", str(source)]
    done = subprocess.run(command, env=_environment(database), cwd=BASE_DIR, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"La mesure {task} sur {source.name} a échoué :\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _real_decp_records() -> list[dict]:
    records = []
    for path in sorted((DATA_DIR / "decp").glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            records.extend(json.load(handle)["marches"])
    return records


def _write_decp(path: Path, count: int) -> None:
    """`count` real records in turn, each under a fresh uid, written as they go."""
    records = _real_decp_records()
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"marches": [\n')
        for number in range(count):
            record = dict(records[number % len(records)], uid=f"BENCH{number:09d}", id=f"B{number:09d}")
            handle.write(("," if number else "") + json.dumps(record, ensure_ascii=False) + "\n")
        handle.write("]}\n")


def _write_eforms(directory: Path, copies: int) -> Path:
    """Every real eForms notice, `copies` times, each under a fresh TED publication number."""
    directory.mkdir()
    sources = sorted((DATA_DIR / "eforms_xml").glob("*.xml"))
    for copy in range(copies):
        for number, source in enumerate(sources):
            fresh = f"{9_000_000 + copy * 1_000 + number}-2031"
            text = _PUBLICATION_ID.sub(rf"\g<1>{fresh}\g<2>", source.read_text(encoding="utf-8"))
            (directory / f"{copy:02d}-{source.name}").write_text(text, encoding="utf-8")
    return directory


def _peak_rss_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status)[1])


def _child_import(source: Path) -> dict:
    import django

    django.setup()
    from coursive.procurement.importer import import_notices

    paths = sorted(source.iterdir()) if source.is_dir() else [source]
    started, cpu = time.perf_counter(), time.process_time()
    summary = import_notices(paths)
    return _measured(started, cpu, summary.created + summary.updated + summary.unchanged)


def _measured(started: float, cpu: float, written: int) -> dict:
    """Wall-clock and CPU seconds since `started` and `cpu`: on a busy machine the CPU time of the process
    tells how much of the wall-clock time was spent waiting for a core."""
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "written": written,
        "peak_rss_kb": _peak_rss_kb(),
    }


def _child_naive(source: Path) -> dict:
    """The baseline: what a first version would do, one ORM call per row."""
    import django

    django.setup()
    from django.utils import timezone

    from coursive.procurement.importer_rows import InvalidRecord, RowBuilder
    from coursive.procurement.models import Cpv
    from coursive.procurement.readers import read_notices
    from coursive.procurement.records import ReadError

    rows = RowBuilder(
        known_cpv=frozenset(Cpv.objects.values_list("code8", flat=True)),
        warn=lambda _: None,
        now=timezone.now(),
    )
    started, cpu, written = time.perf_counter(), time.process_time(), 0
    for record in read_notices(source):
        if isinstance(record, ReadError):
            continue
        try:
            _naive_save(rows.build(record))
        except InvalidRecord:
            continue
        written += 1
    return _measured(started, cpu, written)


def _naive_save(row) -> None:
    from coursive.procurement.models import Award, AwardWinner, Lot, Notice

    fields = dict(row.notice)
    key = {"source": fields.pop("source"), "official_id": fields.pop("official_id")}
    notice, _created = Notice.objects.update_or_create(**key, defaults=fields)
    notice.lots.all().delete()
    notice.awards.all().delete()
    for lot in row.lots:
        Lot.objects.create(notice=notice, **lot)
    for award_fields, winners in row.awards:
        award = Award.objects.create(notice=notice, **award_fields)
        for winner in winners:
            AwardWinner.objects.create(award=award, **winner)


CHILDREN = {"import": _child_import, "naive": _child_naive}


# --- Matching, in this process -----------------------------------------------------------------------------


def _real_notices() -> list:
    """Every notice the readers accept in data/procurement/, with at least one CPV code."""
    from coursive.procurement.readers import read_notices
    from coursive.procurement.records import NoticeRecord

    paths = sorted(path for path in DATA_DIR.rglob("*") if path.suffix in {".json", ".xml"})
    records = [record for path in paths for record in read_notices(path) if isinstance(record, NoticeRecord)]
    return [record for record in records if record.cpv_main and record.title]


def _notice_profiles(records: list, count: int) -> list:
    from coursive.procurement.matching import NoticeProfile

    return [
        NoticeProfile(
            id=str(number),
            title=record.title,
            description=record.description,
            cpv_codes=[record.cpv_main, *record.cpv_additional],
            departements=record.departements,
            estimated_value=record.estimated_value,
            min_turnover=record.selection.min_turnover,
            reservations=[str(reservation) for reservation in record.reservations],
        )
        for number, record in ((number, records[number % len(records)]) for number in range(count))
    ]


def _organisation_profiles(records: list, count: int) -> list:
    """Organisations working in the field of a real notice: its CPV code at a coarser level and a code of
    another notice of the same division, words of that division's titles, past contracts among them, a zone
    of a few départements of one region or all of France, a turnover from 20 k€ to 5 M€."""
    from coursive.core.geo import DEPARTEMENTS
    from coursive.core.text import tokens
    from coursive.procurement.matching import OrganisationProfile

    rng = random.Random(2026)
    by_division: dict[str, list] = {}
    for record in records:
        by_division.setdefault(record.cpv_main[:2], []).append(record)
    regions: dict[str, list[str]] = {}
    for departement in DEPARTEMENTS.values():
        regions.setdefault(departement.region_code, []).append(departement.code)
    profiles = []
    for number in range(count):
        field = rng.choice(records)
        peers = by_division[field.cpv_main[:2]]
        words = sorted(
            {word for peer in rng.sample(peers, min(5, len(peers))) for word in tokens(peer.title)}
        )
        zone = [] if rng.random() < 0.3 else _some(rng, rng.choice(list(regions.values())), 2)
        profiles.append(
            OrganisationProfile(
                id=number,
                name=f"Structure {number}",
                cpv_codes=[_coarser(field.cpv_main, rng), rng.choice(peers).cpv_main],
                keywords=" ".join(rng.sample(words, min(8, len(words)))),
                description=field.title,
                references=[peer.title for peer in rng.sample(peers, min(rng.randint(1, 3), len(peers)))],
                departements=zone,
                annual_turnover=Decimal(rng.choice([20, 60, 150, 300, 700, 1_500, 5_000]) * 1_000),
                is_ess=rng.random() < 0.3,
                is_insertion=rng.random() < 0.05,
            )
        )
    return profiles


def _some(rng: random.Random, items: list, count: int) -> list:
    return rng.sample(items, min(count, len(items)))


def _coarser(code: str, rng: random.Random) -> str:
    """The code itself or one of its ancestors, as members declare codes at every level."""
    digits = rng.randint(2, 8)
    return code[:digits].ljust(8, "0")


def _measure_matching(volumes: Volumes) -> dict:
    from coursive.procurement.cpv import CpvNomenclature
    from coursive.procurement.matching import DEFAULT_THRESHOLD, MatchingEngine

    records = _real_notices()
    notices = _notice_profiles(records, MATCH_NOTICES)
    organisations = _organisation_profiles(records, MATCH_ORGANISATIONS)
    nomenclature = CpvNomenclature.from_csv(CPV_FILE)
    print(
        f"Rapprochement : {len(records)} avis réels rejoués en {len(notices)} avis, {len(organisations)} structures"
    )
    started, cpu = time.perf_counter(), time.process_time()
    engine = MatchingEngine(organisations, nomenclature)
    # The batch scoring forks one process per core: that is how the alert run would use a 2-core machine.
    matches = engine.matches(notices, workers=os.cpu_count() or 1)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"  moteur : {seconds:.2f} s de bout en bout ({cpu_seconds:.2f} s de processeur dans le processus principal), "
        f"{len(matches)} rapprochements retenus",
        flush=True,
    )
    sample = notices[: volumes.exhaustive_sample]
    exhaustive, found = _exhaustive(engine, organisations, sample, DEFAULT_THRESHOLD)
    kept = {
        (match.notice_id, match.organisation_id)
        for match in matches
        if match.notice_id in {n.id for n in sample}
    }
    estimate = exhaustive["prepare_s"] + exhaustive["pairs_s"] * MATCH_NOTICES / len(sample)
    print(
        f"  référence (toutes les paires) : {estimate:.1f} s estimées pour {MATCH_NOTICES} avis "
        f"d'après {len(sample)} ; mêmes rapprochements : {'oui' if found == kept else 'NON'}",
        flush=True,
    )
    return {
        "match_s_10k_x_2k": round(seconds, 2),
        "match_cpu_s_10k_x_2k": round(cpu_seconds, 2),
        "match_pairs_kept": len(matches),
        "match_exhaustive_s_estimate": round(estimate, 1),
        "match_vs_exhaustive": round(estimate / seconds, 1),
        "match_same_pairs_as_exhaustive": found == kept,
    }


def _exhaustive(engine, organisations: list, sample: list, threshold: int) -> tuple[dict, set]:
    """Every pair of the sample scored, organisation by organisation; the time to prepare the organisations
    alone is measured apart, as it does not grow with the number of notices."""
    started = time.perf_counter()
    for organisation in organisations:
        engine.notices_for_member(organisation, [], limit=None, threshold=threshold)
    prepare = time.perf_counter() - started
    started, found = time.perf_counter(), set()
    for organisation in organisations:
        for match in engine.notices_for_member(organisation, sample, limit=None, threshold=threshold):
            found.add((match.notice_id, match.organisation_id))
    pairs = time.perf_counter() - started - prepare
    return {"prepare_s": prepare, "pairs_s": max(pairs, 0.0)}, found


# --- Report ------------------------------------------------------------------------------------------------


def _report(results: dict, volumes: Volumes, *, load_before: float) -> None:
    decp_1x, decp_10x, naive, eforms = (
        results[name] for name in ("decp_1x", "decp_10x", "naive_1x", "eforms")
    )
    figures = {
        "import_decp_per_s": round(decp_10x["written"] / decp_10x["seconds"]),
        "import_decp_1x_per_s": round(decp_1x["written"] / decp_1x["seconds"]),
        "import_eforms_per_s": round(eforms["written"] / eforms["seconds"]),
        "import_naive_per_s": round(naive["written"] / naive["seconds"]),
        "import_decp_per_cpu_s": round(decp_10x["written"] / decp_10x["cpu_seconds"]),
        "import_eforms_per_cpu_s": round(eforms["written"] / eforms["cpu_seconds"]),
        "import_vs_naive": round(
            (decp_1x["written"] / decp_1x["seconds"]) / (naive["written"] / naive["seconds"]), 1
        ),
        "import_peak_rss_growth": round(decp_10x["peak_rss_kb"] / decp_1x["peak_rss_kb"], 3),
        "import_peak_rss_1x_mb": round(decp_1x["peak_rss_kb"] / 1024, 1),
        "import_peak_rss_10x_mb": round(decp_10x["peak_rss_kb"] / 1024, 1),
        "decp_records_1x": decp_1x["written"],
        "decp_records_10x": decp_10x["written"],
        "eforms_notices": eforms["written"],
        **{key: value for key, value in results.items() if key.startswith("match_")},
        "quick": volumes == QUICK,
        "cpus": os.cpu_count(),
        # Other programs running meanwhile skew the absolute figures; the load says how much.
        "loadavg_1m_before": load_before,
        "loadavg_1m_after": round(os.getloadavg()[0], 2),
    }
    for key, goal in GOALS.items():
        met = figures[key] <= goal if key in AT_MOST else figures[key] >= goal
        figures[f"{key}_goal_met"] = met
        bound = "≤" if key in AT_MOST else "≥"
        print(
            f"{key:24} {figures[key]:>10} (objectif {bound} {goal}) : {'atteint' if met else 'NON atteint'}"
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
