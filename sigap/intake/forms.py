import unicodedata

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from sigap.intake.attachments import validate_upload
from sigap.intake.choices import AgeBand, Category, Channel, ContactMethod, Queue, ReporterRelation, Risk
from sigap.lib.forms import CodeChoiceField, CodeMultipleChoiceField
from sigap.lib.identity import normalise_nik, normalise_phone, parse_nik
from sigap.people.choices import Sex
from sigap.regions.selectors import village_choices, village_of_city

OUTSIDE = "outside"
CITY_CODE = "33.75"  # Kota Pekalongan: the kelurahan the public form offers
ACCOUNT_MAX = 5000
YES_NO = [("no", _("No")), ("yes", _("Yes"))]


def clean_text(value: str) -> str:
    """Refuse control characters (other than line breaks and tabs); markup is kept as
    text and is always escaped when shown, so it can never run."""
    for char in value:
        if unicodedata.category(char) in {"Cc", "Cs", "Co", "Cn"} and char not in "\n\r\t":
            raise forms.ValidationError(_("The text contains characters that cannot be stored. Please retype it."))
    return value.strip()


def validate_contact(form: forms.Form, cleaned: dict) -> None:
    """The safe-contact rule every public form shares: a phone or WhatsApp choice needs
    a valid number (kept in E.164), e-mail a valid address; "none" keeps nothing."""
    method, value = cleaned.get("contact_method"), (cleaned.get("contact_value") or "").strip()
    if method in (ContactMethod.PHONE, ContactMethod.WHATSAPP):
        if not value:
            form.add_error("contact_value", _("Give a phone number, or choose not to be contacted."))
        else:
            try:
                cleaned["contact_value"] = normalise_phone(value)
            except forms.ValidationError as error:
                form.add_error("contact_value", error)
    elif method == ContactMethod.EMAIL:
        try:
            validate_email(value)
        except forms.ValidationError:
            form.add_error("contact_value", _("Give a valid e-mail address, or choose not to be contacted."))
    elif method == ContactMethod.NONE:
        cleaned["contact_value"] = ""


