"""The app as production runs it, on loopback, for bench/load_benchmark.py:
gunicorn with DEBUG off and static files collected with DEBUG off, a Celery
worker, PostgreSQL (a database of its own, dropped and created afresh) and
Redis. Every process runs in a process group of its own and the whole group
is killed when the stack stops.

Nothing is written into the repository: static files, logs and the
throwaway SECRET_KEY live under the work folder (default /tmp/med_load_bench).
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def production_env(database_url: str, redis_url: str, work: Path) -> dict:
    """DEBUG off as in production, with what plain HTTP on loopback needs:
    no secure-only cookies, no HTTPS redirect, no HSTS."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(work / "static"),
        "PYTHONUNBUFFERED": "1",
    }


def recreate_database(database_url: str) -> None:
    """Drop and create the benchmark's own database on the same server."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(env: dict, *args: str) -> None:
    """A management command in its own process, as the image runs it."""
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(port: int) -> list[str]:
    """The image's gunicorn command, bound to loopback instead of 0.0.0.0 (a
    command-line --bind wins over the config file)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
    ]


# A process group of its own (killpg takes its children too), output into its log.
DETACHED = {
    "cwd": ROOT,
    "stdin": subprocess.DEVNULL,
    "stderr": subprocess.STDOUT,
    "start_new_session": True,
}
# As docker-compose.yml starts it: in the idle scheduling class (the CPU the
# web leaves over), one process (docs/deployment.md).
CELERY_WORKER = [sys.executable, "-m", "celery", "-A", "workbench", "worker", "--loglevel=INFO"]
IDLE_CLASS = ["chrt", "--idle", "0"]
WORKER_COMMAND = [*IDLE_CLASS, *CELERY_WORKER, "--concurrency=1"]


class Stack:
    """gunicorn and a Celery worker against a fresh database."""

    def __init__(self, database_url: str, redis_url: str, work: Path):
        self.work = work
        self.env = production_env(database_url, redis_url, work)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.processes: dict[str, subprocess.Popen] = {}

    def prepare(self) -> None:
        self.work.mkdir(parents=True, exist_ok=True)
        recreate_database(self.env["DATABASE_URL"])
        manage(self.env, "migrate", "--noinput")
        subprocess.run(  # the image's own step
            ["sh", "scripts/build_static.sh"],
            cwd=ROOT,
            check=True,
            env={**self.env, "PYTHON": sys.executable},
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self._spawn("web", gunicorn_command(self.port))
        self._spawn("worker", WORKER_COMMAND)

    def _spawn(self, name: str, command: list[str]) -> None:
        with (self.work / f"{name}.log").open("wb") as log:
            self.processes[name] = subprocess.Popen(command, env=self.env, stdout=log, **DETACHED)

    def wait_ready(self, timeout: float = 120) -> None:
        """Until the login page answers 200 and the worker says it is ready."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited; see {self.work / name}.log")
            if self._login_page_answers() and "ready." in self.log("worker"):
                return
            time.sleep(0.5)
        raise RuntimeError(f"the stack did not come up in {timeout:.0f} s; logs in {self.work}")

    def _login_page_answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/log-ind/", timeout=5) as response:  # noqa: S310
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def log(self, name: str) -> str:
        return (self.work / f"{name}.log").read_text(errors="replace")

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by each process group (user + system), from /proc."""
        used = dict.fromkeys(self.processes, 0.0)
        groups = {p.pid: name for name, p in self.processes.items()}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # the process ended meanwhile
            group = groups.get(int(fields[2]))  # fields[2] is the process group id
            if group:
                used[group] += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        return used

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
