#!/usr/bin/env python
"""`make test`: the whole suite on SQLite, then again on a throwaway PostgreSQL cluster.

The cluster is started here, in a temporary folder, on 127.0.0.1 and a free port, and
removed afterwards. initdb refuses to run as root, so as root it runs as the
`postgres` system user (runuser). Without PostgreSQL server binaries, or without
Chromium, those parts are skipped with a loud message, unless SIGAP_REQUIRE_POSTGRES=1
or SIGAP_REQUIRE_BROWSER=1 turn the skip into a failure.

Arguments are passed on to pytest: `scripts/run_tests.py -k audit`.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")


def loud(message: str) -> None:
    line = "!" * 78
    print(f"\n{line}\n!! {message}\n{line}\n", flush=True)


def required(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


def postgres_bin_dir() -> Path | None:
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresCluster:
    """A throwaway PostgreSQL cluster for one test run."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="sigap-pg-"))
        self.data = self.folder / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.folder, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, stdout=subprocess.DEVNULL)

    def start(self) -> str:
        started = time.monotonic()
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-locale",
        )
        options = f"-h 127.0.0.1 -p {self.port} -k {self.folder} -F -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-w",
            "start",
        )
        print(f"PostgreSQL started on 127.0.0.1:{self.port} in {time.monotonic() - started:.1f} s", flush=True)
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def pytest(label: str, database_url: str, extra: list[str]) -> int:
    print(f"\n==== Test suite on {label} ====", flush=True)
    env = {**os.environ, "DATABASE_URL": database_url, "SIGAP_TEST_DATABASE": label}
    return subprocess.run([sys.executable, "-m", "pytest", *extra], cwd=ROOT, env=env).returncode


def main() -> int:
    extra = sys.argv[1:]
    if not CHROMIUM.exists():
        if required("SIGAP_REQUIRE_BROWSER"):
            loud(
                f"SIGAP_REQUIRE_BROWSER=1 but {CHROMIUM} is missing: browser tests cannot run (apt-get install chromium)"
            )
            return 1
        loud(f"{CHROMIUM} not found: END-TO-END BROWSER TESTS ARE SKIPPED (apt-get install chromium)")

    results = {"SQLite": pytest("SQLite", "sqlite://:memory:", extra)}

    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        if required("SIGAP_REQUIRE_POSTGRES"):
            loud("SIGAP_REQUIRE_POSTGRES=1 but no PostgreSQL server binaries (initdb) were found")
            return 1
        loud("No PostgreSQL server binaries (initdb): THE POSTGRESQL PASS IS SKIPPED (apt-get install postgresql)")
    else:
        try:
            cluster = PostgresCluster(bin_dir)
            url = cluster.start()
        except (subprocess.CalledProcessError, KeyError) as error:
            loud(f"PostgreSQL could not start: {error}")
            return 1
        try:
            results["PostgreSQL"] = pytest("PostgreSQL", url, extra)
        finally:
            cluster.stop()

    print("\n==== Summary ====")
    for label, code in results.items():
        print(f"{label}: {'passed' if code == 0 else f'FAILED (pytest exit {code})'}")
    return 0 if all(code == 0 for code in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
