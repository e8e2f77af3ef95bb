import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.reporting.selectors import month_key

# A longer period would only make tables of months no one reads.
MAX_YEARS = 5


class PeriodForm(forms.Form):
    """The dashboard's filters: the period (this year by default) and one of the
    user's units (all of them by default)."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=None, required=False, to_field_name="code", empty_label=_("All my units")
    )

    def __init__(self, data, *, units):
        today = timezone.localdate()
        values = {"start": date(today.year, 1, 1).isoformat(), "end": today.isoformat(), "unit": ""}
        values.update({key: data[key] for key in values if data.get(key)})
        super().__init__(values)
        self.fields["unit"].queryset = units

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts: swap the two dates."))
            if (end - start).days > 366 * MAX_YEARS:
                raise forms.ValidationError(_("Choose a period of at most %(years)s years.") % {"years": MAX_YEARS})
        return cleaned


class MonthForm(forms.Form):
    """The monthly report: a month (YYYY-MM, last month by default) and a unit."""

    month = forms.CharField(label=_("Month"), widget=forms.TextInput(attrs={"type": "month"}))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, to_field_name="code")

    def __init__(self, data, *, units):
        values = {"month": last_month(), "unit": ""}
        values.update({key: data[key] for key in values if data.get(key)})
        if not values["unit"]:
            first = units.first()
            values["unit"] = first.code if first else ""
        super().__init__(values)
        self.fields["unit"].queryset = units

    def clean_month(self) -> tuple[int, int]:
        return parse_month(self.cleaned_data["month"])


def last_month() -> str:
    first = timezone.localdate().replace(day=1)
    year, month = (first.year, first.month - 1) if first.month > 1 else (first.year - 1, 12)
    return month_key(year, month)


def parse_month(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", text.strip())
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
        raise forms.ValidationError(_("Give the month as year and month, e.g. 2026-05."))
    return int(match[1]), int(match[2])


class PublicYearForm(forms.Form):
    """The public statistics' year (one of the years with reports)."""

    tahun = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, data, *, years: list[int]):
        values = {"tahun": str(data.get("tahun") or data.get("year") or (years[-1] if years else ""))}
        super().__init__(values)
        self.fields["tahun"].choices = [(year, str(year)) for year in reversed(years)]
