"""Opening the database: the default location, SQLite safety settings, and schema migrations."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

import platformdirs
from sqlalchemy import event, inspect
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    NoSuchModuleError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from claim_workbench.store import models  # noqa: F401  (registers the tables)
from claim_workbench.store.storage import StorageError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine.reflection import Inspector

APP_NAME = "claim-workbench"

# The newest migration in db/migrations/versions. Kept here so that a start-up against
# an up-to-date database costs one small query and never imports Alembic (~0.2 s);
# tests/test_migrations.py fails if it falls behind the migration scripts.
HEAD_REVISION = "0007"
# The first migration: the schema that databases created before migrations existed have.
BASELINE_REVISION = "0001"

# Any fixed 64-bit number: it names the lock that keeps two workbenches starting at once
# on one PostgreSQL database from running the same migration twice.
_PG_MIGRATION_LOCK = 7_415_019_322

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

log = logging.getLogger(__name__)


class SchemaError(StorageError):
    """The database cannot be brought to the schema this workbench needs."""


class DatabaseUnavailable(StorageError):
    """The database server or file cannot be reached."""


@dataclass(frozen=True, slots=True)
class SchemaUpgrade:
    """What upgrade_schema did to a database that was behind."""

    from_revision: str | None  # None: the database had no revision (empty, or pre-migration)
    to_revision: str
    backup: Path | None
    created: bool  # the database was empty: its tables were made just now


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME)) / "workbench.db"


def resolve_db_url(url: str | None = None) -> str:
    """The URL given, else WORKBENCH_DB, else the SQLite file in the user data folder."""
    if url:
        return url
    env = os.environ.get("WORKBENCH_DB")
    if env:
        return env
    return f"sqlite:///{default_db_path()}"


def sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for an in-memory database."""
    database = url.database or ""
    if database in ("", ":memory:") or url.query.get("mode") == "memory":
        return None
    if database.startswith("file:"):
        database = database.removeprefix("file:").split("?", 1)[0]
    return Path(database).expanduser()


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets a reader and a writer work at once; the busy timeout makes a second
    # process wait for the lock instead of failing; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    _use_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


WAL_ATTEMPTS, WAL_PAUSE = 50, 0.02


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL. That needs a moment alone with the file, and SQLite does not
    wait for it (the busy timeout does not apply): while another workbench creates or
    migrates the same new database it fails at once with "database is locked". WAL is kept
    in the file, so whichever process gets through sets it for all; try for about a second,
    then go on (the connection works either way). While another connection holds the file
    exclusively each attempt does wait, for the whole busy timeout: then one is enough."""
    deadline = time.monotonic() + WAL_ATTEMPTS * WAL_PAUSE
    for _ in range(WAL_ATTEMPTS):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            if time.monotonic() >= deadline:
                return
            time.sleep(WAL_PAUSE)


# --- database URLs shown to people -------------------------------------------------------
#
# Error messages name the database by its URL, and a team URL carries a password. Where
# SQLAlchemy can parse the URL it renders it with the password hidden; where it cannot (a
# typo), or parses it wrongly (an "@" in the password, which should be written %40), the
# password is found by pattern: everything after "user:" up to the LAST "@".

REDACTED = "***"
# scheme://user:password@rest, the scheme's slashes as typed ("postgresql:/" is a typo too).
_WITH_SCHEME = re.compile(
    r"^(?P<lead>[A-Za-z][\w+.-]*:/+[^:/]*:)(?P<password>.*)@(?P<rest>[^@]*)$", re.DOTALL
)
# user:password@rest with no scheme at all; the password cannot start with "/", or the
# scheme of "postgresql://ana@host" would pass for a user.
_NO_SCHEME = re.compile(r"^(?P<lead>[^:/@]*:)(?P<password>[^/].*)@(?P<rest>[^@]*)$", re.DOTALL)
# A password too short to search for in a message without blanking ordinary words.
_MIN_SCRUBBED = 4


def _password_match(raw: str) -> re.Match[str] | None:
    return _WITH_SCHEME.match(raw) or _NO_SCHEME.match(raw)


def _parse(raw: str) -> URL | None:
    try:
        return make_url(raw)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        return None


def _misparsed_password(url: URL) -> bool:
    """SQLAlchemy splits a password at its first "@": the rest lands in the host or path."""
    return url.password is not None and ("@" in (url.host or "") or "@" in (url.database or ""))


def redact_url(raw: str) -> str:
    """The database URL as it may be shown: any password replaced by ``***``.

    Works on URLs that do not parse too: ``postgresq://ana:pw@db/x`` -> ``postgresq://ana:***@db/x``.
    A URL with no password is returned as typed.
    """
    found = _password_match(raw)
    parsed = _parse(raw)
    if parsed is not None and parsed.password is not None and not _misparsed_password(parsed):
        return parsed.render_as_string(hide_password=True)
    if found is None:
        return raw
    return f"{found['lead']}{REDACTED}@{found['rest']}"


def url_secrets(raw: str | None) -> list[str]:
    """The ways the URL's password may appear in a message: as typed, decoded, as parsed."""
    if not raw:
        return []
    candidates: set[str] = set()
    parsed = _parse(raw)
    if parsed is not None and parsed.password is not None:
        password = str(parsed.password)
        candidates |= {password, quote(password, safe="")}
    found = _password_match(raw)
    if found is not None and (parsed is None or _misparsed_password(parsed)):
        candidates |= {found["password"], unquote(found["password"])}
    return sorted((c for c in candidates if len(c) >= _MIN_SCRUBBED), key=len, reverse=True)


