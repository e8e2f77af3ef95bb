from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.privacy.choices import RequestKind, RequestOutcome

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"})


class RequestForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of request"), choices=RequestKind.choices)
    person = forms.IntegerField(label=_("Person number in Sigap (if known)"), required=False, min_value=1)
    requester = forms.CharField(label=_("Who asked, and how to answer them"), widget=forms.Textarea(attrs={"rows": 2}))
    details = forms.CharField(label=_("What is asked"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class RequestCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in RequestOutcome.choices if c[0]])
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BreachForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    occurred_at = forms.DateTimeField(label=_("When it happened"), required=False, widget=DATETIME)
    discovered_at = forms.DateTimeField(label=_("When it was discovered"), widget=DATETIME)
    what = forms.CharField(label=_("What data was exposed"), widget=forms.Textarea(attrs={"rows": 2}))
    how = forms.CharField(label=_("How it happened"), widget=forms.Textarea(attrs={"rows": 2}))
    affected = forms.CharField(label=_("Who is affected"), widget=forms.Textarea(attrs={"rows": 2}))
    affected_count = forms.IntegerField(label=_("Number of people affected"), min_value=0)
    measures = forms.CharField(
        label=_("What has been done, and what people can do"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
