"""The learned check-worthiness scorer: the shipped model file, its loader, the arithmetic of a
score, and the rule-based fallback when the file is missing or damaged (issue 17)."""

from __future__ import annotations

import logging
import math
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import select

from claim_workbench.claims import check_worthiness, extract_claims, scoring
from claim_workbench.claims.scoring import (
    MODEL_ENV,
    MODEL_PATH,
    WEIGHTS,
    ModelFileError,
    default_model,
    load_model,
    reset_default_model,
    save_model,
    score_features,
    sentence_features,
    terms,
)
from claim_workbench.cli import sample_path
from claim_workbench.store.engine import make_engine, session_for
from claim_workbench.store.models import Claim

ROOT = Path(__file__).resolve().parents[2]
FALLBACK_LINE = "check-worthiness model not used, scoring by rules instead: "
FACTUAL = "Unemployment fell to 4.1 percent in March, down from 5.3 percent a year earlier."
CHAT = "Well, I think we should all just relax a little, right?"


@pytest.fixture(autouse=True)
def fresh_model() -> Iterator[None]:
    """Each test reads the model anew, and leaves the shipped one for the tests after it."""
    reset_default_model()
    yield
    reset_default_model()


def rules(sentence: str) -> float:
    return score_features(sentence_features(sentence))


# --- terms -----------------------------------------------------------------------------------


def test_terms_are_lowercase_words_then_adjacent_pairs_with_numbers_as_classes() -> None:
    assert terms("Taxes rose 4.5% in 2019, to $3,000.") == [
        "taxes",
        "rose",
        "<num>",
        "%",
        "in",
        "<year>",
        "to",
        "$",
        "<num>",
        "taxes rose",
        "rose <num>",
        "<num> %",
        "% in",
        "in <year>",
        "<year> to",
        "to $",
        "$ <num>",
    ]
    assert terms("We’re here") == ["we're", "here", "we're here"]
    assert terms("") == []


# --- the shipped model -----------------------------------------------------------------------


def test_shipped_model_is_a_small_file_with_words_and_every_linguistic_feature() -> None:
    assert MODEL_PATH.stat().st_size < 3_000_000
    model = load_model(MODEL_PATH)
    assert len(model.vocabulary) > 5_000
    assert set(model.feature_weights) == set(WEIGHTS)
    assert "CheckThat! 2019" in model.info
    assert "percent" in model.vocabulary and "<num>" in model.vocabulary
    assert all(idf_squared > 0 for _, idf_squared in model.vocabulary.values())


def test_learned_scorer_ranks_checkable_statements_over_talk() -> None:
    checkable = [
        FACTUAL,
        "The state cut taxes and still finished the year with $2 billion in the bank.",
        "We lost 60,000 factories since 2001.",
    ]
    talk = [CHAT, "Thank you very much, everybody.", "What would you do about that, Senator?"]
    assert default_model() is not None
    lowest_checkable = min(check_worthiness(sentence) for sentence in checkable)
    highest_talk = max(check_worthiness(sentence) for sentence in talk)
    assert 0.0 <= highest_talk < lowest_checkable <= 1.0


def test_extracted_claims_carry_the_learned_score_not_the_rule_based_one() -> None:
    sentence = "The council approved a budget of $4.2 million on Tuesday."
    (claim,) = extract_claims(sentence)
    model = default_model()
    assert model is not None
    learned = model.score(sentence, sentence_features(sentence))
    assert claim.check_worthiness == pytest.approx(learned, abs=1e-4)
    assert claim.check_worthiness != pytest.approx(rules(sentence), abs=1e-3)


