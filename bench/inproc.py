# ruff: noqa: S311
"""The parts of the benchmark that run inside Django (bench.settings, production mode).

    python -m bench.inproc prepare OUT.json        sessions, the measured requests, query counts
    python -m bench.inproc floor IN.json OUT.json  replay each page's SQL with psycopg

`prepare` logs staff in (as the test suite does: force_login plus the second factor's
session key), picks what each measure requests (a case manager's cases, a deep page,
the export period holding up to 100,000 cases…), and runs every request once in
process with its SQL captured: the statement count per page, and the statements the
floor replays. `floor` replays those statements with psycopg from N threads for a
fixed time, each page's transactions as the page ran them (writes rolled back, so the
data does not change), timed the same way as wrk times the pages.
"""

import json
import math
import os
import random
import re
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import Resolver404, resolve  # noqa: E402

CASE_PAGE = 50
EXPORT_CASES = 100_000
DASHBOARD_PATH = "/staf/laporan-statistik/"
SUBMIT_PATH = "/api/v1/public/reports"
HEX64 = re.compile(r"^[0-9a-f]{64}$")


# --- sessions ---------------------------------------------------------------------------------


def make_sessions(usernames: list[str], per_user: int) -> dict[str, list[str]]:
    """`per_user` logged-in sessions (second factor passed) for each user: wrk rotates
    over them, as many staff would, instead of hammering one session row."""
    from sigap.accounts.models import User
    from sigap.test import login_verified

    sessions = {}
    for username in usernames:
        user = User.objects.get(username=username)
        sessions[username] = []
        for _ in range(per_user):
            client = login_verified(Client(), user)
            sessions[username].append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return sessions


# --- what each measure requests ----------------------------------------------------------------


def submit_bodies() -> list[dict]:
    from sigap.regions.selectors import village_list

    villages = [v.code for v in village_list(city_code="33.75")]
    rng = random.Random(8)
    bodies = []
    kinds = [
        (["fisik"], False, "Anak saya dipukul oleh ayah tirinya di rumah. Mohon segera dibantu."),
        (["psikis"], False, "Saya sering dimaki-maki dan diancam oleh suami saya."),
        (["seksual"], False, "Keponakan saya dilecehkan oleh guru lesnya. Keluarga belum berani lapor polisi."),
        (["konflik_keluarga"], False, "Saya sering bertengkar dengan suami dan ingin konsultasi."),
        (["pengasuhan"], False, "Anak remaja saya sulit diatur dan sering membolos sekolah."),
        (["dokumen_kependudukan"], False, "Anak saya belum punya akta kelahiran."),
        (["fisik", "psikis"], True, "Tetangga saya dianiaya suaminya sekarang, tolong segera datang."),
        (["penelantaran"], False, "Anak tetangga ditinggal sendirian berhari-hari tanpa makan."),
    ]
    for n in range(24):
        categories, in_danger, account = kinds[n % len(kinds)]
        contact = ["none", "whatsapp", "phone", "email"][n % 4]
        value = {"none": "", "whatsapp": f"08123{n:07d}", "phone": f"08527{n:07d}", "email": f"warga{n}@example.id"}
        bodies.append(
            {
                "reporter_relation": ["self", "family", "neighbour", "teacher"][n % 4],
                "categories": categories,
                "account": account,
                "place": rng.choice(villages),
                "subject_age_band": ["6-12", "13-17", "25-44", ""][n % 4],
                "subject_sex": "P" if n % 3 else "L",
                "in_danger": in_danger,
                "contact_method": contact,
                "contact_value": value[contact],
                "consent": True,
            }
        )
    return bodies


def dashboard_available() -> bool:
    try:
        resolve(DASHBOARD_PATH)
    except Resolver404:
        return False
    return True


