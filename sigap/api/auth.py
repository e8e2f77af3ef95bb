"""Bearer-token authentication and JSON error answers for /api/v1/."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from sigap.accounts.services import api_token_authenticate


def api_error(status: int, message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="sigap"'
    return response


def api_endpoint(*, methods: tuple[str, ...] = ("GET",), public: bool = False):
    """Wrap an API view: check the method, authenticate the bearer token (sessions
    are not accepted, so CSRF does not apply), and turn the gates' 404/403 into JSON."""

    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                response = api_error(405, "method not allowed")
                response["Allow"] = ", ".join(methods)
                return response
            if not public:
                header = request.headers.get("Authorization", "")
                scheme, _, token = header.partition(" ")
                user = api_token_authenticate(token=token.strip()) if scheme.lower() == "bearer" and token else None
                if user is None:
                    return api_error(401, "a valid bearer token is required")
                request.user = user
            try:
                return view(request, *args, **kwargs)
            except Http404:
                return api_error(404, "not found")
            except PermissionDenied:
                return api_error(403, "forbidden")

        return wrapped

    return decorator
