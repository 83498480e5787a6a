"""Claims already reviewed are recognised when they come back in a new article."""

import json

import pytest
from typer.testing import CliRunner

from claim_workbench.cli import cli
from claim_workbench.memory.embeddings import (
    CachedEncoder,
    EmbeddingsUnavailableError,
    reset_default_encoder,
)
from claim_workbench.review import claim_search

FIRST = """ date 2026-01-10 Storm leaves thousands without power

At least 12,000 homes lost power after the storm hit the coast on Friday, the utility said.
The national weather service said it was the strongest storm to hit the region since 1998.
"""

SECOND = """ date 2026-01-12 Clean-up begins after coastal storm

Crews began clearing roads on Sunday. The storm left at least 12,000 homes without power on
the coast on Friday, according to the utility.
A local school will reopen on Wednesday, the district announced.
"""

SECOND_OTHER_NUMBER = """ date 2026-01-13 Utility revises outage figure

The storm left at least 30,000 homes without power on the coast on Friday, according to the
utility.
"""


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'memory.db'}"

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli, ["--db", url, "--reviewer", "ana", *args], input=input)

    return invoke


def _claims(run, article_id: int) -> list[dict]:
    return json.loads(run("claims", str(article_id), "--json").stdout)


def _power_claim(claims: list[dict]) -> dict:
    return next(c for c in claims if "homes" in c["text"])


def _review_first(run) -> dict:
    first_id = json.loads(run("import", "-", "--json", input=FIRST).stdout)["article_id"]
    power = _power_claim(_claims(run, first_id))
    marked = run("mark", str(power["id"]), "disputed", "--note", "utility says 9,800")
    assert marked.exit_code == 0, marked.output
    attached = run(
        "attach",
        str(power["id"]),
        "-",
        "--title",
        "Utility statement",
        input="The utility said 9,800 homes lost power on Friday after the storm.",
    )
    assert attached.exit_code == 0, attached.output
    return power


def test_restated_claim_is_recognised_on_import_and_adopted(run) -> None:
    earlier = _review_first(run)
    second_id = json.loads(run("import", "-", "--json", input=SECOND).stdout)["article_id"]
    claims = _claims(run, second_id)
    restated = _power_claim(claims)
    assert restated["seen_before"]["claim_id"] == earlier["id"]
    assert restated["seen_before"]["relation"] == "same"
    school = next(c for c in claims if "school" in c["text"])
    assert school["seen_before"] is None

    similar = json.loads(run("similar", str(restated["id"]), "--json").stdout)
    assert similar[0]["claim_id"] == earlier["id"] and similar[0]["status"] == "disputed"

    adopted = run("adopt", str(restated["id"]))
    assert adopted.exit_code == 0, adopted.output
    now = _power_claim(_claims(run, second_id))
    assert (now["status"], now["note"]) == ("disputed", "utility says 9,800")
    evidence = json.loads(run("evidence", str(restated["id"]), "--json").stdout)
    assert evidence and evidence[0]["source"]["title"] == "Utility statement"
    (event,) = json.loads(run("history", str(restated["id"]), "--json").stdout)
    assert event["action"] == "adopt" and f"claim {earlier['id']}" in event["note"]


def test_different_numbers_are_related_not_the_same(run) -> None:
    earlier = _review_first(run)
    other_id = json.loads(run("import", "-", "--json", input=SECOND_OTHER_NUMBER).stdout)[
        "article_id"
    ]
    restated = _power_claim(_claims(run, other_id))
    similar = json.loads(run("similar", str(restated["id"]), "--json").stdout)
    assert similar[0]["claim_id"] == earlier["id"]
    assert similar[0]["relation"] == "related"


def test_adopting_without_a_match_is_a_clear_error(run) -> None:
    first_id = json.loads(run("import", "-", "--json", input=FIRST).stdout)["article_id"]
    claim = _claims(run, first_id)[0]
    result = run("adopt", str(claim["id"]))
    assert result.exit_code == 1
    assert "has no earlier match" in result.stderr


class BrokenModel:
    """An installed embedding model whose files cannot be loaded (a failed one-time build)."""

    name = "broken-model"
    dimension = 8

    def encode(self, texts):  # type: ignore[no-untyped-def]
        raise EmbeddingsUnavailableError("could not prepare the model: file truncated")


def test_a_broken_embedding_model_falls_back_to_word_matching(
    run, tmp_path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    reset_default_encoder()  # the reason is logged once per process: forget earlier ones
    monkeypatch.setattr(claim_search, "memory_encoder", lambda: CachedEncoder(BrokenModel()))
    earlier = _review_first(run)
    imported = run("import", "-", "--json", input=SECOND)
    assert imported.exit_code == 0, imported.output
    restated = _power_claim(_claims(run, json.loads(imported.stdout)["article_id"]))
    assert restated["seen_before"]["claim_id"] == earlier["id"]
    assert "fall back to word matching: could not prepare the model" in caplog.text
    similar = run("similar", str(restated["id"]), "--json")
    assert similar.exit_code == 0, similar.output
    assert json.loads(similar.stdout)[0]["claim_id"] == earlier["id"]
