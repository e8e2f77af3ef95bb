"""The access log's append takes its lock and reads the chain's last hash in one round
trip (audit.services._chain_tip). PostgreSQL only: SQLite serialises writers itself."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_chain_lock_and_tip(lock_id bigint) RETURNS varchar
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    -- The fresh snapshot below is READ COMMITTED's: in a transaction that reads from one
    -- snapshot throughout, two appends could extend the same link.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'the access log is appended to in READ COMMITTED transactions only, not %',
            current_setting('transaction_isolation');
    END IF;
    -- Held until the caller's transaction ends, so no two appends extend the same link.
    PERFORM pg_advisory_xact_lock(lock_id);
    -- A VOLATILE function's query takes a new snapshot (READ COMMITTED): it sees the
    -- entry the lock's previous holder committed, which the calling SELECT's snapshot,
    -- taken before the lock was granted, would not.
    RETURN (SELECT entry_hash FROM audit_auditevent ORDER BY id DESC LIMIT 1);
END
$$
"""
DROP = "DROP FUNCTION IF EXISTS audit_chain_lock_and_tip(bigint)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)  # the body is sent as it is


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_fewer_indexes")]

    operations = [migrations.RunPython(create, drop)]
