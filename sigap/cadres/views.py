"""Staff and cadre pages under /staf/kader/: the registry, coverage, topics, and the
cadre's own outreach reports and referrals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sigap.accounts.choices import ROLES_MANAGING_CADRES
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.audit.services import client_ip, record, record_read
from sigap.cadres.forms import CadreChangeForm, CadreForm, OutreachForm, ReferralForm, TopicForm
from sigap.cadres.photos import read_decrypted
from sigap.cadres.selectors import (
    cadre_for_user,
    cadre_get_for_user,
    cadre_list_for_user,
    coverage_for_user,
    eligible_certificates_for_user,
    outreach_get_for_user,
    outreach_list_for_user,
    referral_list_for_user,
    topic_list,
    training_history,
)
from sigap.cadres.services import (
    cadre_enrol,
    cadre_update,
    outreach_record,
    referral_submit,
    topic_add,
    topics_add_standard,
)

PAGE_SIZE = 50


def _posted(request):
    """The POST data to bind a form to: an empty POST is still a submission."""
    return request.POST if request.method == "POST" else None


def _own_cadre(request):
    """The logged-in cadre's record; 403 for anyone without one (or not active)."""
    cadre = cadre_for_user(request.user)
    if cadre is None:
        raise PermissionDenied
    return cadre


@login_required
@require_safe
def cadre_list(request):
    page = Paginator(cadre_list_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    return render(request, "cadres/cadre_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def cadre_new(request):
    certificates = eligible_certificates_for_user(request.user)
    units = units_for_roles(request.user, ROLES_MANAGING_CADRES)
    form = CadreForm(_posted(request), certificates=certificates, units=units)
    if request.method == "POST" and form.is_valid():
        cadre = cadre_enrol(actor=request.user, ip=client_ip(request), **form.cleaned_data)
        return redirect(cadre)
    return render(request, "cadres/cadre_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_safe
def cadre_detail(request, pk: int):
    cadre = cadre_get_for_user(request.user, pk, ip=client_ip(request))
    return render(request, "cadres/cadre_detail.html", _detail_context(request, cadre))


def _detail_context(request, cadre, form=None) -> dict:
    may_manage = has_role(request.user, ROLES_MANAGING_CADRES)
    if may_manage and form is None:
        initial = {"status": cadre.status, "village": cadre.village, "user": cadre.user}
        form = CadreChangeForm(initial=initial, cadre=cadre, units=units_for_roles(request.user, ROLES_MANAGING_CADRES))
    return {"cadre": cadre, "history": training_history(cadre), "form": form, "may_manage": may_manage}


@login_required
@require_POST
def cadre_change(request, pk: int):
    cadre = cadre_get_for_user(request.user, pk, manage=True, ip=client_ip(request))
    units = units_for_roles(request.user, ROLES_MANAGING_CADRES)
    form = CadreChangeForm(request.POST, cadre=cadre, units=units)
    if not form.is_valid():
        return render(request, "cadres/cadre_detail.html", _detail_context(request, cadre, form), status=400)
    try:
        cadre_update(actor=request.user, cadre=cadre, ip=client_ip(request), **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return render(request, "cadres/cadre_detail.html", _detail_context(request, cadre, form), status=400)
    messages.success(request, _("Saved."))
    return redirect(cadre)


@login_required
@require_safe
def coverage(request):
    return render(request, "cadres/coverage.html", {"coverage": coverage_for_user(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def topics(request):
    if not has_role(request.user, ROLES_MANAGING_CADRES):
        raise PermissionDenied
    form = TopicForm(request.POST if "name" in request.POST else None)
    if request.method == "POST":
        if "standard" in request.POST:
            count = topics_add_standard(actor=request.user)
            messages.success(request, _("%(count)s standard topics added.") % {"count": count})
            return redirect("cadres:topics")
        if form.is_valid():
            topic_add(actor=request.user, name=form.cleaned_data["name"])
            return redirect("cadres:topics")
    context = {"topics": topic_list(), "form": form}
    return render(request, "cadres/topics.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def outreach_list(request):
    page = Paginator(outreach_list_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    context = {"page": page, "own_cadre": cadre_for_user(request.user)}
    return render(request, "cadres/outreach_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def outreach_new(request):
    cadre = _own_cadre(request)
    form = OutreachForm(_posted(request), request.FILES or None, initial={"village": cadre.village})
    if request.method == "POST" and form.is_valid():
        activity = outreach_record(actor=request.user, cadre=cadre, ip=client_ip(request), **form.service_arguments())
        messages.success(request, _("Thank you: the outreach session is recorded."))
        return redirect(activity)
    return render(request, "cadres/outreach_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_safe
def outreach_detail(request, pk: int):
    activity = outreach_get_for_user(request.user, pk, ip=client_ip(request))
    headcounts = activity.headcounts.order_by("age_band", "sex")
    return render(request, "cadres/outreach_detail.html", {"activity": activity, "headcounts": headcounts})


@login_required
@require_safe
def outreach_photo(request, pk: int):
    activity = outreach_get_for_user(request.user, pk, ip=client_ip(request))
    if not activity.photo_name:
        raise Http404
    record(actor=request.user, action="view", target=activity, unit=activity.unit, changes={"photo": True})
    response = HttpResponse(read_decrypted(activity.photo_name), content_type=activity.photo_type)
    response["Content-Disposition"] = f'attachment; filename="penyuluhan-{activity.pk}"'
    return response


@login_required
@require_safe
def referral_list(request):
    page = Paginator(referral_list_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    context = {"page": page, "own_cadre": cadre_for_user(request.user)}
    return render(request, "cadres/referral_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request):
    cadre = _own_cadre(request)
    form = ReferralForm(_posted(request), initial={"place": cadre.village_id})
    if request.method == "POST" and form.is_valid():
        referral_submit(actor=request.user, cadre=cadre, ip=client_ip(request), **form.service_arguments())
        messages.success(request, _("Thank you. The referral was sent to LP-PAR / Puspaga; follow its status here."))
        return redirect("cadres:referrals")
    return render(request, "cadres/referral_form.html", {"form": form}, status=400 if form.errors else 200)
