#!/usr/bin/env python
# ruff: noqa: S310, S603, S607  (a local harness: fixed commands, http://127.0.0.1 only)
"""`make bench` / `make bench-quick`: Sigap under load on a throwaway PostgreSQL cluster.

    python bench/run.py --sizes 10000,100000,1000000 [--warmup 5] [--duration 15]

For each size (the data grows from one size to the next): generate the data
(`manage.py generate_bench_data`), serve Sigap with gunicorn on 127.0.0.1 in
production mode (DEBUG off, throwaway keys), and drive each measure with wrk at 32
connections after a warm-up; beside each, the ceiling (a bare view on the same
server) and the floor (the page's own SQL replayed with psycopg from as many
threads); the SIMFONI export's wall time and the server's memory while it streams;
and django-helpdesk as the peer, on the same cluster, with as many tickets.

Writes bench/results/<timestamp>.json and .md, and at the end of a complete run
bench/results.json and bench/results.md (the latest run, committed). Traffic goes to 127.0.0.1 only, and
every load is bounded in time. Installs nothing system-wide, except wrk through
apt-get when it is missing, and says so first.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT / "scripts"))
from run_tests import PostgresCluster, free_port, loud, postgres_bin_dir  # noqa: E402

PY = sys.executable
PEER_VENV = BENCH / ".peer-venv"
PEER_REQUIREMENTS = BENCH / "peer" / "requirements.txt"
RESULTS = BENCH / "results"
# PostgreSQL settings for a machine of this size (2 cores, 24 GB); the cluster is
# started by scripts/run_tests.py's PostgresCluster, then tuned and restarted.
PG_SETTINGS = {
    "shared_buffers": "2GB",
    "effective_cache_size": "12GB",
    "work_mem": "16MB",
    "maintenance_work_mem": "512MB",
    "max_wal_size": "8GB",
    "max_connections": "200",
    "random_page_cost": "1.1",
    # Web requests on 2 cores: a parallel plan makes one request take three processes
    # from the others (a search: 20 ms serial, 35-65 ms parallel under no load).
    "max_parallel_workers_per_gather": "0",
}
TARGET_ORDER = [
    "ceiling",
    "ceiling_session",
    "public_report_submit",
    "triage_queue",
    "case_list",
    "case_list_deep",
    "case_detail",
    "dashboard_year",
    "case_search",
]


def say(message: str) -> None:
    print(message, flush=True)


# --- tools ------------------------------------------------------------------------------------


def ensure_wrk(allow_install: bool) -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if not allow_install:
        loud("wrk is not installed (Debian package `wrk`): install it, or run without --no-install")
        raise SystemExit(1)
    loud("wrk is not installed. Installing the Debian package `wrk` with apt-get (system-wide) now.")
    command = ["apt-get", "install", "-y", "wrk"]
    if os.geteuid() != 0:
        command = ["sudo", *command]
    if subprocess.run(command).returncode != 0:
        subprocess.run([command[0], "update"] if command[0] == "apt-get" else ["sudo", "apt-get", "update"])
        subprocess.run(command, check=True)
    return shutil.which("wrk") or "wrk"


def ensure_peer_venv() -> Path | None:
    """django-helpdesk in its own virtual environment (bench/.peer-venv, gitignored)."""
    python = PEER_VENV / "bin" / "python"
    marker = PEER_VENV / ".installed"
    if python.exists() and marker.exists() and marker.read_text() == PEER_REQUIREMENTS.read_text():
        return python
    say(f"Installing the peer (django-helpdesk) into {PEER_VENV.relative_to(ROOT)} …")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(PEER_REQUIREMENTS)]
    )
    if result.returncode != 0:
        return None
    marker.write_text(PEER_REQUIREMENTS.read_text())
    return python


# --- the cluster ------------------------------------------------------------------------------


def psql(url: str, sql: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(sql).fetchall() if sql.lstrip().upper().startswith("SELECT") else conn.execute(sql)
    return rows


def start_cluster() -> tuple[PostgresCluster, str]:
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        loud("No PostgreSQL server binaries (initdb): the benchmark needs them (apt-get install postgresql)")
        raise SystemExit(1)
    cluster = PostgresCluster(bin_dir)
    url = cluster.start()
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for name, value in PG_SETTINGS.items():
            conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
    # pg_ctl restart keeps the options the cluster was started with (postmaster.opts).
    cluster._run(str(bin_dir / "pg_ctl"), "-D", str(cluster.data), "-l", str(cluster.folder / "log"), "-w", "restart")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE sigap")
        conn.execute("CREATE DATABASE helpdesk")
    return cluster, url


def database_url(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


# --- Sigap's environment and server ---------------------------------------------------------


def throwaway_keys() -> dict[str, str]:
    from cryptography.fernet import Fernet

    return {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SIGAP_FIELD_KEYS": Fernet.generate_key().decode(),
        "SIGAP_LOOKUP_KEY": secrets.token_urlsafe(48),
        "SIGAP_BACKUP_KEY": Fernet.generate_key().decode(),
    }


def sigap_env(url: str, keys: dict, scratch: Path, args) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "DJANGO_"))}
    env.update(keys)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": str(ROOT),
            "DEBUG": "0",
            "DATABASE_URL": database_url(url, "sigap"),
            "DATABASE_CONN_MAX_AGE": str(args.conn_max_age),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "SIGAP_PUBLIC_REPORTS_PER_HOUR": "1000000000",
            "SIGAP_DATA_DIR": str(scratch / "data"),
            "STATIC_ROOT": str(scratch / "static"),
            "LOG_LEVEL": "WARNING",
            "BENCH_CONNECTIONS": str(args.connections),
            "BENCH_WARMUP": str(args.warmup),
            "BENCH_DURATION": str(args.duration),
        }
    )
    return env


def manage(env: dict, *arguments: str, debug: bool = False, capture: bool = False) -> str:
    run_env = {**env, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "sigap.settings"} if debug else env
    result = subprocess.run(
        [PY, "manage.py", *arguments],
        cwd=ROOT,
        env=run_env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


class Server:
    """gunicorn on 127.0.0.1 and a free port; stopped by its own process id."""

    def __init__(self, *, python: str, app: str, env: dict, cwd: Path, workers: int, worker_class: str, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            python,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            worker_class,
            "--backlog",
            "256",
            "--timeout",
            "120",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
            "--error-logfile",
            str(log),
        ]
        if worker_class == "gthread":
            command += ["--threads", "4"]
        self.process = subprocess.Popen(command, cwd=cwd, env=env, start_new_session=True)

    def wait(self, path: str = "/", seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(self.url + path, timeout=2).read()
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer in time")

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in out.stdout.split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --- measuring with wrk -------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, method: str, body: str, cookie: str | None, headers: dict | None = None):
    request = urllib.request.Request(url, method=method, data=body.encode() if body else None)
    if body:
        request.add_header("Content-Type", (headers or {}).get("Content-Type", "application/json"))
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    if cookie:
        request.add_header("Cookie", cookie)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=300)
        return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def measure_cold(url: str, cookie: str, database: str, times: int = 3) -> list[float]:
    """Wall time of `times` requests, each after the cache table was emptied."""
    timings = []
    for _ in range(times):
        psql(database, "DELETE FROM sigap_cache")
        started = time.perf_counter()
        status, _content = fetch(url, "GET", "", cookie)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"cold request answered {status}")
    return timings


# How long a dashboard entry of a period reaching today is fresh (seconds; as
# sigap.reporting.dashboard.DASHBOARD_FRESH_CURRENT, which this script cannot import).
DASHBOARD_FRESH_CURRENT = 60


def measure_stale(url: str, cookie: str, times: int = 3) -> list[float]:
    """Wall time of `times` requests, one at a time, for a dashboard entry past its
    freshness (checked: the page says its figures are being counted again)."""
    timings = []
    for _ in range(times):
        started = time.perf_counter()
        status, content = fetch(url, "GET", "", cookie)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200 or b'class="notice" role="status"' not in content:
            raise RuntimeError(f"stale request answered {status} without the stale notice")
    return timings


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines))
    return path


def write_requests(path: Path, requests: list, content_type: str) -> Path:
    """The requests file `bench/wrk.lua` reads: method, path, body and content type (sent
    with a body only), tab-separated, one request a line."""
    return write_lines(path, [f"{method}\t{where}\t{body}\t{content_type}" for method, where, body in requests])


class ActivitySampler:
    """Samples pg_stat_activity while a measure runs: how many backends wait on the
    access log's advisory lock, against how many are active."""

    def __init__(self, url: str, database: str):
        self.url, self.database = url, database
        self.samples = 0
        self.active = 0
        self.advisory = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stop.is_set():
                rows = conn.execute(
                    "SELECT state, wait_event_type, wait_event FROM pg_stat_activity "
                    "WHERE datname = %s AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
                    [self.database],
                ).fetchall()
                self.samples += 1
                self.active += sum(1 for state, _t, _e in rows if state == "active")
                self.advisory += sum(1 for _s, kind, event in rows if kind == "Lock" and event == "advisory")
                time.sleep(0.01)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()

    def summary(self) -> dict:
        return {
            "samples": self.samples,
            "mean_active_backends": round(self.active / self.samples, 2) if self.samples else None,
            "mean_backends_waiting_on_audit_lock": round(self.advisory / self.samples, 3) if self.samples else None,
        }


