from datetime import datetime

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.choices import Role, UnitKind
from sigap.accounts.models import OrgUnit, User
from sigap.classes.choices import ContactMethod, Mode, SafeHours
from sigap.classes.models import Cohort, Module, Program
from sigap.intake.forms import clean_text, validate_contact
from sigap.people.choices import Sex


class RegistrationForm(forms.Form):
    """The public registration: the least a class needs (a name for the certificate),
    a partner's name for couples, and how (and whether) we may send messages."""

    full_name = forms.CharField(label=_("Your full name (as it should appear on the certificate)"), max_length=150)
    sex = forms.ChoiceField(label=_("Sex (optional)"), choices=Sex.choices, required=False)
    partner_name = forms.CharField(
        label=_("Your partner's full name (optional)"),
        max_length=150,
        required=False,
        help_text=_("Couples register together: one registration, two places."),
    )
    partner_sex = forms.ChoiceField(label=_("Your partner's sex (optional)"), choices=Sex.choices, required=False)
    contact_method = forms.ChoiceField(
        label=_("May we send you messages about the class? How?"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
    )
    contact_value = forms.CharField(label=_("Phone number or e-mail"), required=False, max_length=254)
    safe_hours = forms.ChoiceField(
        label=_("When may messages arrive?"), choices=SafeHours.choices, initial=SafeHours.ANY, required=False
    )
    may_identify = forms.BooleanField(label=_("Messages may say that they come from Puspaga"), required=False)
    consent = forms.BooleanField(label=_("I have read the notice above and agree."))
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args, couples: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not couples:
            del self.fields["partner_name"]
            del self.fields["partner_sex"]
        self.fields["full_name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["contact_value"].widget.attrs.update({"autocomplete": "off"})
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_full_name(self):
        return clean_text(self.cleaned_data["full_name"])

    def clean_safe_hours(self):
        return self.cleaned_data["safe_hours"] or SafeHours.ANY

    def clean_partner_name(self):
        return clean_text(self.cleaned_data["partner_name"])

    def clean(self):
        cleaned = super().clean()
        validate_contact(self, cleaned)
        return cleaned

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        people = [{"full_name": data["full_name"], "sex": data.get("sex", "")}]
        if data.get("partner_name"):
            people.append({"full_name": data["partner_name"], "sex": data.get("partner_sex", "")})
        return {
            "people": people,
            "contact_method": data["contact_method"],
            "contact_value": data["contact_value"],
            "safe_hours": data["safe_hours"],
            "may_identify": data["may_identify"],
            "consent": data["consent"],
        }


class ParticipantCodeForm(forms.Form):
    code = forms.CharField(label=_("Participant code"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )


class CheckInForm(ParticipantCodeForm):
    session_code = forms.CharField(
        label=_("Session code"),
        max_length=10,
        help_text=_("The facilitator shows it during the session."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session_code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )


class QuizForm(forms.Form):
    """One required radio group per question of the program."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=f"{question.number}. {question.text}",
                choices=list(enumerate(question.options)),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer.")},
            )

    def answers(self) -> dict[int, int]:
        return {question.pk: self.cleaned_data[f"q{question.pk}"] for question in self.questions}


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["kind", "name", "description", "for_couples", "min_attendance_percent", "requires_post_test"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_min_attendance_percent(self):
        value = self.cleaned_data["min_attendance_percent"]
        if value > 100:
            raise forms.ValidationError(_("Give a percentage from 0 to 100."))
        return value


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Module title"), max_length=200)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    options = forms.CharField(
        label=_("Answer options, one per line"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    correct = forms.IntegerField(label=_("Number of the correct option (1 is the first line)"), min_value=1)

    def clean(self):
        cleaned = super().clean()
        options = [line.strip() for line in (cleaned.get("options") or "").splitlines() if line.strip()]
        if len(options) < 2:
            self.add_error("options", _("Give at least two options, one per line."))
        elif cleaned.get("correct") and cleaned["correct"] > len(options):
            self.add_error("correct", _("There are only %(count)s options.") % {"count": len(options)})
        cleaned["options_list"] = options
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {"text": data["text"], "options": data["options_list"], "correct_option": data["correct"] - 1}


def facilitators_in(units) -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, memberships__role=Role.FACILITATOR, memberships__unit__in=units)
        .distinct()
        .order_by("display_name", "username")
    )


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = [
            "unit",
            "program",
            "name",
            "mode",
            "venue",
            "online_link",
            "capacity",
            "facilitator",
            "registration_open",
        ]
        widgets = {"mode": forms.RadioSelect}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=units, kind=UnitKind.PREVENTION)
        self.fields["program"].queryset = Program.objects.filter(is_active=True)
        self.fields["facilitator"].queryset = facilitators_in(units)
        self.fields["capacity"].min_value = 1
        if self.instance.pk:
            # A cohort does not move between units or programs once people registered.
            del self.fields["unit"]
            del self.fields["program"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == Mode.ONLINE and not cleaned.get("online_link"):
            self.add_error("online_link", _("An online cohort needs the meeting link."))
        if cleaned.get("mode") == Mode.IN_PERSON and not cleaned.get("venue"):
            self.add_error("venue", _("An in-person cohort needs a venue."))
        if cleaned.get("capacity") == 0:
            self.add_error("capacity", _("A cohort needs at least one place."))
        return cleaned


class SessionForm(forms.Form):
    module = forms.ModelChoiceField(label=_("Module"), queryset=Module.objects.none(), required=False)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator, if not the cohort's"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = cohort.program.modules.all()
        self.fields["facilitator"].queryset = facilitators_in(OrgUnit.objects.filter(pk=cohort.unit_id))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] <= cleaned["start"]:
            self.add_error("end", _("A session must end after it starts."))
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        return {
            "module": data["module"],
            "facilitator": data["facilitator"],
            "starts_at": datetime.combine(data["date"], data["start"], tzinfo=tz),
            "ends_at": datetime.combine(data["date"], data["end"], tzinfo=tz),
        }


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revoking"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_reason(self):
        return clean_text(self.cleaned_data["reason"])
