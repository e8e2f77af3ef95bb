import time

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


# How often a busy session's idle clock is pushed forward (seconds).
SESSION_TOUCH_INTERVAL = 60
SESSION_SEEN_KEY = "_sigap_seen"


def keep_session_alive(get_response):
    """The idle timeout (SESSION_COOKIE_AGE) counts from the session's last save.
    Saving it on every request would write a database row per page (measured: the
    difference between 888 and 247 requests per second for a bare page, issue 8), so a
    session is saved at most once a minute: an idle session ends between 29 and 30
    minutes after its last request instead of exactly 30."""

    def middleware(request):
        session = request.session
        seen = session.get(SESSION_SEEN_KEY)
        now = int(time.time())
        # An anonymous visitor without a live session gets none made for them.
        if session.session_key and (seen is None or now - seen >= SESSION_TOUCH_INTERVAL):
            session[SESSION_SEEN_KEY] = now
        return get_response(request)

    return middleware
