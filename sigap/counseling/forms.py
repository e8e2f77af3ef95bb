from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from sigap.counseling import ikm
from sigap.counseling.availability import Slot
from sigap.counseling.choices import (
    Attendance,
    ClosureReason,
    ConsultationKind,
    ContactMethod,
    CounsellorTitle,
    DocumentStatus,
    DocumentType,
    ExceptionKind,
    Mode,
)
from sigap.counseling.models import AvailabilityException, CounsellorProfile, WeeklyAvailability
from sigap.intake.choices import VIOLENCE_CATEGORIES, Category
from sigap.intake.forms import YES_NO, clean_text, validate_contact

TEXT_MAX = 5000
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def slot_choices(slots: list[Slot], titles: dict[int, str]) -> list:
    """Slots grouped by day (one <optgroup> each), labelled with the time and the counsellor."""
    groups: dict[str, list] = {}
    for slot in slots:
        local = timezone.localtime(slot.start)
        day = formats.date_format(local, "l, j F Y")
        label = f"{formats.time_format(local, 'H:i')} · {titles.get(slot.profile_id, '')}".strip(" ·")
        groups.setdefault(day, []).append((slot.value, label))
    return [("", _("Choose a time")), *groups.items()]


class SafeContactForm(forms.Form):
    """How, whether and when the person may be contacted, checked as on the report form."""

    contact_method = forms.ChoiceField(
        label=_("May we contact you? How?"), choices=ContactMethod.choices, widget=forms.RadioSelect
    )
    contact_value = forms.CharField(label=_("Phone number or e-mail"), required=False, max_length=254)
    safe_from = forms.TimeField(label=_("Safe to contact from (optional)"), required=False, widget=TIME)
    safe_until = forms.TimeField(label=_("Safe to contact until (optional)"), required=False, widget=TIME)
    may_identify = forms.BooleanField(
        label=_("Our messages may say that they come from Puspaga"),
        required=False,
        help_text=_("If not ticked, reminders only give the date and time, without our name or address."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_value"].widget.attrs.update({"autocomplete": "off"})

    def clean(self):
        cleaned = super().clean()
        validate_contact(self, cleaned)
        safe_from, safe_until = cleaned.get("safe_from"), cleaned.get("safe_until")
        if (safe_from is None) != (safe_until is None):
            self.add_error("safe_until", _("Give both times of the safe hours, or neither."))
        elif safe_from is not None and safe_from == safe_until:
            self.add_error("safe_until", _("The safe hours must not start and end at the same time."))
        return cleaned

    def contact_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name] for name in ("contact_method", "contact_value", "safe_from", "safe_until", "may_identify")
        }


class SlotSearchForm(forms.Form):
    """Step one of booking (a GET form): what kind of help, and where."""

    kind = forms.ChoiceField(
        label=_("What would you like to talk about?"), choices=ConsultationKind.choices, widget=forms.RadioSelect
    )
    mode = forms.ChoiceField(label=_("Where?"), choices=Mode.choices, widget=forms.RadioSelect)


