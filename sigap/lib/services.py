"""Key maintenance across every app: re-encrypting with the newest field key, and
hashing the lookup columns again with a new lookup key."""

from collections.abc import Iterator

from django.apps import apps
from django.db import models, transaction

from sigap.audit.services import record
from sigap.lib.fields import EncryptedTextField, LookupHashField

BATCH_SIZE = 500


def _fields_by_model(kind: type[models.Field]) -> dict[type[models.Model], list[models.Field]]:
    found = {}
    for model in apps.get_models():
        fields = [field for field in model._meta.concrete_fields if isinstance(field, kind)]
        if fields:
            found[model] = fields
    return found


def encrypted_fields_by_model() -> dict:
    return {model: [field.name for field in fields] for model, fields in _fields_by_model(EncryptedTextField).items()}


def _batches(model: type[models.Model], names: list[str]) -> Iterator[list[models.Model]]:
    """Every row of `model` with only `names` loaded, BATCH_SIZE at a time, by primary key."""
    last_pk = None
    while True:
        batch_query = model._default_manager.order_by("pk")
        if last_pk is not None:
            batch_query = batch_query.filter(pk__gt=last_pk)
        batch = list(batch_query.only("pk", *names)[:BATCH_SIZE])
        if not batch:
            return
        yield batch
        last_pk = batch[-1].pk


def field_keys_rotate() -> dict[str, int]:
    """Re-encrypt every encrypted value with the first key of SIGAP_FIELD_KEYS.

    Reading decrypts with whichever key fits; saving encrypts with the first. Each
    batch is its own transaction, so a long rotation can be interrupted and re-run.
    Afterwards the old keys can be removed from SIGAP_FIELD_KEYS."""
    counts = {}
    for model, names in encrypted_fields_by_model().items():
        done = 0
        for batch in _batches(model, names):
            with transaction.atomic():
                model._default_manager.bulk_update(batch, names)
            done += len(batch)
        counts[model._meta.label_lower] = done
    record(actor=None, action="keys_rotated", changes={"rows": counts})
    return counts


def lookup_fields_rehash() -> dict[str, int]:
    """Hash every LookupHashField's source again with SIGAP_LOOKUP_KEY (after a change of
    that key). The sources are encrypted, so they are read and decrypted. Each batch is
    its own transaction: it can be interrupted and re-run."""
    counts = {}
    for model, fields in _fields_by_model(LookupHashField).items():
        done = 0
        for batch in _batches(model, [field.source for field in fields]):
            for row in batch:
                for field in fields:
                    setattr(row, field.attname, field.hash_of(getattr(row, field.source)))
            with transaction.atomic():
                model._default_manager.bulk_update(batch, [field.name for field in fields])
            done += len(batch)
        counts[model._meta.label_lower] = done
    return counts