def run_wrk(wrk: str, url: str, requests_file: Path, cookies_file: Path | None, *, seconds: float, args) -> dict:
    command = [
        wrk,
        "-t",
        str(args.wrk_threads),
        "-c",
        str(args.connections),
        "-d",
        f"{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(BENCH / "wrk.lua"),
        url,
        "--",
        str(requests_file),
        str(cookies_file) if cookies_file else "-",
    ]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    match = re.search(r"^BENCH_RESULT (\{.*\})$", out.stdout, re.M)
    if not match:
        raise RuntimeError(f"wrk gave no result: {out.stdout}\n{out.stderr}")
    raw = json.loads(match.group(1))
    errors = sum(raw[k] for k in raw if k.startswith("errors_"))
    return {
        "req_per_s": raw["requests"] / (raw["duration_us"] / 1e6),
        "requests": raw["requests"],
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": errors,
        "errors_status": raw["errors_status"],
    }


def loadavg() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError):
        return -1.0


def drain(url: str) -> float:
    """Wait until the server has worked off what a finished run left queued (wrk
    closes its connections, but requests already sent are still served): one probe
    request waits behind them. Returns the seconds it took."""
    started = time.monotonic()
    with contextlib.suppress(OSError):
        urllib.request.urlopen(url, timeout=300).read()
    return time.monotonic() - started


