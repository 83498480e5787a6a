"""Claim-extraction output identity: every field of every claim against a saved snapshot.

Usage:
    python bench/extract_identity.py --save SNAPSHOT.json   # from the code as it is now
    python bench/extract_identity.py SNAPSHOT.json          # compare; exit 1 on any difference

Speed work on extraction must not change what it finds. Take a snapshot before optimising,
keep it outside the repository (``/tmp``), and compare after each change. The texts are:

* the benchmark article of ``bench/extract.py`` (``build_article``, 1 MB by default);
* every article-like fixture in ``tests/fixtures`` (plain text through ``parse_article``;
  HTML, XHTML and PDF through ``acquisition.documents.extract_document`` first) and the sample
  article in ``workbench/samples``;
* the quantities of the whole bench article (``extract_quantities`` is shared with source
  matching, which reads them outside claims too);
* when ``--datasets`` exists (default ``../shared/datasets`` from the repository root): each
  CheckThat! 2019 debate as one text, and the climate-fever evidence sentences as one text,
  with the quantities of each whole text; each of their sentences is also scored alone by
  ``check_worthiness`` and labelled by ``claim_label`` without kinds, the public entry points
  extraction shares.

Each claim is recorded with text, offsets, kinds, label, check-worthiness (``repr`` of the
float, so the comparison is exact), quantities (every field), quote and speaker. The bench
article is also extracted with the rule-based scorer (model file missing), the fallback path.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from extract import build_article  # noqa: E402

from claim_workbench.acquisition.documents import extract_document  # noqa: E402
from claim_workbench.claims import (  # noqa: E402
    check_worthiness,
    extract_claims,
    parse_article,
    scoring,
)
from claim_workbench.claims.labels import claim_label  # noqa: E402
from claim_workbench.text.quantities import extract_quantities  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = ROOT / "src" / "claim_workbench" / "samples"
_MEDIA_TYPES = {".html": "text/html", ".xhtml": "application/xhtml+xml", ".pdf": "application/pdf"}


def _quantity(quantity: object) -> dict[str, object]:
    return {
        "value": repr(quantity.value),
        "unit": quantity.unit,
        "qualifier": quantity.qualifier,
        "text": quantity.text,
        "start": quantity.start,
        "end": quantity.end,
        "is_vague": quantity.is_vague,
    }


def _claims(text: str) -> list[dict[str, object]]:
    records = []
    for claim in extract_claims(text):
        assert text[claim.start : claim.end] == claim.text
        records.append(
            {
                "text": claim.text,
                "start": claim.start,
                "end": claim.end,
                "kinds": list(claim.kinds),
                "label": claim.label,
                "score": repr(claim.check_worthiness),
                "quantities": [_quantity(quantity) for quantity in claim.quantities],
                "quote": claim.quote,
                "speaker": claim.speaker,
            }
        )
    return records


def _fixture_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix == ".txt":
            texts[path.name] = parse_article(path.read_text(encoding="utf-8")).text
        elif path.suffix in _MEDIA_TYPES:
            try:
                extracted = extract_document(path.read_bytes(), _MEDIA_TYPES[path.suffix])
            except Exception as error:  # noqa: BLE001 - an empty page is a fixture too
                texts[path.name] = f"<{type(error).__name__}>"
                continue
            texts[path.name] = parse_article(extracted.text).text
    for path in sorted(SAMPLES.glob("*.txt")):
        texts[f"samples/{path.name}"] = parse_article(path.read_text(encoding="utf-8")).text
    return texts


def _dataset_texts(datasets: Path) -> dict[str, list[str]]:
    """Sentence lists: each CheckThat! 2019 debate, and the climate-fever evidence."""
    found: dict[str, list[str]] = {}
    debates = datasets / "checkthat2019-task1" / "training"
    if debates.is_dir():
        for path in sorted(debates.glob("*.tsv")):
            lines = path.read_text(encoding="utf-8").splitlines()
            found[f"checkthat/{path.name}"] = [
                line.split("\t")[2] for line in lines if line.count("\t") >= 3
            ]
    fever = datasets / "climate-fever" / "climate-fever-dev.jsonl"
    if fever.is_file():
        sentences = []
        for line in fever.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            sentences.append(item["claim"])
            sentences.extend(evidence["evidence"] for evidence in item["evidences"])
        found["climate-fever"] = sentences
    return found


def snapshot(megabytes: float, datasets: Path) -> dict[str, object]:
    result: dict[str, object] = {}
    bench_text = build_article(int(megabytes * 1_000_000))
    result["bench"] = _claims(bench_text)
    result["bench/quantities"] = [_quantity(q) for q in extract_quantities(bench_text)]
    for name, text in _fixture_texts().items():
        result[f"fixture/{name}"] = _claims(text) if not text.startswith("<") else text
    for name, sentences in _dataset_texts(datasets).items():
        text = "\n\n".join(sentences)
        result[name] = _claims(text)
        result[f"{name}/quantities"] = [_quantity(q) for q in extract_quantities(text)]
        result[f"{name}/sentences"] = [
            [repr(check_worthiness(sentence)), claim_label(sentence, extract_quantities(sentence))]
            for sentence in sentences
        ]
    previous = os.environ.get(scoring.MODEL_ENV)
    os.environ[scoring.MODEL_ENV] = str(ROOT / "no-such-model.npz")
    scoring.reset_default_model()
    try:
        result["bench/rule-based"] = _claims(build_article(int(min(megabytes, 0.3) * 1_000_000)))
    finally:
        if previous is None:
            del os.environ[scoring.MODEL_ENV]
        else:
            os.environ[scoring.MODEL_ENV] = previous
        scoring.reset_default_model()
    return result


def _first_difference(saved: object, now: object, where: str) -> str | None:
    if type(saved) is not type(now):
        return f"{where}: {saved!r} != {now!r}"
    if isinstance(saved, dict):
        for key in saved.keys() | now.keys():
            if key not in saved or key not in now:
                return f"{where}.{key}: present in only one"
            found = _first_difference(saved[key], now[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(saved, list):
        for index, (left, right) in enumerate(zip(saved, now, strict=False)):
            found = _first_difference(left, right, f"{where}[{index}]")
            if found:
                return found
        if len(saved) != len(now):
            return f"{where}: {len(saved)} items saved, {len(now)} now"
        return None
    return None if saved == now else f"{where}: {saved!r} != {now!r}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--save", action="store_true", help="write the snapshot instead")
    parser.add_argument("--megabytes", type=float, default=1.0, help="bench article size")
    parser.add_argument("--datasets", type=Path, default=ROOT / ".." / "shared" / "datasets")
    arguments = parser.parse_args(argv)
    now = snapshot(arguments.megabytes, arguments.datasets)
    counts = {name: len(items) for name, items in now.items() if isinstance(items, list)}
    if arguments.save:
        arguments.snapshot.write_text(json.dumps(now, ensure_ascii=False), encoding="utf-8")
        print(f"saved {sum(counts.values())} records from {len(counts)} texts")
        return 0
    saved = json.loads(arguments.snapshot.read_text(encoding="utf-8"))
    difference = _first_difference(saved, json.loads(json.dumps(now)), "snapshot")
    if difference is not None:
        print(f"DIFFERENT {difference}")
        return 1
    print(f"identical: {sum(counts.values())} records from {len(counts)} texts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
