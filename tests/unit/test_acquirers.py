"""How a typed reference is acquired: the registry of source kinds (acquisition.providers)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from claim_workbench.acquisition import providers
from claim_workbench.acquisition.errors import SourceError
from claim_workbench.acquisition.fetch import FetchedDocument, from_text
from claim_workbench.acquisition.providers.acquirer import Acquirer
from claim_workbench.acquisition.providers.base import Candidate
from claim_workbench.review import find, services


class Archive(Acquirer):
    """A new kind of source, as a newsroom would add one: one class, one line in ACQUIRERS."""

    name = "archive"

    @classmethod
    def recognises(cls, reference: str) -> bool:
        return reference.startswith("archive:")

    async def acquire(self, reference, *, title=None, origin_note=None) -> FetchedDocument:
        return from_text(f"Archived text of {reference}.", title=reference)


@pytest.fixture
def with_archive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(providers, "ACQUIRERS", (Archive, *providers.ACQUIRERS))


def test_each_reference_goes_to_its_kind() -> None:
    assert providers.acquirer_for("https://example.org/a").name == "web"
    assert providers.acquirer_for("www.example.org").name == "web"
    assert providers.acquirer_for("javascript:alert(1)").name == "web"  # refused as a URL
    assert providers.acquirer_for("notes/report.pdf").name == "file"
    assert providers.acquirer_for("-").name == "file"  # standard input only where asked
    assert providers.acquirer_for("-", stdin=True).name == "stdin"
    assert providers.needs_network("https://example.org/a")
    assert not providers.needs_network("notes/report.pdf")


@pytest.mark.usefixtures("with_archive")
def test_a_new_kind_is_split_out_and_acquired_in_order(tmp_path: Path) -> None:
    notes = tmp_path / "my notes.txt"
    notes.write_text("The council voted 7 to 2.", encoding="utf-8")
    typed = f"archive:item-1 {notes} archive:item-2"
    assert services.split_targets(typed) == ["archive:item-1", str(notes), "archive:item-2"]
    outcomes = asyncio.run(services.fetch_sources([*services.split_targets(typed), "missing.txt"]))
    first, second, third, missing = outcomes
    assert isinstance(first, FetchedDocument) and first.text == "Archived text of archive:item-1."
    assert isinstance(second, FetchedDocument) and second.text == "The council voted 7 to 2."
    assert isinstance(third, FetchedDocument) and third.title == "archive:item-2"
    assert isinstance(missing, SourceError) and str(missing) == "file not found: missing.txt"
    assert asyncio.run(services.fetch_source("archive:x")).text == "Archived text of archive:x."


def test_nothing_typed_is_one_line() -> None:
    with pytest.raises(SourceError, match="nothing to fetch: give a URL or a file path"):
        asyncio.run(services.fetch_source("  "))


def test_a_search_result_is_never_read_as_a_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("private", encoding="utf-8")
    candidate = Candidate(provider="searxng", title="x", url=str(secret), snippet="")
    with pytest.raises(SourceError, match="no http:// or https:// scheme"):
        asyncio.run(find.candidate_document(session=None, candidate=candidate))  # type: ignore[arg-type]
