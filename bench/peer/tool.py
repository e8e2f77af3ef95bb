# ruff: noqa: S311
"""The peer's set-up, data and sessions (run with bench/.peer-venv's Python):

python -m peer.tool setup          migrate, collect static files, the public queue, a staff user
python -m peer.tool load N         add N tickets (bulk insert), spread over two years
python -m peer.tool prepare        print the measured requests (JSON) with a staff session
python -m peer.tool count          print how many tickets there are
"""

import json
import os
import random
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peer.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from helpdesk.models import Queue, Ticket  # noqa: E402
from helpdesk.query import query_to_base64  # noqa: E402

STAFF = "staf"
BATCH = 5000
TITLES = ["Kekerasan fisik", "Konsultasi keluarga", "Akta kelahiran", "Pelecehan", "Pengasuhan anak", "Hak asuh"]


def setup() -> None:
    from django.contrib.auth import get_user_model

    call_command("migrate", "--no-input", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    Queue.objects.get_or_create(
        slug="public", defaults={"title": "Pengaduan", "allow_public_submission": True, "escalate_days": 0}
    )
    user, created = get_user_model().objects.get_or_create(username=STAFF, defaults={"is_staff": True})
    if created:
        user.set_password("peer-bench-password")
        user.save()
    print(json.dumps({"ok": True}))


def load(count: int) -> None:
    import time

    queue = Queue.objects.get(slug="public")
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username=STAFF)
    rng = random.Random(count)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM helpdesk_ticket")
        first = cursor.fetchone()[0]
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        Ticket.objects.bulk_create(
            [
                Ticket(
                    title=rng.choice(TITLES),
                    queue=queue,
                    submitter_email=f"warga{rng.randrange(10**6)}@example.id",
                    assigned_to=staff if rng.random() < 0.7 else None,
                    # About as many open tickets as Sigap has open reports.
                    status=rng.choices([1, 2, 3, 4], weights=[9, 1, 30, 60])[0],
                    description="Anak saya dipukul oleh ayah tirinya di rumah. Mohon segera dibantu. " * 3,
                    priority=rng.choice([1, 2, 3, 3, 3, 4, 5]),
                )
                for _ in range(size)
            ]
        )
        made += size
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE helpdesk_ticket SET created = now() - random() * interval '730 days' WHERE id > %s", [first]
        )
        cursor.execute("UPDATE helpdesk_ticket SET modified = created WHERE id > %s", [first])
        cursor.execute("VACUUM (ANALYZE) helpdesk_ticket")
    print(json.dumps({"tickets": count, "seconds": round(time.perf_counter() - started, 2)}))


def prepare() -> None:
    from importlib.metadata import version

    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username=STAFF)
    client = Client()
    client.force_login(staff)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    secret = "b" * 32  # a CSRF secret of our own, sent as cookie and as form field
    queue = Queue.objects.get(slug="public")
    bodies = []
    for n in range(8):
        bodies.append(
            "&".join(
                [
                    f"queue={queue.pk}",
                    f"title=Pengaduan+{n}",
                    "body=Anak+saya+dipukul+oleh+ayah+tirinya+di+rumah.+Mohon+segera+dibantu.",
                    f"submitter_email=warga{n}%40example.id",
                    "priority=3",
                    f"csrfmiddlewaretoken={secret}",
                ]
            )
        )
    default_query = {
        "filtering": {"status__in": [1, 2]},
        "sorting": "created",
        "search_string": "",
        "sortreverse": False,
    }
    data_path = f"/helpdesk/datatables_ticket_list/{query_to_base64(default_query)}?draw=1&start=0&length=50"
    targets = {
        "public_ticket_submit": {
            "requests": [("POST", "/helpdesk/tickets/submit/", body) for body in bodies],
            "content_type": "application/x-www-form-urlencoded",
            "cookie": f"csrftoken={secret}",
            "expect": 302,
            "note": "the public ticket form (POST, CSRF token), redirect to the ticket",
        },
        "staff_ticket_list_page": {
            "requests": [("GET", "/helpdesk/tickets/", "")],
            "cookie": f"sessionid={session}",
            "expect": 200,
            "note": "the staff ticket list page (the table's rows come by the next request)",
        },
        "staff_ticket_list_data": {
            "requests": [("GET", data_path, "")],
            "cookie": f"sessionid={session}",
            "expect": 200,
            "note": "the rows of the staff ticket list: open tickets, 50 a page (JSON for its table)",
        },
    }
    print(json.dumps({"version": version("django-helpdesk"), "targets": targets}))


def count() -> None:
    print(json.dumps(Ticket.objects.count()))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        setup()
    elif command == "load":
        load(int(sys.argv[2]))
    elif command == "prepare":
        prepare()
    elif command == "count":
        count()
    else:
        raise SystemExit(f"unknown command {command}")
