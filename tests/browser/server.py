"""A real Engage server for the browser suite and the screenshots: its own database, migrated and
seeded through the command line, served by gunicorn on a free local port."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SECRET_KEY = "browser-suite-secret-key-that-is-long-enough-0123456789"
DEMO_PASSWORD = "browser suite demo password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_database(base_url: str, name: str) -> str:
    """A fresh database next to the one the unit tests use, so their per-test cleanup never meets ours."""
    import sqlalchemy as sa

    from engage.database import make_engine

    engine = make_engine(base_url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path="/" + name))


def _drop_postgres_database(base_url: str, name: str) -> None:
    import sqlalchemy as sa

    from engage.database import make_engine

    engine = make_engine(base_url)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


class LiveServer:
    """Start with `with LiveServer() as server:`; `server.url`, `server.seed` (what was seeded)."""

    def __init__(self, workers: int = 2, demo_responses: int = 50, test_surveys: bool = True) -> None:
        self.workers = workers
        self.test_surveys = test_surveys
        self.demo_responses = demo_responses
        self.tmp = tempfile.TemporaryDirectory(prefix="engage-browser-")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.log_path = Path(self.tmp.name) / "server.log"
        self.seed: dict = {}
        self._pg: tuple[str, str] | None = None
        test_url = os.environ.get("TEST_DATABASE_URL", "")
        if test_url.startswith("postgresql"):
            name = "engage_browser_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
            self._pg = (test_url, name)
            self.database_url = ""
        else:
            self.database_url = f"sqlite:///{Path(self.tmp.name) / 'engage-browser.db'}"
        self.env = {
            **os.environ,
            "SECRET_KEY": SECRET_KEY,
            "ENGAGE_DEMO_PASSWORD": DEMO_PASSWORD,
            "ENGAGE_RATELIMIT": "0",
            "ENGAGE_ENV": "development",
            "ENGAGE_PUBLIC_URL": self.url,
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def _run(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self) -> "LiveServer":
        if self._pg:
            self.database_url = _postgres_database(*self._pg)
        self.env["DATABASE_URL"] = self.database_url
        if not all((ROOT / "translations" / loc / "LC_MESSAGES" / "messages.mo").exists() for loc in ("es", "ar")):
            self._run("scripts/translate.py", "compile")
        args = ["-m", "tests.browser.seed", "--demo-responses", str(self.demo_responses)]
        out = self._run(*args, *([] if self.test_surveys else ["--no-test-surveys"]))
        self.seed = json.loads(out.strip().splitlines()[-1])
        self.seed["demo_password"] = DEMO_PASSWORD
        log = open(self.log_path, "w")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(self.workers), "--threads", "4", "-b", f"127.0.0.1:{self.port}",
             "--timeout", "60", "--graceful-timeout", "2",
             # gthread closes idle keep-alive connections after 2 s by default; a client reusing one at
             # that instant gets ECONNRESET (seen once in CI while axe ran): keep them open longer.
             "--keep-alive", "120", "--preload", "wsgi:app"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not start on {self.url}:\n{self.log_tail()}")

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._pg:
            try:
                _drop_postgres_database(*self._pg)
            except Exception:  # noqa: BLE001 - leaving a scratch database behind is harmless
                pass
        self.tmp.cleanup()

    def __enter__(self) -> "LiveServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
