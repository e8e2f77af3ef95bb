from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login

from sigap.accounts import services, two_factor
from sigap.accounts.forms import LoginForm, TokenForm
from sigap.audit.services import client_ip, record


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None, request=request)
    if request.method == "POST":
        if form.is_valid():
            login(request, form.user)
            services.login_success_record(user=form.user, ip=client_ip(request), second_factor=False)
            return redirect("accounts:home")
        if not form.has_error("__all__", "locked") and form.cleaned_data.get("username"):
            services.login_failure_record(username=form.cleaned_data["username"], ip=client_ip(request))
    return render(request, "accounts/login.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    if request.user.is_verified():
        return redirect("accounts:home")
    if not two_factor.has_confirmed_device(request.user):
        return redirect("accounts:enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = two_factor.is_throttled(request.user)
        device = None if throttled else two_factor.verify_second_factor(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            services.login_success_record(user=request.user, ip=client_ip(request), second_factor=True)
            return redirect("accounts:home")
        if throttled:
            form.add_error("token", _("Please wait a few seconds after a wrong code, then type the newest code."))
        else:
            form.add_error("token", _("That code is not right. Codes change every 30 seconds; try the newest one."))
        # Attempts while throttled count too: a guesser gains nothing by hammering.
        user = services.login_failure_record(username=request.user.username, ip=client_ip(request))
        if user is not None and user.is_locked():
            logout(request)
            messages.error(request, _("Too many wrong codes: the account is locked for a while."))
            return redirect("accounts:login")
    return render(request, "accounts/verify.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    if two_factor.has_confirmed_device(request.user):
        return redirect("accounts:verify" if not request.user.is_verified() else "accounts:home")
    device = two_factor.pending_totp_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.two_factor_confirm(
            user=request.user, device=device, token=form.cleaned_data["token"], ip=client_ip(request)
        )
        if codes is not None:
            otp_login(request, device)
            return render(request, "accounts/backup_codes.html", {"codes": codes})
        form.add_error("token", _("That code is not right. Check the phone's clock and try the newest code."))
    context = {
        "form": form,
        "qr_svg": two_factor.qr_svg(device),
        "secret": two_factor.base32_secret(device),
    }
    return render(request, "accounts/enrol.html", context, status=400 if form.errors else 200)


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        record(actor=request.user, action="logout", target=request.user, ip=client_ip(request))
    logout(request)
    return redirect("public:home")


@login_required
@require_safe
def home(request):
    return render(request, "accounts/home.html")
