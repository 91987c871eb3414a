"""A real server process for tests that need one (concurrency, browsers): gunicorn on a free port,
its own database (a temporary SQLite file, or a separate PostgreSQL database next to TEST_DATABASE_URL)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def separate_database_url(name: str, tmp_dir: Path) -> str:
    """A database of its own, so per-test table cleanup in the main suite cannot touch it."""
    base = os.environ.get("TEST_DATABASE_URL", "")
    if base.startswith("postgresql"):
        url = sa.engine.make_url(base)
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return url.set(database=name).render_as_string(hide_password=False)
    return f"sqlite:///{tmp_dir / (name + '.db')}"


@contextmanager
def live_server(database_url: str, *, workers: int = 3, threads: int = 8, extra_env: dict | None = None) -> Iterator[str]:
    """Migrate the database, start gunicorn, yield its base URL, stop it afterwards."""
    env = {
        **os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "live-server-secret-" + "x" * 32,
        "ENGAGE_RATELIMIT": "0", "PYTHONUNBUFFERED": "1", **(extra_env or {}),
    }
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "engage", "migrate"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "gthread", "--threads", str(threads),
         "-b", f"127.0.0.1:{port}", "--graceful-timeout", "5", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("server did not start: " + (proc.stderr.read().decode() if proc.stderr else ""))
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
