from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.lib.identity import normalise_phone, parse_nik
from sigap.people.models import Person
from sigap.regions.selectors import village_list


class PersonForm(forms.ModelForm):
    """Identity data typed by staff. Bad input comes back with a plain message and
    everything else the person typed kept in place."""

    class Meta:
        model = Person
        fields = ["unit", "full_name", "nik", "phone", "address", "village", "birth_date", "sex"]
        widgets = {
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["village"].queryset = village_list()
        self.fields["nik"].help_text = _("16 digits, from the KTP or Kartu Keluarga. Leave empty if not known.")

    def clean_nik(self):
        nik = self.cleaned_data["nik"]
        if nik:
            facts = parse_nik(nik)
            self.nik_facts = facts
        return nik

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        facts = getattr(self, "nik_facts", None)
        if facts and cleaned.get("sex") and cleaned["sex"] != facts.sex:
            self.add_error("sex", _("The NIK says otherwise: for women, 40 is added to the day of birth."))
        if facts and cleaned.get("birth_date") and cleaned["birth_date"] != facts.birth_date:
            self.add_error("birth_date", _("The birth date does not match the NIK."))
        return cleaned