class BookingForm(SafeContactForm):
    """Step two: a free slot and the least we need to know. A name or an alias is enough."""

    kind = forms.ChoiceField(choices=ConsultationKind.choices, widget=forms.HiddenInput)
    mode = forms.ChoiceField(choices=Mode.choices, widget=forms.HiddenInput)
    slot = forms.ChoiceField(
        label=_("Choose a time"),
        error_messages={"invalid_choice": _("This time is no longer free. Please choose another.")},
    )
    name = forms.CharField(
        label=_("Your name or an alias"),
        max_length=150,
        help_text=_("Any name we may call you by. You do not need to give your real name."),
    )
    partner_name = forms.CharField(label=_("Your partner's name or alias (optional)"), required=False, max_length=150)
    consent = forms.BooleanField(label=_("I have read the notice above and agree."))
    # A field people never see; software that fills in every field gives itself away.
    website = forms.CharField(label=_("Leave this empty"), required=False)

    field_order = ["kind", "mode", "slot", "name", "partner_name"]

    def __init__(self, *args, slots: list[Slot], titles: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {slot.value: slot for slot in slots}
        self.fields["slot"].choices = slot_choices(slots, titles)
        self.fields["name"].widget.attrs.update({"autocomplete": "off"})
        self.fields["partner_name"].widget.attrs.update({"autocomplete": "off"})
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_name(self):
        return clean_text(self.cleaned_data["name"])

    def clean_partner_name(self):
        return clean_text(self.cleaned_data["partner_name"])

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def chosen_slot(self) -> Slot:
        return self.slots[self.cleaned_data["slot"]]

    def service_arguments(self) -> dict:
        data, slot = self.cleaned_data, self.chosen_slot()
        return {
            "kind": data["kind"],
            "mode": data["mode"],
            "profile_id": slot.profile_id,
            "start": slot.start,
            "name": data["name"],
            "partner_name": data["partner_name"] if data["kind"] == ConsultationKind.PREMARITAL else "",
            "consent": data["consent"],
            **self.contact_arguments(),
        }


class RescheduleForm(forms.Form):
    slot = forms.ChoiceField(
        label=_("Choose a new time"),
        error_messages={"invalid_choice": _("This time is no longer free. Please choose another.")},
    )

    def __init__(self, *args, slots: list[Slot], titles: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = {slot.value: slot for slot in slots}
        self.fields["slot"].choices = slot_choices(slots, titles)

    def chosen_slot(self) -> Slot:
        return self.slots[self.cleaned_data["slot"]]


class SurveyCodeForm(forms.Form):
    code = forms.CharField(label=_("Survey code"), max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )


class SurveyForm(forms.Form):
    """The nine IKM elements, each answered 1–4 with the questionnaire's words, and a comment."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    comment = forms.CharField(
        label=_("Anything else you want to tell us? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Please do not write your name or other details that could identify you."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        elements = {}
        for element in ikm.ELEMENTS:
            elements[element.code.lower()] = forms.TypedChoiceField(
                label=f"{element.code}. {element.name}",
                choices=[(score, label) for score, label in zip(ikm.SCALE, element.answers, strict=True)],
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.fields = {**elements, "comment": self.fields["comment"], "code": self.fields["code"]}

    def clean_comment(self):
        return clean_text(self.cleaned_data["comment"])

    def scores(self) -> list[int]:
        return [self.cleaned_data[code.lower()] for code in ikm.CODES]


# --- Staff --------------------------------------------------------------------------


class ConsultationForm(SafeContactForm):
    """A consultation recorded by staff: a walk-in, a call, or a report routed to Puspaga."""

    kind = forms.ChoiceField(label=_("Kind of consultation"), choices=ConsultationKind.choices)
    counsellor = forms.ModelChoiceField(label=_("Counsellor"), queryset=CounsellorProfile.objects.none())
    report = forms.IntegerField(
        label=_("From report number (optional)"),
        required=False,
        min_value=1,
        help_text=_("The number of a report in the Puspaga queue. Its person is linked to the consultation."),
    )
    full_name = forms.CharField(label=_("Name or alias of the person"), required=False, max_length=150)
    partner_name = forms.CharField(label=_("Partner's name or alias (premarital)"), required=False, max_length=150)

    field_order = ["kind", "counsellor", "report", "full_name", "partner_name"]

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = profiles
        self.fields["counsellor"].label_from_instance = lambda profile: str(profile)
        self.fields["contact_method"].initial = ContactMethod.NONE

    def clean_full_name(self):
        return clean_text(self.cleaned_data["full_name"])

    def clean_partner_name(self):
        return clean_text(self.cleaned_data["partner_name"])

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("report") and not cleaned.get("full_name"):
            self.add_error("full_name", _("Give a name or alias, or the number of the report it comes from."))
        return cleaned


class SessionForm(forms.Form):
    appointment = forms.TypedChoiceField(label=_("Appointment"), required=False, coerce=int, empty_value=None)
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices, widget=forms.RadioSelect)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Encrypted; only you and the head of the unit can read them."),
    )
    outcome = forms.CharField(
        label=_("Outcome"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_step = forms.CharField(
        label=_("Next step"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_start = forms.DateTimeField(
        label=_("Follow-up appointment (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    follow_up_mode = forms.ChoiceField(label=_("Follow-up where"), choices=Mode.choices, required=False)

    def __init__(self, *args, appointments, **kwargs):
        super().__init__(*args, **kwargs)
        self.appointments = {appointment.pk: appointment for appointment in appointments}
        self.fields["appointment"].choices = [("", _("No appointment (e.g. a walk-in)"))] + [
            (pk, formats.date_format(timezone.localtime(a.start), "SHORT_DATETIME_FORMAT"))
            for pk, a in self.appointments.items()
        ]

    def clean_notes(self):
        return clean_text(self.cleaned_data["notes"])

    def clean_outcome(self):
        return clean_text(self.cleaned_data["outcome"])

    def clean_next_step(self):
        return clean_text(self.cleaned_data["next_step"])

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("follow_up_start")
        if start is not None:
            if start <= timezone.now():
                self.add_error("follow_up_start", _("A follow-up appointment must be in the future."))
            if not cleaned.get("follow_up_mode"):
                self.add_error("follow_up_mode", _("Choose where the follow-up takes place."))
        return cleaned

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["appointment"] = self.appointments.get(data["appointment"]) if data["appointment"] else None
        return data


class DocumentForm(forms.Form):
    document = forms.ChoiceField(label=_("Document"), choices=DocumentType.choices)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=500)

    def clean_note(self):
        return clean_text(self.cleaned_data["note"])


class DocumentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DocumentStatus.choices)


class ReferralForm(forms.Form):
    partner = forms.CharField(
        label=_("Partner"), max_length=150, help_text=_("E.g. Pengadilan Agama, Dukcapil, a legal-aid office.")
    )
    referred_on = forms.DateField(label=_("Referred on"), widget=DATE)
    purpose = forms.CharField(label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Answer expected by (optional)"), required=False, widget=DATE)

    def clean_purpose(self):
        return clean_text(self.cleaned_data["purpose"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("due_on") and cleaned.get("referred_on") and cleaned["due_on"] < cleaned["referred_on"]:
            self.add_error("due_on", _("The answer cannot be expected before the referral."))
        return cleaned


class ReferralOutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_outcome(self):
        return clean_text(self.cleaned_data["outcome"])


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=ClosureReason.choices, widget=forms.RadioSelect)


class ReassignForm(forms.Form):
    """The head gives a consultation to another active counsellor of its unit."""

    counsellor = forms.ModelChoiceField(label=_("New counsellor"), queryset=CounsellorProfile.objects.none())

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = profiles


class EscalateForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("What came to light? Choose all that fit."),
        choices=[(code, label) for code, label in Category.choices if code in VIOLENCE_CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label=_("Summary for LP-PAR"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What LP-PAR needs to act: what happened, to whom, and any danger now. Not your session notes."),
    )
    in_danger = forms.ChoiceField(
        label=_("Is anyone in danger right now?"), choices=YES_NO, widget=forms.RadioSelect, initial="no"
    )
    told = forms.BooleanField(
        label=_("The person was told that the matter goes to LP-PAR (or the law requires it, e.g. a child at risk).")
    )

    def clean_summary(self):
        return clean_text(self.cleaned_data["summary"])


class ProfileForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of consultation you take"), choices=ConsultationKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = CounsellorProfile
        fields = ["title", "kinds", "in_person", "online", "video_link", "slot_minutes", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].choices = CounsellorTitle.choices
        self.fields["video_link"].help_text = _("The link of your video-call room. Sigap does not host video calls.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("in_person") and not cleaned.get("online"):
            self.add_error("online", _("Choose at least one place to meet: the office, online, or both."))
        if cleaned.get("online") and not cleaned.get("video_link"):
            self.add_error("video_link", _("Give the link of your video-call room to meet people online."))
        return cleaned


class AvailabilityForm(forms.ModelForm):
    class Meta:
        model = WeeklyAvailability
        fields = ["weekday", "start_time", "end_time"]
        widgets = {"start_time": TIME, "end_time": TIME}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start_time") and cleaned.get("end_time") and cleaned["end_time"] <= cleaned["start_time"]:
            self.add_error("end_time", _("The end must be after the start."))
        return cleaned

    def _post_clean(self):
        # The profile is set by the service; the model's constraints are checked there.
        pass


class ExceptionForm(forms.ModelForm):
    class Meta:
        model = AvailabilityException
        fields = ["kind", "date_from", "date_until", "label"]
        widgets = {"date_from": DATE, "date_until": DATE}

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kinds:
            self.fields["kind"].choices = [(k, label) for k, label in ExceptionKind.choices if k in kinds]
        self.fields["label"].help_text = _("E.g. the name of the holiday. No personal reasons.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_until") and cleaned["date_until"] < cleaned["date_from"]:
            self.add_error("date_until", _("The last day cannot be before the first."))
        return cleaned

    def _post_clean(self):
        pass


class IkmFilterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False, empty_label=_("All my units"))
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
