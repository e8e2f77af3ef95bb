"""Key maintenance across every app: re-encrypting with the newest field key."""

from django.apps import apps
from django.db import transaction

from sigap.audit.services import record
from sigap.lib.fields import EncryptedTextField

BATCH_SIZE = 500


def encrypted_fields_by_model() -> dict:
    found = {}
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found[model] = names
    return found


def field_keys_rotate() -> dict[str, int]:
    """Re-encrypt every encrypted value with the first key of SIGAP_FIELD_KEYS.

    Reading decrypts with whichever key fits; saving encrypts with the first. Each
    batch is its own transaction, so a long rotation can be interrupted and re-run.
    Afterwards the old keys can be removed from SIGAP_FIELD_KEYS."""
    counts = {}
    for model, names in encrypted_fields_by_model().items():
        done = 0
        last_pk = None
        while True:
            batch_query = model._default_manager.order_by("pk")
            if last_pk is not None:
                batch_query = batch_query.filter(pk__gt=last_pk)
            batch = list(batch_query.only("pk", *names)[:BATCH_SIZE])
            if not batch:
                break
            with transaction.atomic():
                model._default_manager.bulk_update(batch, names)
            done += len(batch)
            last_pk = batch[-1].pk
        counts[model._meta.label_lower] = done
    record(actor=None, action="keys_rotated", changes={"rows": counts})
    return counts
