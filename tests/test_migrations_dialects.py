"""The migrations for PostgreSQL: compiled by SQLAlchemy for its dialect, the same shape as SQLite's schema."""

from __future__ import annotations

import re
import sqlite3

import pytest

from replydesk.store import tables
from replydesk.store.migrations import (
    MIGRATIONS,
    SCHEMA_VERSION,
    VersionTable,
    migrate,
    pending,
    statements,
)


def test_every_migration_compiles_for_postgresql():
    for migration in MIGRATIONS:
        found = statements(migration, "postgresql")
        assert found or migration.data is not None, migration.name  # a data-only step has no DDL
        for statement in found:
            assert "PRAGMA" not in statement and "AUTOINCREMENT" not in statement
    pg = [s for m in MIGRATIONS for s in statements(m, "postgresql")]
    assert any("SERIAL NOT NULL" in s for s in pg)  # PostgreSQL's own integer keys
    assert any("TIMESTAMP WITH TIME ZONE" in s for s in pg)
    assert any("EXECUTE FUNCTION answer_history_append_only()" in s for s in pg)


def test_postgresql_schema_has_the_same_tables_and_columns_as_the_sqlmodel_tables():
    columns: dict[str, set[str]] = {}
    for migration in MIGRATIONS:
        for statement in statements(migration, "postgresql"):
            if created := re.match(r"CREATE TABLE (\w+) \((.*)\)$", statement, re.S):
                names = {line.split()[0] for line in created[2].splitlines() if line.strip()}
                columns[created[1]] = {n for n in names if n not in ("PRIMARY", "CONSTRAINT", "FOREIGN")}
            elif added := re.match(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", statement):
                columns[added[1]].add(added[2])
    assert columns == {t.name: {c.name for c in t.columns} for t in (m.__table__ for m in tables.every_table())}


def test_the_version_table_serves_where_there_is_no_user_version():
    db = sqlite3.connect(":memory:", isolation_level=None)
    version = VersionTable("sqlite")
    assert pending(db, version) == SCHEMA_VERSION
    assert migrate(db, version) == SCHEMA_VERSION
    assert pending(db, version) == 0
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    assert db.execute("PRAGMA user_version").fetchone()[0] == 0  # the pragma was not used


def test_an_unknown_dialect_is_refused():
    with pytest.raises(ValueError, match="no migrations for the 'oracle' dialect"):
        statements(MIGRATIONS[0], "oracle")
