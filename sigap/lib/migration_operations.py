"""A migration operation for index changes that PostgreSQL can make by renaming and
dropping, instead of the rebuild Django would do.

Django carries out a change of `db_index` or `unique` on a field by dropping the field's
indexes and constraints, foreign keys included, and building them again. On a table of
millions of rows that holds an exclusive lock for minutes: on `intake_report` it would
also lock the units and kelurahan its foreign keys point to, which every staff request
reads. When the new schema only drops indexes and gives existing ones new names, the same
end comes from `DROP INDEX` and `RENAME`, in milliseconds.
"""

from django.db import migrations


def _indexes(schema_editor, table: str) -> list[dict]:
    """The table's indexes other than its primary key, with their key columns, whether
    they use a pattern operator class (LIKE), are partial, and the unique constraint
    each one backs."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT index_class.relname,
                   ARRAY(SELECT attribute.attname
                         FROM unnest(ix.indkey) WITH ORDINALITY AS key(attnum, position)
                         JOIN pg_attribute attribute
                           ON attribute.attrelid = ix.indrelid AND attribute.attnum = key.attnum
                         ORDER BY key.position),
                   pg_get_indexdef(ix.indexrelid) LIKE '%%\\_pattern\\_ops%%',
                   ix.indpred IS NOT NULL,
                   ix.indisunique,
                   con.conname
            FROM pg_index ix
            JOIN pg_class index_class ON index_class.oid = ix.indexrelid
            LEFT JOIN pg_constraint con ON con.conindid = ix.indexrelid AND con.contype = 'u'
            WHERE ix.indrelid = %s::regclass AND NOT ix.indisprimary
            """,
            [table],
        )
        return [
            {"name": n, "columns": c, "pattern": p, "partial": w, "unique": u, "constraint": k}
            for n, c, p, w, u, k in cursor.fetchall()
        ]


class RenameOrDropIndexes(migrations.SeparateDatabaseAndState):
    """`operations` as they are, except on PostgreSQL, where the same schema comes from:

    - dropping the pattern (LIKE) indexes on `drop_pattern` columns;
    - dropping the plain single-column indexes on `drop` columns;
    - renaming the plain single-column index on each column of `rename_index`;
    - renaming the unique constraint on each column of `rename_unique`.

    If the table does not have the indexes expected, the operations run as Django would."""

    def __init__(self, *, table, operations, drop_pattern=(), drop=(), rename_index=None, rename_unique=None):
        super().__init__(database_operations=operations, state_operations=operations)
        self.table = table
        self.drop_pattern, self.drop = list(drop_pattern), list(drop)
        self.rename_index, self.rename_unique = dict(rename_index or {}), dict(rename_unique or {})

    def deconstruct(self):
        kwargs = {
            "table": self.table,
            "operations": self.state_operations,
            "drop_pattern": self.drop_pattern,
            "drop": self.drop,
            "rename_index": self.rename_index,
            "rename_unique": self.rename_unique,
        }
        return self.__class__.__qualname__, [], kwargs

    def _statements(self, schema_editor) -> list[str] | None:
        quote, table = schema_editor.quote_name, schema_editor.quote_name(self.table)
        statements, renamed = [], set()
        for index in _indexes(schema_editor, self.table):
            name, columns = quote(index["name"]), index["columns"]
            single = len(columns) == 1 and not index["partial"]
            plain = single and not index["pattern"] and not index["unique"]
            pattern_to_drop = index["pattern"] and columns[0] in self.drop_pattern
            if pattern_to_drop or (plain and columns[0] in self.drop):
                statements.append(f"DROP INDEX {name}")
            elif plain and columns[0] in self.rename_index:
                statements.append(f"ALTER INDEX {name} RENAME TO {quote(self.rename_index[columns[0]])}")
                renamed.add(columns[0])
            elif single and index["constraint"] and columns[0] in self.rename_unique:
                new = quote(self.rename_unique[columns[0]])
                statements.append(f"ALTER TABLE {table} RENAME CONSTRAINT {quote(index['constraint'])} TO {new}")
                renamed.add(columns[0])
        if renamed != set(self.rename_index) | set(self.rename_unique):
            return None  # not the schema this was written for: let Django rebuild
        return statements

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            statements = self._statements(schema_editor)
            if statements is not None:
                for statement in statements:
                    schema_editor.execute(statement)
                return
        super().database_forwards(app_label, schema_editor, from_state, to_state)
