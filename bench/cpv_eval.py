"""CPV suggestion benchmark: hide the CPV code of real notices and predict it from their text.

Examples: the DECP records (awarded contracts: `objet` and `codeCPV`), plus the BOAMP contract notices and the
French TED notices (title and short description) of the procurement test data. Duplicate texts are kept once;
codes outside CPV 2008 (the DECP has a few CPV 2003 codes and placeholders) are left out.

Learning is done on a fixed split in which no buyer appears on both sides: a buyer (its SIREN, else its name)
is held out when the SHA-256 of that key is 0 modulo 5, about a fifth of the buyers. The suggester learns its
`NoticeTermTable` from the other buyers' notices only; BOAMP and TED notices are only ever evaluated, and a
held-out text that also occurs among the learnt ones is dropped. A code counts as found at a level when its
division (or group) is among the first five divisions (or groups) the suggester ranks. The baseline, in the
same run, is the plain nearest CPV label: TF-IDF cosine over accent-folded unstemmed words, whose ranked codes
give the divisions and groups in order of first appearance.

Usage: .venv/bin/python bench/cpv_eval.py [--write-table PATH | --cross-validate]
`--write-table` learns from every example instead and writes the table the product ships
(data/cpv_notice_terms.json, read by `profile_selectors`). `--cross-validate` evaluates on the learning side
only, in four folds split by buyer (SHA-256 of the buyer key and "|cv", modulo 4): the figure the
suggester's weights are chosen on, so that the held-out side is never tuned on. The last line printed is one
JSON object.
"""

import argparse
import glob
import hashlib
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from coursive.core.text import STOP_WORDS, TfidfIndex, fold  # noqa: E402
from coursive.procurement import cpv  # noqa: E402
from coursive.procurement.cpv import CpvNomenclature, Level  # noqa: E402
from coursive.procurement.cpv_suggest import CpvSuggester, NoticeTermTable  # noqa: E402

# The repository's copy is what users have; the shared copy is the fallback while it is being added.
DATA_DIRS = [BASE_DIR / "data" / "procurement", Path("/work/shared/data/procurement")]
CPV_FILES = [
    BASE_DIR / "data" / "cpv_2008_fr_en.csv",
    BASE_DIR / "data" / "procurement" / "nomenclatures" / "cpv_2008_fr_en.csv",
    Path("/work/shared/data/procurement/nomenclatures/cpv_2008_fr_en.csv"),
]
GOAL_TOP5_DIVISION = 0.90
_PLAIN_WORD = re.compile(r"[a-z0-9]+")
_MARKUP = re.compile(r"<[^>]+>")


def main() -> None:
    options = _arguments()
    data_dir = next(path for path in DATA_DIRS if (path / "decp").is_dir())
    cpv_file = next(path for path in CPV_FILES if path.is_file())
    nomenclature = CpvNomenclature.from_csv(cpv_file)
    examples = _known_only(_decp_examples(data_dir) + _notice_examples(data_dir), nomenclature)
    print(f"data: {data_dir}, nomenclature: {cpv_file} ({len(nomenclature)} codes), {len(examples)} examples")
    if options.write_table:
        table = NoticeTermTable.learn(((text, code) for text, code, _, _ in examples), nomenclature)
        table.save(options.write_table, source=_table_source(data_dir, len(examples)))
        print(f"wrote {options.write_table}: {len(table.notices)} codes learnt from {len(examples)} notices")
        return
    train, test = _split(examples)
    if options.cross_validate:
        print(json.dumps(_cross_validate(train, nomenclature)))
        return
    print(f"buyer-disjoint split: learn from {len(train)}, evaluate on {len(test)}")
    started = time.perf_counter()
    table = NoticeTermTable.learn(((text, code) for text, code, _, _ in train), nomenclature)
    ours = _evaluate(_suggester_ranker(CpvSuggester(nomenclature, table)), test)
    seconds = time.perf_counter() - started
    labels = _evaluate(_suggester_ranker(CpvSuggester(nomenclature)), test)
    baseline = _evaluate(_baseline_ranker(nomenclature), test)
    for name, scores in (("suggester", ours), ("labels only", labels), ("TF-IDF baseline", baseline)):
        print(f"{name:>16}: " + ", ".join(f"{key} {value:.3f}" for key, value in scores.items()))
    met = ours["top5_division"] >= GOAL_TOP5_DIVISION and baseline["top5_division"] < ours["top5_division"]
    print(
        f"goal: top5_division >= {GOAL_TOP5_DIVISION} and above the baseline: {'met' if met else 'NOT met'}"
    )
    result = {"examples_learnt": len(train), "examples_evaluated": len(test), **ours}
    result |= {f"labels_only_{key}": value for key, value in labels.items()}
    result |= {f"baseline_{key}": value for key, value in baseline.items()}
    result["seconds"] = round(seconds, 2)
    print(json.dumps(result))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--write-table", metavar="PATH", help="learn from every example and write the table")
    choice.add_argument("--cross-validate", action="store_true", help="4 folds by buyer, learning side only")
    return parser.parse_args()


