from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sigap.accounts.choices import Role
from sigap.accounts.models import User
from sigap.cadres.choices import HEADCOUNT_AGE_BANDS, HEADCOUNT_SEXES, CadreStatus
from sigap.cadres.models import Cadre
from sigap.cadres.photos import validate_photo
from sigap.cadres.selectors import topic_list
from sigap.intake.forms import ReportForm, clean_text
from sigap.regions.selectors import village_list


def _village_field(**kwargs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=_("Kelurahan"), queryset=village_list().order_by("name"), **kwargs)


def cadre_accounts(units, *, keep: User | None = None):
    """Active accounts with the cadre role in these units that no cadre uses yet, and
    `keep`, the account a cadre already has, even closed (a former cadre's account lost
    its role when they left: saving their entry keeps the link, which retention follows)."""
    eligible = User.objects.filter(is_active=True, memberships__role=Role.CADRE, memberships__unit__in=units)
    taken = Cadre.objects.filter(user__isnull=False).exclude(user=keep).values("user")
    chosen = Q(pk__in=eligible.exclude(pk__in=taken).values("pk"))
    if keep is not None:
        chosen |= Q(pk=keep.pk)
    return User.objects.filter(chosen).order_by("username")


class CertificateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, certificate):
        participant = certificate.participant
        cohort = participant.registration.cohort
        return f"{participant.person.full_name} · {cohort.program.name} ({cohort.name}) · {certificate.code}"


class CadreForm(forms.Form):
    certificate = CertificateChoiceField(label=_("Who (a Kelas Kader graduate)"), queryset=None)
    village = _village_field()
    user = forms.ModelChoiceField(
        label=_("Login account (optional)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("An account with the cadre role, so the cadre can report outreach and refer families."),
    )
    consent = forms.BooleanField(label=_("The person agreed to serve as a cadre and to Puspaga keeping this record."))

    def __init__(self, *args, certificates, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].queryset = certificates
        self.fields["user"].queryset = cadre_accounts(units)


class CadreChangeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=CadreStatus.choices,
        help_text=_(
            "Ending takes the cadre role from their login account, and closes the account if it has no other role."
        ),
    )
    village = _village_field()
    user = forms.ModelChoiceField(label=_("Login account (optional)"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, cadre: Cadre, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = cadre_accounts(units, keep=cadre.user)


class TopicForm(forms.Form):
    name = forms.CharField(label=_("New topic"), max_length=150)

    def clean_name(self):
        return clean_text(self.cleaned_data["name"])


def headcount_field_name(sex: str, band: str) -> str:
    return f"n_{sex}_{band.replace('-', '_').replace('+', 'plus')}"


class OutreachForm(forms.Form):
    """A cadre's report of an outreach session, quick to fill on a phone."""

    topic = forms.ModelChoiceField(label=_("Topic"), queryset=None)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place (e.g. Balai RW 05)"), max_length=200)
    village = _village_field()
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.FileField(
        label=_("A photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_("Only if everyone in it agreed to be photographed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topic_list(active_only=True)
        for sex, sex_label in HEADCOUNT_SEXES:
            for band in HEADCOUNT_AGE_BANDS:
                self.fields[headcount_field_name(sex, band)] = forms.IntegerField(
                    label=f"{sex_label} {band.label}",
                    min_value=0,
                    max_value=5000,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )

    def headcount_rows(self):
        """(age band label, [male field, female field]) for the template's table."""
        return [
            (band.label, [self[headcount_field_name(sex, band)] for sex, _label in HEADCOUNT_SEXES])
            for band in HEADCOUNT_AGE_BANDS
        ]

    def clean_notes(self):
        return clean_text(self.cleaned_data["notes"])

    def clean_place(self):
        return clean_text(self.cleaned_data["place"])

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return held_on

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo:
            self.photo_type = validate_photo(photo)
        return photo

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) for name in self.fields if name.startswith("n_")):
            raise forms.ValidationError(_("Give the number of people who came, by sex and age."))
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        headcounts = {
            (sex, band.value): data.get(headcount_field_name(sex, band)) or 0
            for sex, _label in HEADCOUNT_SEXES
            for band in HEADCOUNT_AGE_BANDS
        }
        photo = data.get("photo") or None
        return {
            "topic": data["topic"],
            "held_on": data["held_on"],
            "place": data["place"],
            "village": data["village"],
            "notes": data["notes"],
            "headcounts": headcounts,
            "photo": photo,
            "photo_type": getattr(self, "photo_type", "") if photo else "",
        }


class ReferralForm(ReportForm):
    """The report form, as a cadre uses it: what they saw, where, and who is at risk.
    The cadre is the reporter, so the reporter and contact fields are left out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("reporter_relation", "reporter_name", "contact_method", "contact_value", "safe_hours"):
            del self.fields[name]
        for name in ("may_identify", "website"):
            del self.fields[name]
        self.fields["account"].label = _("What did you see or hear?")
        self.fields["account"].help_text = _("Who is at risk, what happened, and what help may be needed.")
        self.fields["consent"].label = _("I agree that LP-PAR / Puspaga process this referral and may call me back.")

    def service_arguments(self) -> dict:
        data = super().service_arguments()
        data.pop("may_identify", None)
        return data
