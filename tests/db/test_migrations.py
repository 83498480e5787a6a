"""Schema migrations: they build the models' schema, upgrade old databases, keep the data."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from claim_workbench.store.engine import (
    BASELINE_REVISION,
    HEAD_REVISION,
    DatabaseUnavailable,
    SchemaError,
    alembic_config,
    current_revision,
    make_engine,
    session_for,
)
from claim_workbench.store.search import include_in_schema_comparison
from claim_workbench.store.storage import get_claim, history, list_claims

REPO = Path(__file__).resolve().parents[2]


def schema_differences(engine: Engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": include_in_schema_comparison}
        )
        return compare_metadata(context, SQLModel.metadata)


def migrate_plain(url: str, revision: str) -> None:
    """Bring a database to ``revision`` the way an older workbench would have left it."""
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)
    engine.dispose()


def seed_at_baseline(url: str) -> None:
    """Rows written with plain SQL against the baseline columns (no ORM of a later model)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO article (id, title, text, text_sha256, imported_at) "
                "VALUES (1, 'Old article', 'Twelve boats were struck.', :sha, :at)"
            ),
            {"sha": "a" * 64, "at": "2026-01-02 03:04:05+00:00"},
        )
        connection.execute(
            text(
                'INSERT INTO claim (id, article_id, position, text, start, "end", label, kinds, '
                "check_worthiness, status, note, reviewer, updated_at, version) "
                "VALUES (1, 1, 0, 'Twelve boats were struck.', 0, 25, '12 boats', :kinds, 0.9, "
                "'verified', 'matches the ministry list', 'ana', :at, 2)"
            ),
            {"kinds": json.dumps(["quantity"]), "at": "2026-01-02 03:05:00+00:00"},
        )
        connection.execute(
            text(
                "INSERT INTO reviewevent (claim_id, action, from_value, to_value, reviewer, at) "
                "VALUES (1, 'status', 'unreviewed', 'verified', 'ana', :at)"
            ),
            {"at": "2026-01-02 03:05:00+00:00"},
        )
    engine.dispose()


def assert_seeded_rows_survived(engine: Engine) -> None:
    with session_for(engine) as session:
        claim = get_claim(session=session, claim_id=1)
        assert (claim.status, claim.reviewer, claim.version) == ("verified", "ana", 2)
        assert claim.kinds == ["quantity"]
        assert claim.note == "matches the ministry list"
        assert [c.id for c in list_claims(session=session, article_id=1)] == [1]
        events = history(session=session, claim_id=1)
        assert [(e.from_value, e.to_value, e.reviewer) for e in events] == [
            ("unreviewed", "verified", "ana")
        ]


def claim_indexes(engine: Engine) -> set[str]:
    return {index["name"] for index in inspect(engine).get_indexes("claim")}


def test_head_revision_constant_is_the_newest_migration() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    assert scripts.get_heads() == [HEAD_REVISION]
    assert scripts.get_base() == BASELINE_REVISION


