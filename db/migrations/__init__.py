"""Alembic migrations for the workbench schema (run by db.engine.upgrade_schema)."""