def _decp_examples(data_dir: Path) -> list[tuple[str, str, str, str]]:
    """(text, raw code, buyer key, source) for every DECP record with an object and a code."""
    examples = []
    for path in sorted(glob.glob(str(data_dir / "decp" / "*.json"))):
        with open(path, encoding="utf-8") as handle:
            records = json.load(handle)["marches"]
        for record in records:
            buyer = record.get("acheteur") or {}
            text = _MARKUP.sub(" ", record.get("objet") or "").strip()
            key = (buyer.get("id") or "")[:9] or fold(buyer.get("nom") or "")
            if text and record.get("codeCPV"):
                examples.append((text, str(record["codeCPV"]), key, "decp"))
    return examples


def _notice_examples(data_dir: Path) -> list[tuple[str, str, str, str]]:
    """BOAMP contract notices (title and full object) and French TED notices (title and short description)."""
    examples = []
    for path in sorted(glob.glob(str(data_dir / "boamp_xml" / "test-pub*.xml"))):
        root = ET.parse(path).getroot()
        parts = [_text(root.find(".//OBJET/TITRE_MARCHE")), _text(root.find(".//OBJET/OBJET_COMPLET"))]
        code = _text(root.find(".//OBJET/CPV/PRINCIPAL"))
        examples.append(
            (" ".join(parts).strip(), code, "boamp:" + _text(root.find(".//IDENTITE/DENOMINATION")), "boamp")
        )
    for path in sorted(glob.glob(str(data_dir / "ted_xml" / "*.xml"))):
        form = next(
            (
                e
                for e in ET.parse(path).getroot().iter()
                if e.get("LG") == "FR" and e.get("CATEGORY") == "ORIGINAL"
            ),
            None,
        )
        if form is not None:
            fields = {
                _local(e.tag): e for e in form.iter() if _local(e.tag) in ("TITLE", "SHORT_DESCR", "CPV_CODE")
            }
            if "CPV_CODE" in fields:
                text = f"{_text(fields.get('TITLE'))} {_text(fields.get('SHORT_DESCR'))}".strip()
                examples.append((text, fields["CPV_CODE"].get("CODE", ""), "ted:" + Path(path).name, "ted"))
    return [example for example in examples if example[0] and example[1]]


def _text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _known_only(examples: list, nomenclature: CpvNomenclature) -> list[tuple[str, str, str, str]]:
    """Examples with a CPV 2008 code, normalised, each text and code kept once."""
    kept: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    for text, raw_code, buyer, source in examples:
        try:
            code = cpv.normalise(raw_code)
        except cpv.InvalidCpvCode:
            continue
        if nomenclature.is_known(code):
            kept.setdefault((fold(text), code), (text, code, buyer, source))
    return list(kept.values())


