from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from sigap.cases.choices import (
    CaseStatus,
    CodeListName,
    LegalEventKind,
    LegalStage,
    MaritalStatus,
    NoteConfidentiality,
    PlaceCategory,
    ReferralStatus,
    Relationship,
    ServiceType,
    TraffickingType,
    ViolenceForm,
)
from sigap.cases.models import CodeListEntry
from sigap.intake.choices import Risk
from sigap.intake.forms import clean_text
from sigap.regions.selectors import village_choices

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})
SHARABLE_ITEMS = [
    ("identity", _("Name and identity")),
    ("contact", _("Address and phone")),
    ("account", _("What happened")),
    ("assessment", _("Assessment findings")),
    ("medical", _("Medical information")),
]


class PlainSelect(forms.Select):
    """A single <select> written directly, without a template per option: the case
    list's filter lists (the 27 kelurahan…) are drawn on every request. Same HTML as
    forms.Select, every value and label escaped by format_html."""

    def render(self, name, value, attrs=None, renderer=None):
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        selected = "" if value is None else str(value)
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            ((code, " selected" if str(code) == selected else "", label) for code, label in self.choices),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search notes and descriptions"),
        required=False,
        max_length=200,
        help_text=_("Whole words; the first 10 words are used."),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CaseStatus.choices], widget=PlainSelect
    )
    risk = forms.ChoiceField(
        label=_("Risk"), required=False, choices=[("", _("All")), *Risk.choices], widget=PlainSelect
    )
    violence_form = forms.ChoiceField(
        label=_("Form of violence"),
        required=False,
        choices=[("", _("All")), *ViolenceForm.choices],
        widget=PlainSelect,
    )
    village = forms.ChoiceField(label=_("Kelurahan"), required=False, widget=PlainSelect)
    assigned_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    opened_from = forms.DateField(label=_("Opened from"), required=False, widget=DATE)
    opened_until = forms.DateField(label=_("Opened until"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        villages = [(code, name) for code, name, _district in village_choices(city_code="33.75")]
        self.fields["village"].choices = [("", _("All")), *villages]


class CaseOpenForm(forms.Form):
    assigned_to = forms.ModelChoiceField(label=_("Case manager"), queryset=None)
    summary = forms.CharField(label=_("Description"), required=False, widget=TEXT, max_length=10000)
    risk = forms.ChoiceField(label=_("Risk"), choices=Risk.choices, initial=Risk.MEDIUM)
    restricted = forms.BooleanField(
        label=_("Restricted (only named people see it, e.g. a colleague's relative)"), required=False
    )

    def __init__(self, *args, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = managers

    def clean_summary(self):
        return clean_text(self.cleaned_data["summary"])


class CaseDirectOpenForm(CaseOpenForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    incident_date = forms.DateField(label=_("Incident date"), required=False, widget=DATE)

    field_order = ["unit", "assigned_to", "summary", "risk", "incident_date", "restricted"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=TEXT, max_length=2000)

    def clean_reason(self):
        return clean_text(self.cleaned_data["reason"])


class OptionalReasonForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = False


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(label=_("Case manager"), queryset=None)

    def __init__(self, *args, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = managers


class RestrictForm(forms.Form):
    restricted = forms.BooleanField(label=_("Restricted"), required=False)
    named = forms.ModelMultipleChoiceField(
        label=_("People who may see it"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named"].queryset = managers


class ClosureDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve closing")), ("0", _("Send back"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=TEXT, max_length=2000)


class VictimForm(forms.Form):
    """A victim: an existing person on file (by id) or a new one, with SIMFONI data."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    nik = forms.CharField(label=_("NIK"), required=False, max_length=20)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("P", _("Female")), ("L", _("Male"))])
    violence_forms = forms.MultipleChoiceField(
        label=_("Forms of violence"), choices=ViolenceForm.choices, widget=forms.CheckboxSelectMultiple
    )
    trafficking_type = forms.ChoiceField(label=_("Trafficking type"), choices=TraffickingType.choices, required=False)
    disability = forms.BooleanField(label=_("With a disability"), required=False)
    education = forms.ChoiceField(label=_("Education"), required=False)
    occupation = forms.ChoiceField(label=_("Occupation"), required=False)
    marital_status = forms.ChoiceField(label=_("Marital status"), choices=MaritalStatus.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, list_name in (("education", CodeListName.EDUCATION), ("occupation", CodeListName.OCCUPATION)):
            entries = CodeListEntry.objects.filter(list_name=list_name, active=True)
            self.fields[name].choices = [("", _("Not known"))] + [(e.code, e.label) for e in entries]

    def clean_nik(self):
        from sigap.lib.identity import normalise_nik, parse_nik

        nik = normalise_nik(self.cleaned_data["nik"])
        if nik:
            self.nik_facts = parse_nik(nik)
        return nik

    def clean(self):
        cleaned = super().clean()
        facts = getattr(self, "nik_facts", None)
        if facts and cleaned.get("sex") and cleaned["sex"] != facts.sex:
            self.add_error("sex", _("The NIK says otherwise: for women, 40 is added to the day of birth."))
        if facts and cleaned.get("birth_date") and cleaned["birth_date"] != facts.birth_date:
            self.add_error("birth_date", _("The birth date does not match the NIK."))
        return cleaned


class PerpetratorForm(forms.Form):
    full_name = forms.CharField(label=_("Name, if known"), required=False, max_length=150)
    description = forms.CharField(label=_("Description"), required=False, widget=TEXT, max_length=2000)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", _("Not known")), ("L", _("Male")), ("P", _("Female"))], required=False
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("full_name") and not cleaned.get("description"):
            raise forms.ValidationError(_("Give the perpetrator's name or a description."))
        return cleaned


class RelationForm(forms.Form):
    victim = forms.ModelChoiceField(label=_("Victim"), queryset=None)
    perpetrator = forms.ModelChoiceField(label=_("Perpetrator"), queryset=None)
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["victim"].queryset = case.victims.select_related("person")
        self.fields["perpetrator"].queryset = case.perpetrators.select_related("person")


class AssessmentForm(forms.Form):
    findings = forms.CharField(label=_("Biopsychosocial findings"), widget=TEXT, max_length=20000)
    risk = forms.ChoiceField(label=_("Risk"), choices=Risk.choices)
    safety_plan = forms.CharField(label=_("Safety plan"), required=False, widget=TEXT, max_length=20000)


class GoalForm(forms.Form):
    goal = forms.CharField(label=_("Goal agreed with the client"), widget=TEXT, max_length=2000)
    due_date = forms.DateField(label=_("Due"), widget=DATE)


class ServiceForm(forms.Form):
    victim = forms.ModelChoiceField(label=_("Victim"), queryset=None)
    service_type = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    delivered_on = forms.DateField(label=_("Date"), widget=DATE)
    provider = forms.CharField(label=_("Provider"), max_length=150)
    description = forms.CharField(label=_("Description"), required=False, widget=TEXT, max_length=5000)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["victim"].queryset = case.victims.select_related("person")


class ConsentForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose (e.g. referral to the police)"), max_length=150)
    items = forms.MultipleChoiceField(
        label=_("What may be shared"), choices=SHARABLE_ITEMS, widget=forms.CheckboxSelectMultiple
    )


class ReferralForm(forms.Form):
    victim = forms.ModelChoiceField(label=_("Victim"), queryset=None)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=None)
    consent = forms.ModelChoiceField(label=_("Consent it relies on"), queryset=None)
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    shared_items = forms.MultipleChoiceField(
        label=_("Information shared"), choices=SHARABLE_ITEMS, widget=forms.CheckboxSelectMultiple
    )
    due_date = forms.DateField(label=_("Outcome due"), widget=DATE)

    def __init__(self, *args, case, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["victim"].queryset = case.victims.select_related("person")
        self.fields["partner"].queryset = partners
        self.fields["consent"].queryset = case.consents.filter(given=True)


class ReferralUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=TEXT, max_length=5000)


class LegalStepForm(forms.Form):
    perpetrator = forms.ModelChoiceField(label=_("Perpetrator"), queryset=None)
    stage = forms.ChoiceField(label=_("Stage"), choices=LegalStage.choices)
    institution = forms.CharField(label=_("Institution"), max_length=150)
    on = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perpetrator"].queryset = case.perpetrators.select_related("person")


class LegalEventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LegalEventKind.choices)
    at = forms.DateTimeField(label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), required=False, max_length=150)


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=TEXT, max_length=20000)
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"), choices=NoteConfidentiality.choices, initial=NoteConfidentiality.TEAM
    )

    def clean_body(self):
        return clean_text(self.cleaned_data["body"])


class CaseFactsForm(forms.Form):
    place_category = forms.ChoiceField(label=_("Place"), choices=[("", "–"), *PlaceCategory.choices], required=False)
    is_kdrt = forms.BooleanField(label=_("Domestic violence (KDRT)"), required=False)


class AttachmentForm(forms.Form):
    attachment = forms.FileField(
        label=_("File (photo or PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    description = forms.CharField(label=_("What it is"), required=False, max_length=200)

    def clean_attachment(self):
        from sigap.intake.attachments import validate_upload

        upload = self.cleaned_data["attachment"]
        # The real type, from the file's first bytes (what the browser says is not trusted).
        self.cleaned_data["content_type"] = validate_upload(upload)
        return upload
