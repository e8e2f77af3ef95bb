"""Key maintenance across every app: re-encrypting with the newest field key, and
hashing the lookup columns again with a new lookup key."""

from collections.abc import Callable

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


def _rewrite_in_batches(model: type[models.Model], names: list[str], rewrite: Callable[[list], list[str]]) -> int:
    """Load `names` of every row of `model`, BATCH_SIZE rows at a time by primary key, and
    save the fields that `rewrite(batch)` names. Each batch is read with its rows locked
    and saved in the same transaction, so a change committed meanwhile (an anonymisation)
    is never overwritten with what was read before it. A long run can be interrupted and
    run again. Returns the number of rows."""
    done, last_pk = 0, None
    while True:
        with transaction.atomic():
            batch_query = model._default_manager.select_for_update().order_by("pk")
            if last_pk is not None:
                batch_query = batch_query.filter(pk__gt=last_pk)
            batch = list(batch_query.only("pk", *names)[:BATCH_SIZE])
            if not batch:
                return done
            model._default_manager.bulk_update(batch, rewrite(batch))
        done += len(batch)
        last_pk = batch[-1].pk


def field_keys_rotate() -> dict[str, int]:
    """Re-encrypt every encrypted value with the first key of SIGAP_FIELD_KEYS.

    Reading decrypts with whichever key fits; saving encrypts with the first. Each
    batch is its own transaction, so a long rotation can be interrupted and re-run.
    Afterwards the old keys can be removed from SIGAP_FIELD_KEYS."""
    counts = {
        # Saving encrypts again, with the first key: the rewrite changes nothing itself.
        model._meta.label_lower: _rewrite_in_batches(model, names, lambda batch, names=names: names)
        for model, names in encrypted_fields_by_model().items()
    }
    record(actor=None, action="keys_rotated", changes={"rows": counts})
    return counts


def lookup_fields_rehash() -> dict[str, int]:
    """Hash every LookupHashField's source again with SIGAP_LOOKUP_KEY (after a change of
    that key). The sources are encrypted, so they are read and decrypted. Each batch is
    its own transaction: it can be interrupted and re-run."""
    counts = {}
    for model, fields in _fields_by_model(LookupHashField).items():

        def rehash(batch: list, fields=fields) -> list[str]:
            for row in batch:
                for field in fields:
                    setattr(row, field.attname, field.hash_of(getattr(row, field.source)))
            return [field.name for field in fields]

        counts[model._meta.label_lower] = _rewrite_in_batches(model, [field.source for field in fields], rehash)
    return counts
