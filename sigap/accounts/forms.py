from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from sigap.accounts.models import User


class LoginForm(forms.Form):
    """Username and password. Lockout and failure counting live in the view's
    services; this form only says whether the pair is right."""

    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.user: User | None = None
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean(self):
        cleaned = super().clean()
        username, password = cleaned.get("username"), cleaned.get("password")
        if not username or not password:
            return cleaned
        locked = User.objects.filter(username=username, locked_until__isnull=False).first()
        if locked and locked.is_locked():
            raise forms.ValidationError(
                _(
                    "This account is locked for a while after too many failed attempts. Try again later or ask an administrator."
                ),
                code="locked",
            )
        self.user = authenticate(self.request, username=username, password=password)
        if self.user is None:
            raise forms.ValidationError(_("The username or password is not right."), code="invalid_login")
        return cleaned


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app, or a backup code."""

    token = forms.CharField(label=_("Code"), max_length=16, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "text", "autocapitalize": "none"}
        )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "")
