from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from sigap.accounts.choices import ROLES_READING_OWN_FILES
from sigap.accounts.scoping import units_for_roles
from sigap.audit.services import client_ip, record_read
from sigap.people.forms import PersonForm
from sigap.people.selectors import READING_ROLES, person_get_for_user, person_list_for_user
from sigap.people.services import person_create

PAGE_SIZE = 50


@login_required
@require_safe
def person_list(request):
    query = request.GET.get("q", "")
    people = person_list_for_user(request.user, query=query)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    return render(request, "people/person_list.html", {"page": page, "query": query})


@login_required
@require_safe
def person_detail(request, pk: int):
    person = person_get_for_user(request.user, pk, ip=client_ip(request))
    return render(request, "people/person_detail.html", {"person": person})


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request):
    units = units_for_roles(request.user, READING_ROLES)
    if not units.exists():
        raise PermissionDenied
    form = PersonForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        owns_files = bool(request.user.roles() & ROLES_READING_OWN_FILES)
        person = person_create(
            actor=request.user,
            responsible=request.user if owns_files else None,
            ip=client_ip(request),
            **form.cleaned_data,
        )
        return redirect(person)
    return render(request, "people/person_form.html", {"form": form}, status=400 if form.errors else 200)