def test_fresh_database_is_built_by_the_migrations_and_matches_the_models(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    with engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
    assert schema_differences(engine) == []
    assert "ix_claim_article_id_position" in claim_indexes(engine)
    engine.dispose()


def test_every_migration_downgrades_and_upgrades_again(any_db_url: str) -> None:
    engine = make_engine(any_db_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    assert schema_differences(engine) == []
    engine.dispose()


def test_sqlite_database_at_first_revision_is_upgraded_with_backup(
    sqlite_url: str, sqlite_path: Path
) -> None:
    migrate_plain(sqlite_url, BASELINE_REVISION)
    seed_at_baseline(sqlite_url)

    engine = make_engine(sqlite_url)

    with engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
    assert "ix_claim_article_id_position" in claim_indexes(engine)
    assert schema_differences(engine) == []
    assert_seeded_rows_survived(engine)
    backups = sorted(sqlite_path.parent.glob(f"{sqlite_path.name}.bak-{BASELINE_REVISION}-*"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (BASELINE_REVISION,)
        ]
        assert old.execute("SELECT status FROM claim WHERE id = 1").fetchall() == [("verified",)]
    engine.dispose()


def test_up_to_date_sqlite_database_is_not_backed_up_again(
    sqlite_url: str, sqlite_path: Path
) -> None:
    make_engine(sqlite_url).dispose()
    make_engine(sqlite_url).dispose()
    assert list(sqlite_path.parent.glob("*.bak-*")) == []


def test_postgresql_database_at_first_revision_is_upgraded_in_place(
    fresh_postgresql_url: str,
) -> None:
    migrate_plain(fresh_postgresql_url, BASELINE_REVISION)
    seed_at_baseline(fresh_postgresql_url)

    engine = make_engine(fresh_postgresql_url)

    with engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
    assert "ix_claim_article_id_position" in claim_indexes(engine)
    assert schema_differences(engine) == []
    assert_seeded_rows_survived(engine)
    engine.dispose()


def test_database_made_before_migrations_is_adopted(sqlite_url: str, sqlite_path: Path) -> None:
    # The first workbench made its tables with create_all and kept no revision table.
    migrate_plain(sqlite_url, BASELINE_REVISION)
    seed_at_baseline(sqlite_url)
    with sqlite3.connect(sqlite_path) as raw:
        raw.execute("DROP TABLE alembic_version")

    engine = make_engine(sqlite_url)

    with engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
    assert schema_differences(engine) == []
    assert_seeded_rows_survived(engine)
    assert len(list(sqlite_path.parent.glob(f"{sqlite_path.name}.bak-legacy-*"))) == 1
    engine.dispose()


def test_pre_migration_database_missing_columns_is_refused_untouched(
    sqlite_url: str, sqlite_path: Path
) -> None:
    with sqlite3.connect(sqlite_path) as raw:
        raw.execute("CREATE TABLE claim (id INTEGER PRIMARY KEY, text VARCHAR)")

    with pytest.raises(
        SchemaError,
        match=r"predates schema migrations and lacks tables article.* columns .*claim\.label",
    ):
        make_engine(sqlite_url)

    with sqlite3.connect(sqlite_path) as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert tables == {"claim"}


def test_database_from_a_newer_workbench_is_refused(any_db_url: str) -> None:
    make_engine(any_db_url).dispose()
    engine = create_engine(any_db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()

    with pytest.raises(SchemaError, match="revision 9999.*upgrade the workbench"):
        make_engine(any_db_url)


def test_unreachable_server_is_one_clear_error_without_the_password() -> None:
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    url = "postgresql+psycopg://ana:s3cret-pw@127.0.0.1:1/newsroom"
    with pytest.raises(DatabaseUnavailable) as caught:
        make_engine(url)
    message = str(caught.value)
    assert message.startswith("cannot open postgresql+psycopg://ana:***@127.0.0.1:1/newsroom")
    assert "s3cret-pw" not in message
    assert "\n" not in message


def test_start_on_an_up_to_date_database_does_not_load_alembic(sqlite_url: str) -> None:
    # Every command opens the database: when the schema is current that must stay one
    # small query, without importing Alembic and its script files.
    make_engine(sqlite_url).dispose()
    probe = (
        "import sys\n"
        "from claim_workbench.store.engine import make_engine\n"
        f"make_engine({sqlite_url!r})\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_upgrade_message_names_the_backup(
    sqlite_url: str, sqlite_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    migrate_plain(sqlite_url, BASELINE_REVISION)
    with caplog.at_level("WARNING", logger="claim_workbench.store.engine"):
        make_engine(sqlite_url).dispose()
    assert f"upgraded from {BASELINE_REVISION} to {HEAD_REVISION}" in caplog.text
    assert f"{sqlite_path.name}.bak-{BASELINE_REVISION}-" in caplog.text


def test_file_that_is_not_a_database_is_one_clear_error(sqlite_url: str, sqlite_path: Path) -> None:
    sqlite_path.write_text("these are my notes, not a database\n" * 200)
    with pytest.raises(
        DatabaseUnavailable, match=r"^cannot open sqlite:///.*: file is not a database"
    ):
        make_engine(sqlite_url)
    assert sqlite_path.read_text().startswith("these are my notes")
