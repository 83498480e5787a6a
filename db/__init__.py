"""Storage for the workbench: SQLModel models, the engine, and storage functions (no UI imports)."""
