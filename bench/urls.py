"""Sigap's URLs plus /bench/ceiling, the framework ceiling: the same middleware,
server and settings, a view that does nothing but answer."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from sigap.urls import urlpatterns as sigap_urlpatterns


@require_safe
def ceiling(request):
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("bench/ceiling", ceiling, name="bench_ceiling"), *sigap_urlpatterns]
