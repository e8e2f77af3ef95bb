"""Model fields for personal data: encrypted text and its keyed-hash companion."""

from collections.abc import Callable

from django.db import models
from django.db.models.lookups import IsNull

from sigap.lib import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted (see sigap.lib.crypto). Python code sees clear text.

    The database, its dumps and `dumpdata` only ever hold ciphertext. Such a column
    cannot be searched or compared in SQL: only `isnull` lookups are allowed, and an
    exact match goes through a LookupHashField beside it.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def to_python(self, value):
        # Fixtures and `loaddata` hand over the ciphertext that value_to_string wrote.
        if isinstance(value, str) and crypto.is_ciphertext(value):
            return crypto.decrypt(value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def value_to_string(self, obj):
        # Serialised output (dumpdata, backups) keeps the value encrypted.
        value = self.value_from_object(obj)
        return crypto.encrypt(value) if value else value

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise TypeError(f"{self.name} is encrypted: filter on its LookupHashField instead")
        return IsNull


class LookupHashField(models.CharField):
    """Keyed hash of another field's normalised value, filled in on every save.

    `nik_lookup = LookupHashField(source="nik", normalise=normalise_nik)` lets
    `Person.objects.filter(nik_lookup=lookup_hash(normalise_nik(typed)))` find
    duplicates without decrypting anything. An empty source gives an empty hash.
    """

    def __init__(self, *args, source: str = "", normalise: Callable[[str], str] | None = None, **kwargs):
        self.source = source
        self.normalise = normalise or (lambda value: value)
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("blank", True), ("editable", False), ("db_index", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        raw = getattr(model_instance, self.source) or ""
        value = crypto.lookup_hash(self.normalise(raw)) if raw else ""
        setattr(model_instance, self.attname, value)
        return value

    def hash_of(self, raw: str) -> str:
        return crypto.lookup_hash(self.normalise(raw)) if raw else ""
