"""Alembic environment: migrates the connection store.engine hands over, or a URL from the CLI."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from claim_workbench.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from claim_workbench.store.search import include_in_schema_comparison

config = context.config
target_metadata = SQLModel.metadata


def run_on(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch operations copy the table there and are
        # plain ALTERs elsewhere, so one generated script serves both.
        render_as_batch=True,
        compare_type=True,
        # The full-text index (migration 0005) is not in the models: autogenerate leaves it be.
        include_name=include_in_schema_comparison,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    # Run from the alembic command line (alembic -c src/claim_workbench/store/alembic.ini ...):
    # the database comes from -x db=URL, else WORKBENCH_DB / the default file, as the
    # workbench does.
    from claim_workbench.store.engine import resolve_db_url

    url = context.get_x_argument(as_dictionary=True).get("db") or resolve_db_url()
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            run_on(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_online()