def choose_targets() -> dict:
    from django.db.models import Count

    from sigap.accounts.models import User
    from sigap.cases.models import Case
    from sigap.cases.selectors import CaseFilters, case_list_for_user
    from sigap.regions.selectors import village_list

    manajer = User.objects.get(username="manajer")
    kepala = User.objects.get(username="kepala")
    targets = {}
    targets["ceiling"] = {"user": None, "requests": [("GET", "/bench/ceiling", "")], "expect": 200}
    targets["ceiling_session"] = {"user": "kepala", "requests": [("GET", "/bench/ceiling", "")], "expect": 200}
    targets["public_report_submit"] = {
        "user": None,
        "requests": [("POST", SUBMIT_PATH, json.dumps(body, separators=(",", ":"))) for body in submit_bodies()],
        "expect": 201,
    }
    targets["triage_queue"] = {
        "user": "petugas",
        "requests": [("GET", "/staf/laporan/?queue=lppar", "")],
        "expect": 200,
    }
    listed = case_list_for_user(manajer, CaseFilters(status="layanan")).count()
    last_page = max(1, math.ceil(listed / CASE_PAGE))
    targets["case_list"] = {
        "user": "manajer",
        "requests": [("GET", "/staf/kasus/?status=layanan", "")],
        "expect": 200,
        "note": f"case manager 'manajer', status=layanan: {listed:,} cases",
    }
    targets["case_list_deep"] = {
        "user": "manajer",
        "requests": [("GET", "/staf/kasus/?status=layanan&last=1", "")],
        "expect": 200,
        "note": f"the oldest page of the same list (page {last_page} at {CASE_PAGE} a page; paged by cursor)",
    }
    detail_ids = list(
        Case.objects.filter(assigned_to=manajer, restricted=False)
        .annotate(n_services=Count("services", distinct=True), n_referrals=Count("referrals", distinct=True))
        .filter(n_services__gt=0, n_referrals__gt=0)
        .order_by("-id")
        .values_list("id", flat=True)[:40]
    )
    targets["case_detail"] = {
        "user": "manajer",
        "requests": [("GET", f"/staf/kasus/{pk}/", "") for pk in detail_ids],
        "expect": 200,
        "note": f"{len(detail_ids)} of the manager's cases with victims, services, referrals and notes",
    }
    if dashboard_available():
        targets["dashboard_year"] = {
            "user": "kepala",
            "requests": [("GET", f"{DASHBOARD_PATH}?year={date.today().year}", "")],
            "expect": 200,
        }
    village = village_list(city_code="33.75").order_by("code").first()
    query = f"visum {village.name.lower()}"
    matches = case_list_for_user(kepala, CaseFilters(search=query)).count()
    targets["case_search"] = {
        "user": "kepala",
        "requests": [("GET", f"/staf/kasus/?q={query.replace(' ', '+')}", "")],
        "expect": 200,
        "note": f"head 'kepala', q='{query}': {matches:,} matching cases",
    }
    cases = Case.objects.filter(restricted=False).order_by("-opened_at").values_list("opened_at", flat=True)
    total = cases.count()
    from django.utils import timezone

    oldest = cases[min(total, EXPORT_CASES) - 1] if total else timezone.now()
    start = timezone.localtime(oldest).date()
    end = timezone.localdate()
    exported = Case.objects.filter(restricted=False, opened_at__date__gte=start, opened_at__date__lte=end).count()
    targets["simfoni_export"] = {
        "user": "kepala",
        "requests": [("GET", f"/staf/kasus/ekspor/simfoni.csv?from={start}&to={end}", "")],
        "expect": 200,
        "cases": exported,
        "note": f"{exported:,} cases opened {start} to {end}",
    }
    return targets


# --- capturing a page's SQL ---------------------------------------------------------------------


@dataclass
class Group:
    """Statements that ran together: one transaction, or one autocommit statement."""

    transaction: bool
    statements: list = field(default_factory=list)
    writes: bool = False


class Recorder:
    """Records every statement with the transaction it ran in (a commit ends one)."""

    def __init__(self):
        self.groups: list[Group] = []
        self.commits = 0
        self._last_commit_seen = -1

    def __call__(self, execute, sql, params, many, context):
        in_transaction = connection.in_atomic_block
        current = self.groups[-1] if self.groups else None
        if not in_transaction or current is None or not current.transaction or self._last_commit_seen != self.commits:
            current = Group(transaction=in_transaction)
            self.groups.append(current)
        self._last_commit_seen = self.commits
        # [sql, params, many, failed]: some statements fail by design and the app
        # carries on after a rollback to a savepoint (the database cache's add()
        # inserts and lets the unique key refuse an existing entry).
        entry = [sql, params, many, False]
        current.statements.append(entry)
        if not sql.lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE")):
            current.writes = True
        try:
            return execute(sql, params, many, context)
        except Exception:
            entry[3] = True
            raise


def capture(client: Client, method: str, path: str, body: str) -> tuple[int, list[Group]]:
    recorder = Recorder()
    original_commit = connection.commit

    def commit():
        recorder.commits += 1
        return original_commit()

    connection.commit = commit
    try:
        with connection.execute_wrapper(recorder):
            response = _request(client, method, path, body)
    finally:
        del connection.commit
    return response.status_code, recorder.groups


def _request(client: Client, method: str, path: str, body: str):
    response = client.post(path, data=body, content_type="application/json") if method == "POST" else client.get(path)
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass
    return response


def client_for(session: str | None) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    return client


def prepare(out_path: str) -> None:
    sessions = make_sessions(["petugas", "manajer", "kepala"], per_user=int(os.environ.get("BENCH_SESSIONS", "16")))
    targets = choose_targets()
    for name, target in targets.items():
        session = sessions[target["user"]][0] if target["user"] else None
        client = client_for(session)
        method, path, body = target["requests"][0]
        if name == "simfoni_export":
            # The export is measured over HTTP (wall time, server memory); its statements
            # are counted on one day: a fixed number at any size (one statement read
            # through a server-side cursor).
            path = path.split("?")[0] + f"?from={date.today()}&to={date.today()}"
        _request(client, method, path, body)  # warm: caches, first-request work
        status, groups = capture(client, method, path, body)
        target["status_in_process"] = status
        target["queries"] = sum(len(g.statements) for g in groups)
        target["transactions"] = sum(1 for g in groups if g.transaction)
    with open(out_path, "w") as handle:
        json.dump({"sessions": sessions, "targets": targets}, handle, indent=1)