class ReportForm(forms.Form):
    """The public report form. Everything optional is truly optional: an anonymous
    report needs only what happened and consent."""

    reporter_relation = CodeChoiceField(
        label=_("Who is reporting?"), choices=ReporterRelation.choices, widget=forms.RadioSelect
    )
    reporter_name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=150)
    categories = CodeMultipleChoiceField(
        label=_("What happened? Choose all that fit."), choices=Category.choices, widget=forms.CheckboxSelectMultiple
    )
    account = forms.CharField(
        label=_("Tell us in your own words"),
        max_length=ACCOUNT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, to whom, and what help is needed. At most 5000 characters."),
    )
    incident_date = forms.DateField(
        label=_("When did it happen? (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.ChoiceField(label=_("Where did it happen?"), required=False)
    subject_age_band = CodeChoiceField(label=_("Age of the person concerned"), choices=AgeBand.choices, required=False)
    subject_sex = CodeChoiceField(label=_("Sex of the person concerned"), choices=Sex.choices, required=False)
    in_danger = CodeChoiceField(
        label=_("Is anyone in danger right now?"), choices=YES_NO, widget=forms.RadioSelect, initial="no"
    )
    contact_method = CodeChoiceField(
        label=_("May we contact you? How?"), choices=ContactMethod.choices, widget=forms.RadioSelect
    )
    contact_value = forms.CharField(label=_("Phone number or e-mail"), required=False, max_length=254)
    safe_hours = forms.CharField(label=_("When is it safe to contact you? (optional)"), required=False, max_length=100)
    may_identify = forms.BooleanField(
        label=_("Our messages may say that they come from LP-PAR / Puspaga"), required=False
    )
    consent = forms.BooleanField(label=_("I have read the notice above and agree."))
    # A field people never see; software that fills in every field gives itself away.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        villages = [(code, f"{name} ({district})") for code, name, district in village_choices(city_code=CITY_CODE)]
        self.fields["place"].choices = [("", _("Not known")), *villages, (OUTSIDE, _("Outside Kota Pekalongan"))]
        self.fields["contact_value"].widget.attrs.update({"autocomplete": "off"})
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_account(self):
        return clean_text(self.cleaned_data["account"])

    def clean_reporter_name(self):
        return clean_text(self.cleaned_data["reporter_name"])

    def clean_safe_hours(self):
        return clean_text(self.cleaned_data["safe_hours"])

    def clean_contact_value(self):
        return clean_text(self.cleaned_data["contact_value"])

    def clean(self):
        cleaned = super().clean()
        validate_contact(self, cleaned)
        return cleaned

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        place = data.pop("place")
        data.pop("website", None)
        data["in_danger"] = data["in_danger"] == "yes"
        data["outside_city"] = place == OUTSIDE
        data["village"] = village_of_city(city_code=CITY_CODE, code=place) if place and place != OUTSIDE else None
        return data


class StaffReportForm(ReportForm):
    """A report taken by staff from a walk-in, a call, a message, a letter, outreach, a
    cadre or another agency: the public form's fields, the channel, and who the person
    concerned is, so that a possible duplicate in the person index can be proposed."""

    channel = forms.ChoiceField(label=_("Channel"), choices=[c for c in Channel.choices if c[0] != Channel.WEB])
    subject_name = forms.CharField(label=_("Name of the person concerned"), required=False, max_length=150)
    subject_nik = forms.CharField(label=_("NIK of the person concerned"), required=False, max_length=20)
    subject_phone = forms.CharField(label=_("Phone of the person concerned"), required=False, max_length=30)
    subject_birth_date = forms.DateField(
        label=_("Birth date of the person concerned"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # "new", or the id of a proposed existing person; empty until duplicates were shown.
    person_choice = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["channel", "subject_name", "subject_nik", "subject_phone", "subject_birth_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["consent"].label = _("The reporter heard the notice (read aloud if needed) and agreed.")

    def clean_subject_nik(self):
        nik = normalise_nik(self.cleaned_data["subject_nik"])
        if nik:
            parse_nik(nik)
        return nik

    def clean_subject_phone(self):
        return normalise_phone(self.cleaned_data["subject_phone"])

    def clean_subject_name(self):
        return clean_text(self.cleaned_data["subject_name"])

    def is_bot(self) -> bool:
        return False

    def person_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "full_name": data["subject_name"],
            "nik": data["subject_nik"],
            "phone": data["subject_phone"],
            "birth_date": data["subject_birth_date"],
            "sex": data.get("subject_sex", ""),
        }

    def service_arguments(self) -> dict:
        data = super().service_arguments()
        for name in ("subject_name", "subject_nik", "subject_phone", "subject_birth_date", "person_choice"):
            data.pop(name, None)
        return data


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )


class ReporterReplyForm(forms.Form):
    body = forms.CharField(label=_("Your message"), max_length=ACCOUNT_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(
        label=_("Attach a photo or PDF (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def clean_body(self):
        return clean_text(self.cleaned_data["body"])

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            self.attachment_type = validate_upload(upload)
        return upload

    def files_to_store(self) -> list:
        upload = self.cleaned_data.get("attachment")
        return [(upload, self.attachment_type)] if upload else []


class RouteForm(forms.Form):
    queue = forms.ChoiceField(label=_("Queue"), choices=Queue.choices)
    risk = forms.ChoiceField(label=_("Risk"), choices=Risk.choices)
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    prefix = "close"  # the report page also has the routing form's "reason"

    reason = forms.CharField(
        label=_("Why no case or consultation is needed"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: information given, referred to another service, a duplicate of another report."),
    )

    def clean_reason(self):
        return clean_text(self.cleaned_data["reason"])


class StaffMessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=ACCOUNT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    internal = forms.BooleanField(label=_("Internal note (the reporter does not see it)"), required=False)

    def clean_body(self):
        return clean_text(self.cleaned_data["body"])