def measure(wrk, server_url, name, requests, cookies, scratch: Path, args, *, sampler_url=None, database=None):
    requests_file = write_requests(scratch / f"{name}.requests", requests, "application/json")
    cookies_file = write_lines(scratch / f"{name}.cookies", cookies) if cookies else None
    probe = server_url + "/bench/ceiling"
    drain(probe)
    before = loadavg()
    run_wrk(wrk, server_url, requests_file, cookies_file, seconds=args.warmup, args=args)
    if sampler_url:
        with ActivitySampler(sampler_url, database) as sampler:
            result = run_wrk(wrk, server_url, requests_file, cookies_file, seconds=args.duration, args=args)
        result["pg_activity"] = sampler.summary()
    else:
        result = run_wrk(wrk, server_url, requests_file, cookies_file, seconds=args.duration, args=args)
    # The 1-minute load average before the warm-up (other work on the machine shows here).
    result["loadavg_before"] = before
    result["drain_s"] = drain(probe)
    # Service time without queueing: one connection.
    if args.single:
        single_args = argparse.Namespace(**{**vars(args), "connections": 1, "wrk_threads": 1})
        single = run_wrk(wrk, server_url, requests_file, cookies_file, seconds=args.single, args=single_args)
        result["single_p50_ms"] = single["p50_ms"]
        result["single_p95_ms"] = single["p95_ms"]
    return result


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure_export(server: Server, path: str, cookie: str) -> dict:
    pids = server.worker_pids()
    baseline = {pid: rss_kb(pid) for pid in pids}
    peak = dict(baseline)
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_kb(pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    request = urllib.request.Request(server.url + path, headers={"Cookie": cookie})
    size = lines = 0
    first_byte = None
    with urllib.request.urlopen(request, timeout=600) as response:
        status = response.status
        while True:
            chunk = response.read(65536)
            if not chunk:
                break
            if first_byte is None:
                first_byte = time.monotonic() - started
            size += len(chunk)
            lines += chunk.count(b"\n")
    seconds = time.monotonic() - started
    stop.set()
    sampler.join()
    grown = max(peak[pid] - baseline[pid] for pid in pids)
    worker = max(pids, key=lambda pid: peak[pid] - baseline[pid])
    return {
        "status": status,
        "seconds": seconds,
        "first_byte_s": first_byte,
        "bytes": size,
        "rows": max(0, lines - 1),
        "peak_mb": peak[worker] / 1024,
        "baseline_mb": baseline[worker] / 1024,
        "growth_mb": grown / 1024,
    }


# --- the peer: django-helpdesk ----------------------------------------------------------------


def peer_env(url: str, scratch: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIGAP_", "DJANGO_", "VIRTUAL_ENV"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "peer.settings",
            "PYTHONPATH": str(BENCH),
            "PEER_DATABASE_URL": database_url(url, "helpdesk"),
            "PEER_SECRET_KEY": secrets.token_urlsafe(50),
            "PEER_STATIC_ROOT": str(scratch / "peer-static"),
            "PEER_MEDIA_ROOT": str(scratch / "peer-media"),
        }
    )
    return env