def scrub_secrets(message: str, raw_url: str | None) -> str:
    """``message`` with the password of ``raw_url`` blanked wherever it occurs (a driver's
    error may quote what it was given)."""
    for secret in url_secrets(raw_url):
        message = message.replace(secret, REDACTED)
    return message


def _redacted(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def parse_db_url(raw: str) -> URL:
    """The URL parsed, or StorageError naming it with its password hidden."""
    parsed = _parse(raw)
    if parsed is None:
        raise StorageError(f"not a database URL: {redact_url(raw)}")
    if _misparsed_password(parsed):
        raise StorageError(
            f"the password in the database URL {redact_url(raw)} contains '@': "
            "write it as %40 (and any '/' as %2F)"
        )
    return parsed


def make_engine(url: str | None = None, *, upgrade: bool = True) -> Engine:
    """An engine for ``url`` (see resolve_db_url) with its schema migrated to the newest."""
    raw = resolve_db_url(url)
    parsed = parse_db_url(raw)
    try:
        return _make_engine(parsed, upgrade=upgrade)
    except NoSuchModuleError:
        raise StorageError(
            f"unknown database type or driver {parsed.drivername!r} in {redact_url(raw)}: "
            "use sqlite:///FILE or postgresql://USER@HOST/DATABASE"
        ) from None


def _make_engine(parsed: URL, *, upgrade: bool) -> Engine:
    if parsed.drivername in ("postgresql", "postgres"):
        # Plain postgresql:// means psycopg2 to SQLAlchemy; the workbench ships psycopg 3.
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(parsed)
        if path is not None and path == default_db_path():
            path.parent.mkdir(parents=True, exist_ok=True)
        elif path is not None and not path.parent.is_dir():
            # A mistyped --db must not quietly create folders and an empty database.
            raise StorageError(f"cannot open {path}: the folder {path.parent} does not exist")
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        # pre_ping: a shared server restarts or drops idle connections; the TUI stays open.
        engine = create_engine(parsed, pool_pre_ping=True)
    if upgrade:
        change = upgrade_schema(engine)
        # A new database is no news; upgrading someone's existing one is worth a line.
        if change is not None and not change.created:
            backup = f"; backup at {change.backup}" if change.backup else ""
            log.warning(
                "database schema upgraded from %s to %s%s",
                change.from_revision or "a pre-migration schema",
                change.to_revision,
                backup,
            )
    return engine


def init_schema(engine: Engine) -> None:
    """Kept for callers of the first version: the schema now comes from the migrations."""
    upgrade_schema(engine)


def session_for(engine: Engine) -> Session:
    # expire_on_commit=False: objects stay readable after each action's commit.
    return Session(engine, expire_on_commit=False)


# --- migrations ----------------------------------------------------------------------------


def current_revision(connection: Connection) -> str | None:
    """The Alembic revision the database is at; None if it has never been migrated."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _revision_at_start(connection: Connection) -> str | None:
    """current_revision, in one statement when the version table is there (every start but a
    new database's): asking the inspector first costs more than the app's first read."""
    try:
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except (OperationalError, ProgrammingError):
        connection.rollback()  # PostgreSQL refuses more statements in the failed transaction
        return current_revision(connection)


def upgrade_schema(engine: Engine) -> SchemaUpgrade | None:
    """Bring the database to HEAD_REVISION; None if it already was (the cheap, common case)."""
    try:
        with engine.connect() as connection:
            revision = _revision_at_start(connection)
    except (OperationalError, DatabaseError) as error:
        # Server down, wrong password, or (SQLite) a file that is not a database.
        first_line = str(error.orig).splitlines()[0] if error.orig else str(error)
        first_line = scrub_secrets(first_line, engine.url.render_as_string(hide_password=False))
        raise DatabaseUnavailable(f"cannot open {_redacted(engine.url)}: {first_line}") from None
    if revision == HEAD_REVISION:
        return None
    if engine.dialect.name == "sqlite" and sqlite_file(engine.url) is not None:
        return _upgrade_sqlite_file(engine.url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Released at commit; a second workbench waits here, then finds the work done.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
        return _upgrade_locked(connection, backup_file=None)


def _upgrade_sqlite_file(url: URL) -> SchemaUpgrade | None:
    """Migrate a SQLite file in one exclusive write transaction, after a backup copy.

    The migration runs on its own connection with foreign keys off (so that Alembic's
    copy-and-rename of a table cannot cascade deletes) and with BEGIN IMMEDIATE (so that
    a second process starting at the same moment waits for this one instead of
    migrating the same file twice).
    """
    engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with engine.begin() as connection:
            change = _upgrade_locked(connection, backup_file=sqlite_file(url))
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise SchemaError(
                    f"migration left {len(problems)} rows with broken references; "
                    "the database was not changed"
                )
            return change
    finally:
        engine.dispose()


def _upgrade_locked(connection: Connection, *, backup_file: Path | None) -> SchemaUpgrade | None:
    """Run the migrations on ``connection``, which holds the database's migration lock."""
    from alembic import command

    revision = current_revision(connection)  # again: another process may have done it
    if revision == HEAD_REVISION:
        return None
    known = _known_revisions()
    if revision is not None and revision not in known:
        raise SchemaError(
            f"the database schema is at revision {revision}, which this workbench does not "
            f"know (newest here: {HEAD_REVISION}); upgrade the workbench"
        )
    legacy = revision is None and inspect(connection).has_table("claim")
    backup = None
    if backup_file is not None and (revision is not None or legacy):
        backup = backup_sqlite(backup_file, label=revision or "legacy")
    config = alembic_config(connection)
    if legacy:
        # Made by create_all before migrations existed: it is the baseline schema,
        # provided it has every column the baseline has.
        _check_legacy_schema(connection)
        command.stamp(config, BASELINE_REVISION)
    command.upgrade(config, "head")
    return SchemaUpgrade(
        from_revision=revision,
        to_revision=HEAD_REVISION,
        backup=backup,
        created=revision is None and not legacy,
    )


def backup_sqlite(path: Path, *, label: str) -> Path:
    """Copy a SQLite file to ``<name>.bak-<label>-<UTC timestamp>`` next to it.

    The copy goes through SQLite's backup API, which includes what is still in the
    WAL file; copying the main file alone could miss the latest commits.
    """
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.bak-{label}-{stamp}")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config for db/migrations; env.py uses ``connection`` when given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def _check_legacy_schema(connection: Connection) -> None:
    """Refuse a pre-migration database that lacks columns of the baseline schema."""
    from alembic import command

    baseline = create_engine("sqlite://")
    try:
        with baseline.begin() as scratch:
            command.upgrade(alembic_config(scratch), BASELINE_REVISION)
            expected = {
                table: {column["name"] for column in inspect(scratch).get_columns(table)}
                for table in inspect(scratch).get_table_names()
                if table != "alembic_version"
            }
    finally:
        baseline.dispose()
    found = inspect(connection)
    missing_tables = sorted(table for table in expected if not found.has_table(table))
    missing_columns = [
        f"{table}.{column}"
        for table, columns in sorted(expected.items())
        if table not in missing_tables
        for column in sorted(columns - _columns_of(found, table))
    ]
    if missing_tables or missing_columns:
        lacks = []
        if missing_tables:
            lacks.append("tables " + ", ".join(missing_tables))
        if missing_columns:
            shown = ", ".join(missing_columns[:6])
            more = f" and {len(missing_columns) - 6} more" if len(missing_columns) > 6 else ""
            lacks.append(f"columns {shown}{more}")
        raise SchemaError(
            "this database predates schema migrations and lacks "
            + " and ".join(lacks)
            + "; export what you need and start a new database"
        )


def _columns_of(inspector: Inspector, table: str) -> set[str]:
    if not inspector.has_table(table):
        return set()
    return {column["name"] for column in inspector.get_columns(table)}
