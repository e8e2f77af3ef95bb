"""Project-wide middleware that belongs to no single app."""

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string


def security_headers(get_response):
    """Headers Django has no setting for.

    - Permissions-Policy: no page needs the camera, microphone or location.
    - Cache-Control: no-store on every page Django renders (static files are served
      before this middleware). A shared family phone must not show a report form or a
      case from its cache, and no proxy may keep either.
    """

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cache-Control", "no-store")
        return response

    return middleware


class ResilienceMiddleware:
    """Two failures that must never become a bare 500 page.

    - A request body in a "charset" that is not a text encoding (rot13, zlib …):
      Django accepts any codec name there and then fails while parsing; refuse it.
    - The database is unreachable (a restart, a failover): answer 503 with
      Retry-After, in JSON for the API, and on the report form with what the person
      typed put back into the form, so nothing is lost and they can send it again.
      Nothing here touches the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.encoding:
            try:
                b"a".decode(request.encoding, "replace")
            except LookupError:
                return HttpResponseBadRequest("Unsupported request charset.")
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"error": "the service is briefly unavailable; nothing was stored; try again"}, status=503
            )
        else:
            typed = request.POST if request.method == "POST" and request.path == "/lapor/" else None
            html = render_to_string(
                "errors/unavailable.html",
                {
                    "typed": typed,
                    "account": typed.get("account", "") if typed else "",
                    "hidden": [(k, v) for k, values in typed.lists() for v in values if k != "account"]
                    if typed
                    else [],
                    "service_name": settings.SIGAP_SERVICE_NAME,
                    "quick_exit_url": settings.SIGAP_QUICK_EXIT_URL,
                },
                request=None,
            )
            response = HttpResponse(html, status=503)
        response["Retry-After"] = "30"
        return response