def test_the_model_is_not_read_when_the_workbench_is_imported() -> None:
    code = (
        "import claim_workbench.tui.app, claim_workbench.cli, claim_workbench.review.services\n"
        "from claim_workbench.claims import scoring\n"
        "assert scoring._model_state == {}, scoring._model_state\n"
        "scoring.check_worthiness('Taxes rose 4 percent.')\n"
        "assert scoring._model_state['model'] is not None\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr


# --- the arithmetic of a score ---------------------------------------------------------------


def test_score_is_the_logistic_of_bias_features_and_normalised_sublinear_tfidf(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tiny.npz"
    save_model(
        path,
        vocabulary=["tax", "tax cuts", "<num>", "never seen"],
        idf=[2.0, 3.0, 1.0, 5.0],
        term_weights=[1.0, 2.0, -1.0, 9.0],
        feature_weights={"digits": 0.5, "question": -2.0},
        bias=-1.0,
        info="tiny",
    )
    model = load_model(path)
    sentence = "Tax cuts, tax cuts and 5 more."
    features = sentence_features(sentence)
    # "tax" and "tax cuts" twice, "<num>" once; "cuts", "and", "more" are not in the model.
    tax, pair, number = (1 + math.log(2)) * 2.0, (1 + math.log(2)) * 3.0, 1.0
    words = (tax * 1.0 + pair * 2.0 + number * -1.0) / math.sqrt(tax**2 + pair**2 + number**2)
    logit = -1.0 + words + 0.5 * features["digits"] - 2.0 * features["question"]
    assert features["digits"] == 1.0
    assert model.logit(sentence, features) == pytest.approx(logit, rel=1e-6)
    assert model.score(sentence, features) == pytest.approx(1 / (1 + math.exp(-logit)), rel=1e-6)
    # A sentence with none of the model's terms is scored by its features and the bias alone.
    plain = "Nobody came."
    assert model.logit(plain, sentence_features(plain)) == pytest.approx(-1.0)


# --- missing or damaged model files ----------------------------------------------------------


def _arrays(**changes: np.ndarray | None) -> dict[str, np.ndarray]:
    with np.load(MODEL_PATH, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    for name, value in changes.items():
        if value is None:
            del arrays[name]
        else:
            arrays[name] = value
    return arrays


def _text(value: str) -> np.ndarray:
    return np.frombuffer(value.encode("utf-8"), dtype=np.uint8)


def _truncated(path: Path) -> None:
    path.write_bytes(MODEL_PATH.read_bytes()[: MODEL_PATH.stat().st_size // 2])


def _bit_flipped(path: Path) -> None:
    data = bytearray(MODEL_PATH.read_bytes())
    data[len(data) // 3] ^= 0x10
    path.write_bytes(bytes(data))


def _savez(**changes: np.ndarray | None) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("wb") as handle:
            np.savez_compressed(handle, **_arrays(**changes))

    return write


DAMAGE: dict[str, Callable[[Path], None]] = {
    "missing": lambda path: None,
    "empty": lambda path: path.write_bytes(b""),
    "not an archive": lambda path: path.write_text("weights: lots\n", encoding="utf-8"),
    "a folder": lambda path: path.mkdir(),
    "truncated": _truncated,
    "a flipped bit": _bit_flipped,
    "a zip of something else": lambda path: zipfile.ZipFile(path, "w").writestr("a.txt", "hi"),
    "weights missing": _savez(term_weights=None),
    "weights not finite": _savez(
        term_weights=np.full(_arrays()["idf"].shape, np.nan, dtype=np.float32)
    ),
    "too few weights": _savez(term_weights=np.zeros(3, dtype=np.float32)),
    "a newer format": _savez(format=np.array(2)),
    "an unknown feature": _savez(
        feature_names=_text("\n".join([*WEIGHTS][:-1] + ["sentiment"])),
    ),
    "terms not text": _savez(terms=np.zeros(4, dtype=np.float64)),
    "terms not UTF-8": _savez(terms=np.array([0xFF, 0xFE], dtype=np.uint8)),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_missing_or_damaged_model_file_is_refused_with_one_line(
    tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "model.npz"
    DAMAGE[damage](path)
    with pytest.raises(ModelFileError) as refused:
        load_model(path)
    message = str(refused.value)
    assert str(path) in message
    assert "\n" not in message


@pytest.mark.parametrize("damage", ["missing", "truncated", "weights not finite"])
def test_without_a_usable_model_the_scorer_warns_once_and_scores_by_rules(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    damage: str,
) -> None:
    path = tmp_path / "model.npz"
    DAMAGE[damage](path)
    monkeypatch.setenv(MODEL_ENV, str(path))
    with caplog.at_level(logging.WARNING, logger=scoring.__name__):
        assert check_worthiness(FACTUAL) == pytest.approx(rules(FACTUAL))
        assert check_worthiness(CHAT) == pytest.approx(rules(CHAT))
        claims = extract_claims(f"{FACTUAL} The council approved a budget of $4.2 million.")
    for claim in claims:
        assert claim.check_worthiness == pytest.approx(rules(claim.text), abs=1e-4)
    (record,) = caplog.records
    line = record.getMessage()
    assert line.startswith(FALLBACK_LINE) and str(path) in line and "\n" not in line
    assert default_model() is None


def test_the_env_variable_chooses_another_good_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "other.npz"
    save_model(
        path,
        vocabulary=["percent"],
        idf=[1.0],
        term_weights=[3.0],
        feature_weights={},
        bias=-1.0,
    )
    monkeypatch.setenv(MODEL_ENV, str(path))
    with caplog.at_level(logging.WARNING, logger=scoring.__name__):
        assert check_worthiness(FACTUAL) == pytest.approx(1 / (1 + math.exp(-2.0)))
        assert check_worthiness(CHAT) == pytest.approx(1 / (1 + math.exp(1.0)))
    assert not caplog.records


def _import_sample(tmp_path: Path, model: Path | None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != MODEL_ENV}
    if model is not None:
        env[MODEL_ENV] = str(model)
    url = f"sqlite:///{tmp_path / 'import.db'}"
    return subprocess.run(
        [sys.executable, "-m", "claim_workbench.cli", "--db", url, "import", str(sample_path())],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def _stored_scores(tmp_path: Path) -> dict[str, float]:
    engine = make_engine(f"sqlite:///{tmp_path / 'import.db'}")
    try:
        with session_for(engine) as session:
            return {claim.text: claim.check_worthiness for claim in session.exec(select(Claim))}
    finally:
        engine.dispose()


def test_workbench_import_stores_the_learned_scores(tmp_path: Path) -> None:
    done = _import_sample(tmp_path, None)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    stored = _stored_scores(tmp_path)
    assert len(stored) >= 10
    model = load_model(MODEL_PATH)
    for text, score in stored.items():
        assert score == pytest.approx(model.score(text, sentence_features(text)), abs=1e-4)


def test_workbench_import_with_a_damaged_model_says_so_once_and_stores_rule_scores(
    tmp_path: Path,
) -> None:
    damaged = tmp_path / "damaged.npz"
    _truncated(damaged)
    done = _import_sample(tmp_path, damaged)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("imported article 1")
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{FALLBACK_LINE}{damaged} is damaged")
    assert "Traceback" not in done.stderr
    stored = _stored_scores(tmp_path)
    assert len(stored) >= 10
    for text, score in stored.items():
        assert score == pytest.approx(rules(text), abs=1e-4)
