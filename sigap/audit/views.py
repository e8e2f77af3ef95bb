from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sigap.audit.forms import AuditFilterForm
from sigap.audit.selectors import audit_event_list_for_user
from sigap.lib.pagination import uncounted_page

PAGE_SIZE = 100


@login_required
@require_safe
def event_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_event_list_for_user(request.user, **{k: v for k, v in filters.items() if v})
    # Not counted: the log grows by every page anyone opens (millions of entries in a
    # few years), and a count of it would cost more than the page.
    page = uncounted_page(events, request.GET.get("page"), PAGE_SIZE)
    return render(request, "audit/event_list.html", {"form": form, "page": page})