# --- the floor: the same SQL with psycopg --------------------------------------------------------


def _fresh(params):
    """Unique 64-hex values (receipt and audit hashes) made new for each replay."""
    if params is None:
        return None
    if isinstance(params, dict):
        return {k: (secrets.token_hex(32) if isinstance(v, str) and HEX64.match(v) else v) for k, v in params.items()}
    return [secrets.token_hex(32) if isinstance(v, str) and HEX64.match(v) else v for v in params]


def replay_once(conn, groups: list[Group]) -> None:
    import psycopg

    with conn.cursor() as cursor:
        for group in groups:
            if group.transaction:
                cursor.execute("BEGIN")
            try:
                for sql, params, many, failed in group.statements:
                    if group.writes:
                        params = [_fresh(p) for p in params] if many else _fresh(params)
                    try:
                        if many:
                            cursor.executemany(sql, params)
                        else:
                            cursor.execute(sql, params)
                    except psycopg.Error:
                        if not failed:  # failed in the app too: a rollback to a savepoint follows
                            raise
            except Exception:
                if group.transaction:
                    cursor.execute("ROLLBACK")
                raise
            if group.transaction:
                cursor.execute("ROLLBACK" if group.writes else "COMMIT")


def floor(groups: list[Group], *, threads: int, warmup: float, duration: float) -> dict:
    import psycopg

    url = os.environ["DATABASE_URL"]
    sys.setswitchinterval(0.0005)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start_measure = time.monotonic() + warmup
    stop = start_measure + duration

    def worker():
        conn = psycopg.connect(url, autocommit=True, cursor_factory=psycopg.ClientCursor, options="-c timezone=UTC")
        mine = []
        try:
            while True:
                began = time.monotonic()
                if began >= stop:
                    break
                try:
                    replay_once(conn, groups)
                except psycopg.Error:
                    with lock:
                        errors[0] += 1
                    continue
                ended = time.monotonic()
                if began >= start_measure and ended <= stop:
                    mine.append(ended - began)
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000 if latencies else None

    return {
        "iterations": len(latencies),
        "req_per_s": len(latencies) / duration,
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "errors": errors[0],
    }


def run_floor(in_path: str, out_path: str) -> None:
    with open(in_path) as handle:
        data = json.load(handle)
    threads = int(os.environ.get("BENCH_CONNECTIONS", "32"))
    warmup = float(os.environ.get("BENCH_WARMUP", "5"))
    duration = float(os.environ.get("BENCH_DURATION", "15"))
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    results = {}
    for name, target in data["targets"].items():
        if name in ("ceiling", "ceiling_session", "simfoni_export") or (only and name not in only):
            continue
        session = data["sessions"][target["user"]][0] if target["user"] else None
        client = client_for(session)
        method, path, body = target["requests"][0]
        _request(client, method, path, body)
        _status, groups = capture(client, method, path, body)
        print(f"  floor {name}: {sum(len(g.statements) for g in groups)} statements …", flush=True)
        results[name] = floor(groups, threads=threads, warmup=warmup, duration=duration)
    connection.close()
    with open(out_path, "w") as handle:
        json.dump(results, handle, indent=1)


def _last_hash_unlocked() -> str | None:
    """The read `audit.services._chain_tip` makes after the lock, as one raw statement too."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT entry_hash FROM audit_auditevent ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return row[0] if row else None


def audit_lock(out_path: str) -> None:
    """The access log's advisory lock under N concurrent writers: N threads append an
    entry each (in a transaction that is rolled back, so nothing stays), for a fixed
    time, with the lock and with it switched off (for this measurement only)."""
    from django.db import transaction

    from sigap.audit import services

    threads = int(os.environ.get("BENCH_CONNECTIONS", "32"))
    duration = float(os.environ.get("BENCH_AUDIT_SECONDS", "8"))
    sys.setswitchinterval(0.0005)

    def measure() -> dict:
        latencies: list[float] = []
        lock = threading.Lock()
        stop = time.monotonic() + duration

        def worker():
            mine = []
            try:
                while time.monotonic() < stop:
                    began = time.monotonic()
                    with transaction.atomic():
                        services.record(actor=None, action="view", target_type="bench.lock", target_id="1")
                        transaction.set_rollback(True)
                    mine.append(time.monotonic() - began)
            finally:
                connection.close()
                with lock:
                    latencies.extend(mine)

        pool = [threading.Thread(target=worker) for _ in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        latencies.sort()

        def pct(p):
            return latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000

        return {"appends_per_s": len(latencies) / duration, "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99)}

    with_lock = measure()
    original = services._chain_tip
    services._chain_tip = _last_hash_unlocked
    try:
        without_lock = measure()
    finally:
        services._chain_tip = original
    with open(out_path, "w") as handle:
        json.dump({"threads": threads, "with_lock": with_lock, "without_lock": without_lock}, handle, indent=1)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "prepare":
        prepare(sys.argv[2])
    elif command == "floor":
        run_floor(sys.argv[2], sys.argv[3])
    elif command == "auditlock":
        audit_lock(sys.argv[2])
    else:
        raise SystemExit(f"unknown command {command}")
