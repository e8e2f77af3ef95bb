from sigap.notifications.services import staff_notify
from sigap.tests.matrix import LOGIN, STAFF


def grow(test, objects: dict) -> None:
    """More notices, read and unread, for every named member of staff."""
    for n in range(3):
        staff_notify(users=[getattr(test, name) for name in STAFF], text=f"Pemberitahuan {n}", url="/staf/")


EXPECTATIONS = {
    ("notifications:list", None, "get"): {"anonymous": LOGIN, "*": 200},
    ("notifications:mark_read", None, "get"): {"anonymous": LOGIN, "*": 405},
    ("notifications:mark_read", None, "post"): {"anonymous": LOGIN, "*": 302},
}