def _is_held_out(buyer: str) -> bool:
    return int(hashlib.sha256(buyer.encode("utf-8")).hexdigest(), 16) % 5 == 0


def _split(examples: list) -> tuple[list, list]:
    train = [example for example in examples if example[3] == "decp" and not _is_held_out(example[2])]
    learnt_texts = {fold(text) for text, *_ in train}
    test = [
        example
        for example in examples
        if (example[3] != "decp" or _is_held_out(example[2])) and fold(example[0]) not in learnt_texts
    ]
    return train, test


def _cross_validate(train: list, nomenclature: CpvNomenclature) -> dict[str, float]:
    """Hit rates over four buyer-disjoint folds of the learning side, weighted by fold size."""
    totals: dict[str, float] = {}
    evaluated = 0
    for fold_number in range(4):
        learn = [example for example in train if _cv_fold(example[2]) != fold_number]
        learnt_texts = {fold(text) for text, *_ in learn}
        check = [
            example
            for example in train
            if _cv_fold(example[2]) == fold_number and fold(example[0]) not in learnt_texts
        ]
        table = NoticeTermTable.learn(((text, code) for text, code, _, _ in learn), nomenclature)
        for key, value in _evaluate(_suggester_ranker(CpvSuggester(nomenclature, table)), check).items():
            totals[key] = totals.get(key, 0.0) + value * len(check)
        evaluated += len(check)
    return {"cv_examples": evaluated} | {
        f"cv_{key}": round(value / evaluated, 3) for key, value in totals.items()
    }


def _cv_fold(buyer: str) -> int:
    return int(hashlib.sha256(f"{buyer}|cv".encode()).hexdigest(), 16) % 4


def _suggester_ranker(suggester: CpvSuggester):
    def rank(text: str) -> tuple[list[str], list[str]]:
        divisions = [code[:2] for code, _ in suggester.rank(text, Level.DIVISION)[:5]]
        groups = [code[:3] for code, _ in suggester.rank(text, Level.GROUP)[:5]]
        return divisions, groups

    return rank


def _plain_words(text: str) -> list[str]:
    return [word for word in _PLAIN_WORD.findall(fold(text)) if word not in STOP_WORDS]


def _baseline_ranker(nomenclature: CpvNomenclature):
    index = TfidfIndex({entry.code: _plain_words(entry.label_fr) for entry in nomenclature})

    def rank(text: str) -> tuple[list[str], list[str]]:
        ranked = sorted(index.scores(_plain_words(text)).items(), key=lambda item: (-item[1], item[0]))
        codes = [code for code, _ in ranked]
        return _first_distinct(codes, 2), _first_distinct(codes, 3)

    return rank


def _first_distinct(codes: list[str], digits: int) -> list[str]:
    prefixes = list(dict.fromkeys(code[:digits] for code in codes if cpv.depth(code) >= digits - 1))
    return prefixes[:5]


def _evaluate(rank, examples: list) -> dict[str, float]:
    """Hit rates; the group rate is over the codes that have a group (not a bare division like 45000000)."""
    top1_division = top5_division = top5_group = with_group = 0
    for text, code, *_ in examples:
        divisions, groups = rank(text)
        top1_division += divisions[:1] == [code[:2]]
        top5_division += code[:2] in divisions
        if cpv.level(code) >= Level.GROUP:
            with_group += 1
            top5_group += code[:3] in groups
    return {
        "top1_division": round(top1_division / max(len(examples), 1), 3),
        "top5_division": round(top5_division / max(len(examples), 1), 3),
        "top5_group": round(top5_group / max(with_group, 1), 3),
    }


def _table_source(data_dir: Path, count: int) -> str:
    return (
        f"Learnt by bench/cpv_eval.py --write-table from {count} notices with CPV 2008 codes "
        f"(DECP objet and codeCPV, BOAMP and TED titles) in {data_dir.relative_to(BASE_DIR) if data_dir.is_relative_to(BASE_DIR) else data_dir}"
    )


if __name__ == "__main__":
    main()
