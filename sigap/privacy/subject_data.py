"""Everything Sigap holds on one person, across apps, for an access request
(UU PDP Pasal 32). Each section lists the records that point at the person."""

from django.apps import apps
from django.forms.models import model_to_dict

from sigap.people.models import Person

# Never part of an export: secrets and internal hashes.
EXCLUDED_FIELDS = {"nik_lookup", "phone_lookup", "receipt_hash", "stored_name", "entry_hash", "previous_hash"}


def _plain(obj) -> dict:
    data = model_to_dict(obj, exclude=list(EXCLUDED_FIELDS))
    data["id"] = obj.pk
    return {
        key: (str(value) if value is not None and not isinstance(value, int | bool | list | dict) else value)
        for key, value in data.items()
    }


def person_references():
    """(model, field name) for every relation from any model to Person."""
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if getattr(model_field, "related_model", None) is not Person or not model_field.concrete:
                continue
            # A one-to-one (a cadre's person) refers to a person as much as a foreign key does.
            if model_field.many_to_one or model_field.one_to_one or model_field.many_to_many:
                yield model, model_field.name


def person_export(person: Person) -> dict:
    """{"person": {...}, "<app.model>": [{...}, ...], ...} for every model that refers
    to the person, with the referring rows' own fields (decrypted for the subject)."""
    export = {"person": _plain(person)}
    for model, field_name in person_references():
        rows = model._default_manager.filter(**{field_name: person})
        if rows.exists():
            export.setdefault(model._meta.label_lower, []).extend(_plain(row) for row in rows)
    return export
