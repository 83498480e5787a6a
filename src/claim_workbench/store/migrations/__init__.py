"""Alembic migrations for the workbench schema (run by store.engine.upgrade_schema)."""
