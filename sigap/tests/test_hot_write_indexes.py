"""The tables written on (nearly) every request carry only the indexes their queries use.

Every page that shows personal data appends to the access log, and every public report
inserts a report: each index on those tables is paid on each of them (issue 8). On
PostgreSQL, `db_index=True` or `unique=True` on a text column adds a second,
pattern-matching index for LIKE queries, which none of Sigap's queries on these
tables make; and an index on a column that leads another index is paid for nothing."""

import pytest
from django.db import connection

from sigap.test import BaseTestCase

HOT_TABLES = ["audit_auditevent", "intake_report"]


def indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        return dict(cursor.fetchall())


def key_columns(definition: str) -> list[str]:
    inside = definition.split(" USING btree (", 1)[1].split(")", 1)[0]
    return [column.strip().strip('"').split(" ")[0].strip('"') for column in inside.split(",")]


@pytest.mark.postgres_only
class HotWriteIndexTests(BaseTestCase):
    def test_no_pattern_matching_index_on_the_tables_written_on_every_request(self):
        for table in HOT_TABLES:
            with self.subTest(table=table):
                like = {name for name, definition in indexes(table).items() if "_pattern_ops" in definition}
                self.assertEqual(like, set())

    def test_no_plain_single_column_index_repeats_the_leading_column_of_another(self):
        for table in HOT_TABLES:
            found = indexes(table)
            leading = {
                key_columns(definition)[0]
                for definition in found.values()
                if " WHERE " not in definition and len(key_columns(definition)) > 1
            }
            for name, definition in found.items():
                columns = key_columns(definition)
                with self.subTest(index=name):
                    if len(columns) == 1 and "UNIQUE" not in definition and " WHERE " not in definition:
                        self.assertNotIn(columns[0], leading)
