from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.audit.choices import AuditAction


class AuditFilterForm(forms.Form):
    actor_username = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All")), *AuditAction.choices])
    target_type = forms.CharField(label=_("Record type"), required=False, max_length=60)
    target_id = forms.CharField(label=_("Record"), required=False, max_length=40)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
