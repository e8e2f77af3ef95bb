from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from sigap.notifications.selectors import notification_list_for_user
from sigap.notifications.services import notifications_mark_read


@login_required
@require_safe
def notification_list(request):
    page = Paginator(notification_list_for_user(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
@require_POST
def mark_read(request):
    notifications_mark_read(user=request.user)
    return redirect("notifications:list")