def peer_run(python: Path, env: dict, *arguments: str) -> str:
    out = subprocess.run(
        [str(python), "-m", "peer.tool", *arguments], cwd=BENCH, env=env, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise RuntimeError(f"peer {arguments[0]} failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout


# --- the run --------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0
    with contextlib.suppress(OSError, ValueError):
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mb": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def versions(url: str, wrk: str) -> dict:
    import django
    import gunicorn

    server = psql(url, "SELECT version()")[0][0]
    wrk_version = subprocess.run([wrk, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    return {"django": django.get_version(), "gunicorn": gunicorn.__version__, "postgresql": server, "wrk": wrk_version}


def size_run(size, state, args, wrk, scratch, url, env, results, peer_python):
    say(f"\n==== {size:,} reports ====")
    # Migrate again: the code may have gained migrations since the last size.
    manage(env, "migrate", "--no-input", "-v", "0")
    added = size - state["reports"]
    generated = None
    if added > 0:
        say(f"Generating {added:,} more reports …")
        out = manage(
            env,
            "generate_bench_data",
            "--reports",
            str(added),
            "--rebuild-indexes",
            debug=True,
            capture=True,
        )
        generated = json.loads(re.search(r"^BENCH_DATA (\{.*\})$", out, re.M).group(1))
        say(
            f"  generated in {generated['seconds']:.1f} s (+ VACUUM ANALYZE {generated['analyse_seconds']:.1f} s), "
            f"{generated['encrypted_values']:,} values encrypted"
        )
        state["reports"] = size
    size_result = {"size": size, "generation": generated, "measures": {}}
    results["sizes"].append(size_result)
    # The dashboard's entries of the previous size are still served (for half an hour,
    # as stale while a refresh is queued, and no worker runs here): each size starts
    # with none, so its first request counts this size's figures.
    psql(database_url(url, "sigap"), "DELETE FROM sigap_cache")

    server = Server(
        python=PY,
        app="sigap.wsgi",
        env=env,
        cwd=ROOT,
        workers=args.workers,
        worker_class=args.worker_class,
        log=scratch / "gunicorn.log",
    )
    try:
        server.wait("/bench/ceiling")
        prepared = scratch / f"prepared-{size}.json"
        subprocess.run([PY, "-m", "bench.inproc", "prepare", str(prepared)], cwd=ROOT, env=env, check=True)
        data = json.loads(prepared.read_text())
        sessions = data["sessions"]
        targets = data["targets"]
        if "dashboard_year" not in targets:
            say("  dashboard_year: /staf/laporan-statistik/ does not exist (sigap/reporting not built yet): skipped")
            size_result["dashboard_year"] = "not present"
        counted_at = None
        for name in [n for n in TARGET_ORDER if n in targets] + ["simfoni_export"]:
            if args.only and name not in args.only and name not in ("ceiling", "simfoni_export"):
                continue
            target = targets[name]
            cookies = [f"sessionid={value}" for value in sessions[target["user"]]] if target["user"] else []
            method, path, body = target["requests"][0]
            status, content = fetch(server.url + path, method, body, cookies[0] if cookies else None)
            if status != target["expect"]:
                raise RuntimeError(
                    f"{name}: {method} {path} answered {status}, not {target['expect']}: {content[:300]!r}"
                )
            entry = {"queries": target["queries"], "note": target.get("note", "")}
            if name == "simfoni_export":
                if args.skip_export:
                    continue
                drain(server.url + "/bench/ceiling")
                say(f"  {name}: streaming {target['cases']:,} cases …")
                entry.update(measure_export(server, path, cookies[0]), cases=target["cases"])
                say(
                    f"    {entry['seconds']:.1f} s, {entry['rows']:,} rows, {entry['bytes'] / 1e6:.1f} MB, "
                    f"worker peak RSS {entry['peak_mb']:.0f} MB (+{entry['growth_mb']:.0f} MB)"
                )
            else:
                say(f"  {name}: {args.warmup:g} s warm-up, {args.duration:g} s at {args.connections} connections …")
                entry.update(
                    measure(
                        wrk,
                        server.url,
                        name,
                        target["requests"],
                        cookies,
                        scratch,
                        args,
                        sampler_url=database_url(url, "sigap"),
                        database="sigap",
                    )
                )
                say(
                    f"    {entry['req_per_s']:8.1f} req/s  p50 {entry['p50_ms']:7.1f}  p95 {entry['p95_ms']:7.1f}  "
                    f"p99 {entry['p99_ms']:7.1f} ms  ({entry['queries']} queries, {entry['errors']} errors)"
                )
                if name == "dashboard_year":
                    # Under load the page is mostly served from its cache (60 s for a period
                    # that reaches today); these are the requests that compute it.
                    entry["cold_ms"] = measure_cold(server.url + path, cookies[0], database_url(url, "sigap"))
                    say(f"    with its cache emptied first: {', '.join(f'{ms:,.0f}' for ms in entry['cold_ms'])} ms")
                    counted_at = (time.monotonic(), server.url + path, cookies[0], entry)
            size_result["measures"][name] = entry
        if counted_at:
            # The last computed entry is now past its minute (after the measures that
            # followed, or a wait): these requests are served the stale entry while a
            # refresh is queued (no worker runs here, so it stays queued).
            moment, dashboard_url, cookie, entry = counted_at
            time.sleep(max(0.0, moment + DASHBOARD_FRESH_CURRENT + 1 - time.monotonic()))
            entry["stale_ms"] = measure_stale(dashboard_url, cookie)
            say(f"  dashboard_year past its minute: {', '.join(f'{ms:,.0f}' for ms in entry['stale_ms'])} ms")
    finally:
        server.stop()

    if not args.skip_floor:
        say("  floor: the same SQL with psycopg …")
        floor_out = scratch / f"floor-{size}.json"
        floor_env = {**env, "BENCH_ONLY": ",".join(args.only or [])}
        try:
            subprocess.run(
                [PY, "-m", "bench.inproc", "floor", str(prepared), str(floor_out)], cwd=ROOT, env=floor_env, check=True
            )
        except subprocess.CalledProcessError as error:
            loud(f"The floor could not be measured: {error}")
            size_result["floor_error"] = str(error)
        else:
            for name, floor in json.loads(floor_out.read_text()).items():
                if name in size_result["measures"]:
                    size_result["measures"][name]["floor"] = floor
    if not args.skip_audit_lock:
        say("  access-log lock: 32 writers with and without the advisory lock …")
        lock_out = scratch / f"auditlock-{size}.json"
        try:
            subprocess.run([PY, "-m", "bench.inproc", "auditlock", str(lock_out)], cwd=ROOT, env=env, check=True)
        except subprocess.CalledProcessError as error:
            loud(f"The access-log lock could not be measured: {error}")
        else:
            size_result["audit_lock"] = json.loads(lock_out.read_text())
    if peer_python and not args.skip_peer:
        try:
            size_result["peer"] = peer_size(peer_python, size, state, args, wrk, scratch, url)
        except Exception as error:  # the peer must not sink Sigap's results
            loud(f"The peer could not be measured: {error}")
            size_result["peer"] = {"error": str(error)}
        if "public_report_submit" in size_result["measures"] and "peer_submit" in state:
            try:
                size_result["paired_submit"] = paired_submit(
                    peer_python, state, args, wrk, scratch, env, targets["public_report_submit"]
                )
            except Exception as error:
                loud(f"The paired submit could not be measured: {error}")
                size_result["paired_submit"] = {"error": str(error)}


def peer_size(python, size, state, args, wrk, scratch, url) -> dict:
    # The submit's request for the turns against Sigap is this size's, or none.
    state.pop("peer_submit", None)
    env = state.setdefault("peer_env", peer_env(url, scratch))
    if not state.get("peer_ready"):
        peer_run(python, env, "setup")
        state["peer_ready"] = True
        state["peer_tickets"] = 0
    added = size - state["peer_tickets"]
    load = None
    if added > 0:
        say(f"  peer: loading {added:,} tickets into django-helpdesk …")
        load = json.loads(peer_run(python, env, "load", str(added)).strip().splitlines()[-1])
        state["peer_tickets"] = size
    info = json.loads(peer_run(python, env, "prepare").strip().splitlines()[-1])
    server = Server(
        python=str(python),
        app="peer.wsgi",
        env=env,
        cwd=BENCH,
        workers=args.workers,
        worker_class=args.worker_class,
        log=scratch / "peer-gunicorn.log",
    )
    out = {"name": "django-helpdesk", "version": info["version"], "load": load, "measures": {}}
    try:
        server.wait("/helpdesk/tickets/submit/")
        for name, spec in info["targets"].items():
            cookie = spec["cookie"]
            method, path, body = spec["requests"][0]
            status, content = fetch(
                server.url + path,
                method,
                body,
                cookie,
                {"Content-Type": spec.get("content_type", "")} if body else None,
            )
            if status != spec["expect"]:
                raise RuntimeError(f"peer {name}: {method} {path} answered {status}: {content[:300]!r}")
            say(f"  peer {name}: {args.warmup:g} s warm-up, {args.duration:g} s …")
            requests_file = write_requests(
                scratch / f"peer-{name}.requests", spec["requests"], spec.get("content_type", "")
            )
            cookies_file = write_lines(scratch / f"peer-{name}.cookies", [cookie])
            drain(server.url + "/helpdesk/tickets/submit/")
            run_wrk(wrk, server.url, requests_file, cookies_file, seconds=args.warmup, args=args)
            result = run_wrk(wrk, server.url, requests_file, cookies_file, seconds=args.duration, args=args)
            result["drain_s"] = drain(server.url + "/helpdesk/tickets/submit/")
            result["note"] = spec.get("note", "")
            out["measures"][name] = result
            say(f"    {result['req_per_s']:8.1f} req/s  p95 {result['p95_ms']:7.1f} ms  ({result['errors']} errors)")
        state["peer_submit"] = info["targets"]["public_ticket_submit"]
        out["tickets_after"] = json.loads(peer_run(python, env, "count").strip().splitlines()[-1])
    finally:
        server.stop()
    return out


# Turns of Sigap's submit and the peer's, in the order A B, B A, A B: the machine's speed
# drifts by up to a third within a run, and measured minutes apart the two submits
# did not meet the same machine.
PAIRED_ORDER = (("sigap", "peer"), ("peer", "sigap"), ("sigap", "peer"))


def paired_submit(python, state, args, wrk, scratch, env, target) -> dict:
    """Sigap's public submit and the peer's, both servers up, measured in turns (three
    rounds of a third of a measure's time each): the ratio to the peer is taken from
    the medians of these rounds, so that a drift of the machine falls on both alike."""
    spec = state["peer_submit"]
    sides = {
        "sigap": {
            "python": PY,
            "app": "sigap.wsgi",
            "env": env,
            "cwd": ROOT,
            "log": scratch / "gunicorn.log",
            "probe": "/bench/ceiling",
            "request": target["requests"][0],
            "headers": None,
            "cookie": None,
            "expect": target["expect"],
            "requests": write_requests(scratch / "paired-sigap.requests", target["requests"], "application/json"),
            "cookies": None,
        },
        "peer": {
            "python": str(python),
            "app": "peer.wsgi",
            "env": state["peer_env"],
            "cwd": BENCH,
            "log": scratch / "peer-gunicorn.log",
            "probe": "/helpdesk/tickets/submit/",
            "request": spec["requests"][0],
            "headers": {"Content-Type": spec.get("content_type", "")},
            "cookie": spec["cookie"],
            "expect": spec["expect"],
            "requests": write_requests(
                scratch / "paired-peer.requests", spec["requests"], spec.get("content_type", "")
            ),
            "cookies": write_lines(scratch / "paired-peer.cookies", [spec["cookie"]]),
        },
    }
    seconds = max(1, round(args.duration / len(PAIRED_ORDER)))
    rounds = []
    with contextlib.ExitStack() as servers:
        for name, side in sides.items():
            server = Server(
                python=side["python"],
                app=side["app"],
                env=side["env"],
                cwd=side["cwd"],
                workers=args.workers,
                worker_class=args.worker_class,
                log=side["log"],
            )
            servers.callback(server.stop)
            server.wait(side["probe"])
            side["url"] = server.url
            method, path, body = side["request"]
            status, content = fetch(server.url + path, method, body, side["cookie"], side["headers"])
            if status != side["expect"]:
                raise RuntimeError(f"paired {name}: {method} {path} answered {status}: {content[:300]!r}")
        say(f"  paired submit: Sigap and the peer in turns, {len(PAIRED_ORDER)} rounds of {seconds} s each …")
        for order in PAIRED_ORDER:
            round_result = {}
            for name in order:
                side = sides[name]
                drain(side["url"] + side["probe"])
                run_wrk(wrk, side["url"], side["requests"], side["cookies"], seconds=args.warmup, args=args)
                result = run_wrk(wrk, side["url"], side["requests"], side["cookies"], seconds=seconds, args=args)
                round_result[name] = round(result["req_per_s"], 1)
                round_result[f"{name}_errors"] = result["errors"]
            rounds.append(round_result)
            say(
                f"    Sigap {round_result['sigap']:7.1f} req/s ({round_result['sigap_errors']} errors), "
                f"peer {round_result['peer']:7.1f} req/s ({round_result['peer_errors']} errors)"
            )
    sigap = statistics.median(r["sigap"] for r in rounds)
    peer = statistics.median(r["peer"] for r in rounds)
    return {"seconds_each": seconds, "rounds": rounds, "sigap_req_per_s": sigap, "peer_req_per_s": peer}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--warmup", type=float, default=float(os.environ.get("BENCH_WARMUP", 5)))
    parser.add_argument("--duration", type=float, default=float(os.environ.get("BENCH_DURATION", 15)))
    parser.add_argument(
        "--single",
        type=float,
        default=float(os.environ.get("BENCH_SINGLE", 5)),
        help="seconds at 1 connection (service time without queueing); 0 to skip",
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 4)))
    parser.add_argument("--worker-class", default=os.environ.get("BENCH_WORKER_CLASS", "sync"))
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument("--only", default="", help="comma-separated measures (default: all)")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--skip-floor", action="store_true")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--skip-audit-lock", action="store_true")
    parser.add_argument("--no-install", action="store_true", help="never apt-get install wrk")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args()
    args.only = [name for name in args.only.split(",") if name]
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]

    wrk = ensure_wrk(not args.no_install)
    peer_python = None
    if not args.skip_peer:
        peer_python = ensure_peer_venv()
        if peer_python is None:
            loud("django-helpdesk could not be installed into bench/.peer-venv: the peer is skipped")
    scratch = Path(tempfile.mkdtemp(prefix="sigap-bench-"))
    started = datetime.now(UTC)
    results = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "connections": args.connections,
            "warmup_s": args.warmup,
            "duration_s": args.duration,
            "single_connection_s": args.single,
            "gunicorn_workers": args.workers,
            "gunicorn_worker_class": args.worker_class,
            "wrk_threads": args.wrk_threads,
            "database_conn_max_age": args.conn_max_age,
            "postgresql": PG_SETTINGS,
        },
        "sizes": [],
    }
    cluster, url = start_cluster()
    try:
        results["versions"] = versions(url, wrk)
        env = sigap_env(url, throwaway_keys(), scratch, args)
        say("Migrating …")
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        state = {"reports": 0}
        for size in sizes:
            try:
                size_run(size, state, args, wrk, scratch, url, env, results, peer_python)
            finally:
                write_results(results, started)
    finally:
        cluster.stop()
        if args.keep:
            say(f"Scratch folder kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    json_path, md_path = write_results(results, started)
    say(f"\nResults: {json_path.relative_to(ROOT)} and {md_path.relative_to(ROOT)}")
    # The latest complete run, committed: bench/results.json (one object per measure
    # and size) and bench/results.md (the readable table with the machine). A run of
    # some sizes or measures only, or without the peer, the floor or the export, leaves them be.
    partial = sizes != [10_000, 100_000, 1_000_000] or args.only
    partial = partial or args.skip_peer or args.skip_floor or args.skip_export or args.skip_audit_lock
    if partial:
        say("A partial run: bench/results.json and bench/results.md are left as they were")
        return 0
    latest_json, latest_md = ROOT / "bench" / "results.json", ROOT / "bench" / "results.md"
    latest_json.write_text(json.dumps(results["records"], indent=1, default=str) + "\n")
    latest_md.write_text(md_path.read_text())
    say(f"Latest run also in {latest_json.relative_to(ROOT)} and {latest_md.relative_to(ROOT)} (commit them)")
    return 0


def write_results(results: dict, started: datetime) -> tuple[Path, Path]:
    from bench.report import flat_records, markdown

    RESULTS.mkdir(exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    json_path = RESULTS / f"{stamp}.json"
    md_path = RESULTS / f"{stamp}.md"
    results["records"] = flat_records(results)
    json_path.write_text(json.dumps(results, indent=1, default=str))
    md_path.write_text(markdown(results))
    return json_path, md_path


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
