"""source full-text index: SQLite FTS5 table kept in step by triggers; PostgreSQL tsvector + GIN

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 12:00:00.000000

Sources already stored are indexed here (SQLite: the FTS5 'rebuild' command; PostgreSQL: the
generated column is computed for every row when it is added). From then on the database keeps
the index in step itself (triggers, a generated column), whichever code writes a source.
PostgreSQL's word statistics (pg_stats.most_common_elems, kept by ANALYZE and autovacuum) and
SQLite's fts5vocab table tell the search which words of a query are common.

Caution for later migrations: on SQLite, a batch_alter_table("source") copies the table and
drops it, and its triggers with it; such a migration must run SQLITE_TRIGGERS again.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept equal to claim_workbench.store.search (FTS_TABLE, the PostgreSQL column and its limit).
# An external-content FTS5 table: the words are indexed, the text itself stays in "source".
SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE source_fts USING fts5("
    "title, text, content='source', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
SQLITE_TRIGGERS = (
    "CREATE TRIGGER source_fts_insert AFTER INSERT ON source BEGIN "
    "INSERT INTO source_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER source_fts_delete AFTER DELETE ON source BEGIN "
    "INSERT INTO source_fts(source_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER source_fts_update AFTER UPDATE OF title, text ON source BEGIN "
    "INSERT INTO source_fts(source_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO source_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
)
# How many sources hold each indexed word: the search leaves the commonest words of a long
# query out of an any-word search (claim_workbench.store.search).
SQLITE_VOCABULARY = "CREATE VIRTUAL TABLE source_fts_vocab USING fts5vocab(source_fts, 'row')"
# A title word counts twice a body word in the ranking; ORDER BY rank uses it.
SQLITE_RANK = "INSERT INTO source_fts(source_fts, rank) VALUES ('rank', 'bm25(2.0, 1.0)')"

# A tsvector holds at most 1 MB of distinct words: the first 300,000 characters are indexed
# (about 50,000 words; 900 kB even if every character took 3 bytes and every word differed).
# Sources can be 15 MB; a longer one is stored all the same, only its tail is not searchable.
PG_COLUMN = (
    "ALTER TABLE source ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, left(text, 300000)), 'B')) STORED"
)
PG_INDEX = "CREATE INDEX ix_source_search_vector ON source USING gin (search_vector)"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(SQLITE_TABLE)
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        op.execute(SQLITE_RANK)
        op.execute(SQLITE_VOCABULARY)
        op.execute("INSERT INTO source_fts(source_fts) VALUES ('rebuild')")
    elif dialect == "postgresql":
        op.execute(PG_COLUMN)
        op.execute(PG_INDEX)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("source_fts_update", "source_fts_delete", "source_fts_insert"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS source_fts_vocab")
        op.execute("DROP TABLE IF EXISTS source_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_source_search_vector")
        op.execute("ALTER TABLE source DROP COLUMN IF EXISTS search_vector")
