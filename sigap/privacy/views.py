import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sigap.accounts.scoping import units_for_roles
from sigap.audit.services import client_ip, record
from sigap.lib.pdf import render_pdf
from sigap.people.selectors import person_get_for_user
from sigap.privacy.forms import BreachForm, RequestCloseForm, RequestForm
from sigap.privacy.selectors import (
    ROLES_PRIVACY,
    breach_get_for_user,
    breach_list_for_user,
    request_get_for_user,
    request_list_for_user,
)
from sigap.privacy.services import breach_notified, breach_record, request_close, request_record
from sigap.privacy.subject_data import person_export


@login_required
@require_safe
def request_list(request):
    page = Paginator(request_list_for_user(request.user), 50).get_page(request.GET.get("page"))
    breaches = breach_list_for_user(request.user)[:20]
    return render(request, "privacy/request_list.html", {"page": page, "breaches": breaches})


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request):
    units = units_for_roles(request.user, ROLES_PRIVACY)
    if not units.exists():
        raise PermissionDenied
    form = RequestForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person_id = data.pop("person")
        person = person_get_for_user(request.user, person_id, ip=client_ip(request)) if person_id else None
        created = request_record(actor=request.user, person=person, **data)
        return redirect(created)
    return render(request, "privacy/request_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
    subject_request = request_get_for_user(request.user, pk, ip=client_ip(request))
    form = RequestCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_close(actor=request.user, request=subject_request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(subject_request)
    context = {"subject_request": subject_request, "form": form}
    return render(request, "privacy/request_detail.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def request_export(request, pk: int, fmt: str):
    """Everything Sigap holds on the request's person, as JSON or a readable PDF."""
    subject_request = request_get_for_user(request.user, pk, ip=client_ip(request))
    if subject_request.person is None or fmt not in ("json", "pdf"):
        return HttpResponse(status=404)
    data = person_export(subject_request.person)
    record(
        actor=request.user, action="export", target=subject_request.person, unit=subject_request.unit,
        ip=client_ip(request), reason=f"access request #{subject_request.pk}",
    )  # fmt: skip
    if fmt == "json":
        response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    else:
        pdf = render_pdf("privacy/subject_export_pdf.html", {"data": data, "subject_request": subject_request})
        response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="data-pribadi-{subject_request.pk}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def breach_new(request):
    units = units_for_roles(request.user, ROLES_PRIVACY)
    if not units.exists():
        raise PermissionDenied
    form = BreachForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        breach = breach_record(actor=request.user, **form.cleaned_data)
        return redirect(breach)
    return render(request, "privacy/breach_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_safe
def breach_detail(request, pk: int):
    return render(request, "privacy/breach_detail.html", {"breach": breach_get_for_user(request.user, pk)})


@login_required
@require_POST
def breach_notify(request, pk: int):
    breach = breach_get_for_user(request.user, pk)
    breach_notified(
        actor=request.user, breach=breach, subjects="subjects" in request.POST, authority="authority" in request.POST
    )
    return redirect(breach)


@login_required
@require_safe
def breach_letter(request, pk: int):
    """The notification letter to the people affected (UU PDP Pasal 46), as a PDF."""
    breach = breach_get_for_user(request.user, pk)
    pdf = render_pdf("privacy/breach_letter_pdf.html", {"breach": breach})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pemberitahuan-insiden-{breach.pk}.pdf"'
    return response
