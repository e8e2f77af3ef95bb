from django.shortcuts import redirect

from sigap.accounts.two_factor import has_confirmed_device

# The staff area. Public pages and the API (bearer tokens) are outside it.
STAFF_PREFIX = "/staf/"


def require_two_factor(get_response):
    """Keep a signed-in user whose roles need a second factor out of the staff area
    until they have passed one; send them to enrol if they have none yet."""

    def middleware(request):
        user = request.user
        if (
            request.path.startswith(STAFF_PREFIX)
            and user.is_authenticated
            and user.requires_two_factor()
            and not user.is_verified()
        ):
            if has_confirmed_device(user):
                return redirect("accounts:verify")
            return redirect("accounts:enrol")
        return get_response(request)

    return middleware
