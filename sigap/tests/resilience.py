"""Helpers for the resilience tests (test_no_lost_reports.py): a real gunicorn server
on the test database, the PostgreSQL server under it, and a bounded load generator.

Everything here is bounded: every request has a timeout, every wait has a deadline,
and every process started here is stopped by its own id.
"""

import contextlib
import glob
import http.client
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """A dj-database-url URL for the database Django is connected to (the test database)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = user + (f":{quote(password, safe='')}" if password else "")
    host = quote(settings_dict.get("HOST") or "localhost", safe="")
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{credentials}@{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


# --- HTTP ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one request got: a status and body, or the connection error instead."""

    sent: str  # what identifies the request (the account text of a report)
    status: int | None = None
    body: bytes = b""
    error: str = ""
    started: float = 0.0

    @property
    def acknowledged(self) -> bool:
        return self.status == 201

    def receipt_code(self) -> str:
        return json.loads(self.body)["receipt_code"]


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict | None = None,
    timeout: float = 5.0,
) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        headers: dict[str, str] = {}
        for name, value in response.getheaders():
            # Repeated headers (Set-Cookie) are kept one a line.
            headers[name.lower()] = f"{headers[name.lower()]}\n{value}" if name.lower() in headers else value
        return response.status, headers, response.read()
    finally:
        connection.close()


def post_report(port: int, account: str, *, timeout: float = 5.0) -> Outcome:
    payload = {
        "reporter_relation": "neighbour",
        "categories": ["fisik"],
        "account": account,
        "contact_method": "none",
        "consent": True,
    }
    outcome = Outcome(sent=account, started=time.monotonic())
    try:
        outcome.status, _headers, outcome.body = request(
            port,
            "POST",
            "/api/v1/public/reports",
            body=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
            timeout=timeout,
        )
    except (OSError, http.client.HTTPException) as error:
        outcome.error = f"{type(error).__name__}: {error}"
    return outcome


