"""RenameOrDropIndexes: on PostgreSQL the hot tables lose their indexes by dropping and
renaming, without rebuilding an index or a foreign key under an exclusive lock."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.test.utils import CaptureQueriesContext

BEFORE = [("intake", "0007_routing_move_index"), ("audit", "0002_anonymise_action")]
AFTER = [("intake", "0008_fewer_indexes"), ("audit", "0003_fewer_indexes")]


def index_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.postgres_only
class RenameOrDropIndexesTests(TransactionTestCase):
    def migrate(self, targets) -> list[str]:
        executor = MigrationExecutor(connection)
        with CaptureQueriesContext(connection) as queries:
            executor.migrate(targets)
        return [query["sql"] for query in queries]

    def tearDown(self):
        # Back to the newest schema whatever the test did (the suite runs on it).
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    def test_the_hot_tables_lose_their_indexes_without_a_rebuild(self):
        self.migrate(BEFORE)  # back the way Django would, rebuilding
        before = index_names("intake_report")
        self.assertNotIn("report_receipt_hash_unique", before)
        self.assertTrue({name for name in before if name.endswith("_like")})
        sql = self.migrate(AFTER)
        changes = [s for s in sql if s.lstrip().startswith(("CREATE", "ALTER", "DROP"))]
        self.assertTrue(changes)
        for statement in changes:
            with self.subTest(statement=statement):
                self.assertRegex(statement, r"^(DROP INDEX|ALTER INDEX .* RENAME TO|ALTER TABLE .* RENAME CONSTRAINT)")
        self.assertFalse([s for s in sql if "FOREIGN KEY" in s])
        self.assertEqual(
            index_names("intake_report") & {"report_village_idx", "report_receipt_hash_unique"},
            {"report_village_idx", "report_receipt_hash_unique"},
        )
        self.assertEqual(
            index_names("audit_auditevent") & {"audit_action_idx", "audit_entry_hash_unique"},
            {"audit_action_idx", "audit_entry_hash_unique"},
        )
        self.assertFalse({name for name in index_names("intake_report") if name.endswith("_like")})
        self.assertFalse({name for name in index_names("audit_auditevent") if name.endswith("_like")})
