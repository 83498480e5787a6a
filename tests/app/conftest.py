"""Fixtures the Pilot tests of tests/app share: a SQLite file with the sample article."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.app_data import sample_database


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path}/t.db"
    # Anything that falls back to the environment still lands in the temporary folder.
    monkeypatch.setenv("WORKBENCH_DB", url)
    monkeypatch.setenv("WORKBENCH_REVIEWER", "ana")
    return url


@pytest.fixture
def article_id(db_url: str) -> int:
    return sample_database(db_url)