class Load:
    """`threads` threads, each posting at most `per_thread` reports with a short pause
    between them. Bounded in count and in time; start() returns at once."""

    def __init__(self, port: int, *, tag: str, threads: int = 4, per_thread: int = 40, pause: float = 0.04):
        self.port, self.tag, self.per_thread, self.pause = port, tag, per_thread, pause
        self.outcomes: list[Outcome] = []
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(threads)]

    def _run(self, number: int) -> None:
        deadline = time.monotonic() + 30
        for i in range(self.per_thread):
            if time.monotonic() > deadline:
                break
            outcome = post_report(self.port, f"{self.tag} laporan uji {number}-{i}")
            with self._lock:
                self.outcomes.append(outcome)
            time.sleep(self.pause)

    def start(self) -> "Load":
        for thread in self._threads:
            thread.start()
        return self

    def done(self) -> int:
        with self._lock:
            return len(self.outcomes)

    def wait_for(self, count: int, *, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while self.done() < count and time.monotonic() < deadline:
            time.sleep(0.01)

    def join(self, *, timeout: float = 40.0) -> list[Outcome]:
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        if any(thread.is_alive() for thread in self._threads):
            raise AssertionError("the load threads did not finish in time")
        return list(self.outcomes)


def summary(outcomes: list[Outcome]) -> dict:
    """Counts by answer, for messages: {"201": 120, "500": 8, "RemoteDisconnected": 1}."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        key = str(outcome.status) if outcome.status is not None else outcome.error.split(":")[0]
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


# --- Processes ----------------------------------------------------------------------


def child_pids(pid: int) -> list[int]:
    """The direct children of a process, read from /proc."""
    children = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            text = Path(stat).read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces; the parent id follows it.
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            children.append(int(stat.split("/")[2]))
    return sorted(children)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


class GunicornServer:
    """Sigap under gunicorn (sync workers) on 127.0.0.1 and a free port."""

    def __init__(self, *, env: dict, workers: int = 2):
        self.port = free_port()
        self.workers = workers
        self.env = {**os.environ, **env}
        self.folder = Path(tempfile.mkdtemp(prefix="sigap-gunicorn-"))
        self.log = self.folder / "gunicorn.log"
        self.process: subprocess.Popen | None = None
        self._seen_workers: set[int] = set()

    def start(self, *, timeout: float = 20.0) -> "GunicornServer":
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "sigap.wsgi:application",
                    "--workers",
                    str(self.workers),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--timeout",
                    "20",
                    "--graceful-timeout",
                    "3",
                    "--worker-tmp-dir",
                    str(self.folder),
                ],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            if len(self.worker_pids()) == self.workers and self.ready():
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{self.log_tail()}")

    def ready(self) -> bool:
        try:
            return request(self.port, "GET", "/api/v1/openapi.json", timeout=2)[0] == 200
        except (OSError, http.client.HTTPException):
            return False

    def worker_pids(self) -> list[int]:
        pids = child_pids(self.process.pid) if self.process else []
        self._seen_workers.update(pids)
        return pids

    def wait_for_workers(self, *, timeout: float = 15.0) -> list[int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if len(pids) == self.workers:
                return pids
            time.sleep(0.05)
        raise AssertionError(f"gunicorn has {len(self.worker_pids())} workers, not {self.workers}")

    def kill_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """Stop the master (it stops its workers); kill by id whatever is left."""
        if self.process is None:
            return
        self.worker_pids()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for pid in self._seen_workers:
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.process = None
        shutil.rmtree(self.folder, ignore_errors=True)


class PostgresServer:
    """The PostgreSQL server under the test database, found through the connection.

    Only a throwaway cluster may be restarted: one whose data directory was made by
    scripts/run_tests.py (its folder starts with "sigap-pg-"), or any when
    SIGAP_ALLOW_DATABASE_RESTART=1 says so."""

    def __init__(self, connection):
        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            self.data = Path(cursor.fetchone()[0])
        self.pg_ctl = shutil.which("pg_ctl") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))), None)
        owner = self.data.stat().st_uid
        self.as_owner = ["runuser", "-u", pwd.getpwuid(owner).pw_name, "--"] if os.geteuid() != owner else []
        self.folder = Path(tempfile.mkdtemp(prefix="sigap-pg-restart-"))
        os.chown(self.folder, owner, -1)
        self.log = self.folder / "postgres.log"

    @classmethod
    def may_restart(cls, data_directory: str) -> str | None:
        """Why this server must not be restarted, or None."""
        if os.environ.get("SIGAP_ALLOW_DATABASE_RESTART") == "1":
            return None
        if not any(part.startswith("sigap-pg-") for part in Path(data_directory).parts):
            return (
                f"the database at {data_directory} is not a throwaway cluster of scripts/run_tests.py "
                "(set SIGAP_ALLOW_DATABASE_RESTART=1 to restart it anyway)"
            )
        return None

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        if self.pg_ctl is None:
            raise RuntimeError("pg_ctl was not found (on PATH or in /usr/lib/postgresql/*/bin)")
        # -l (in start and restart): the postmaster writes to a file, never to our pipes,
        # which it would otherwise keep open.
        result = subprocess.run(
            [*self.as_owner, self.pg_ctl, "-D", str(self.data), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
        if check and result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl {' '.join(args)} failed: {result.stderr.decode(errors='replace')}\n{log}")
        return result

    def restart(self) -> None:
        """pg_ctl restart reuses postmaster.opts: the same port, address and socket folder."""
        self._pg_ctl("-m", "fast", "-w", "-t", "30", "-l", str(self.log), "restart")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "-t", "30", "stop")

    def start(self) -> None:
        """pg_ctl start does not read postmaster.opts (only restart does): pass its options on."""
        options = shlex.split((self.data / "postmaster.opts").read_text())[1:]
        if options[:1] == ["-D"]:
            options = options[2:]
        self._pg_ctl("-w", "-t", "30", "-l", str(self.log), "-o", shlex.join(options), "start")

    def is_running(self) -> bool:
        return self._pg_ctl("status", check=False).returncode == 0

    def ensure_running(self) -> None:
        if not self.is_running():
            self.start()

    def cleanup(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def csrf_form(port: int, path: str) -> tuple[str, str]:
    """GET a form page; return the CSRF cookie header and the form's token."""
    status, headers, body = request(port, "GET", path)
    if status != 200:
        raise AssertionError(f"GET {path} answered {status}")
    cookie = re.search(r"csrftoken=[^;\s]+", headers.get("set-cookie", "")).group(0)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return cookie, token
