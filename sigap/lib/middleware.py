"""Project-wide middleware that belongs to no single app."""

from django.conf import settings


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
