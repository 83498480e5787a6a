"""Opening the database: the default location, SQLite safety settings, and schema creation."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

from db import models  # noqa: F401  (registers the tables)

APP_NAME = "claim-workbench"


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


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets a reader and a writer work at once; the busy timeout makes a second
    # process wait for the lock instead of failing; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (see resolve_db_url) with its schema ready to use."""
    url = resolve_db_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    init_schema(engine)
    return engine


def init_schema(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine)


def session_for(engine: Engine) -> Session:
    # expire_on_commit=False: objects stay readable after each action's commit.
    return Session(engine, expire_on_commit=False)
