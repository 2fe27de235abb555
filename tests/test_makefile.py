"""`make run` on another port, and a taken port said before any install work starts."""

import os
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_make_run_serves_on_the_port_it_is_given(tmp_path):
    dry_run = make("-n", "run", "PORT=8001", tmp_path=tmp_path)
    commands = dry_run.stdout.splitlines()
    assert [c for c in commands if "runserver" in c or "demo_logins" in c] == [
        ".venv/bin/python manage.py demo_logins --port 8001",
        ".venv/bin/python manage.py runserver 127.0.0.1:8001",
    ]


def test_a_taken_port_is_reported_before_anything_is_installed(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = make("run", f"PORT={port}", tmp_path=tmp_path)

    assert (result.returncode, result.stdout, result.stderr.splitlines()[0]) == (
        2,
        "",
        f"Port {port} on 127.0.0.1 is already in use (another make run?). Stop that server, "
        f"or choose another port: make run PORT={port + 1}",
    )
    assert not (tmp_path / "db.sqlite3").exists()


def test_a_port_that_is_not_a_number_is_refused(tmp_path):
    result = make("run", "PORT=abc", tmp_path=tmp_path)
    assert (result.returncode, result.stderr.splitlines()[0]) == (
        2,
        "PORT=abc is not a port number; try: make run PORT=8001",
    )
