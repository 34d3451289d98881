"""Start the real app in a child process on loopback, for multi-process tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs in the child: build the schema and one project so spectators have a room to join.
_BOOT = """
import datetime as dt, os
from app import create_app
from app.extensions import db, socketio
from app.models import Competition, Occupation, Organization, Project
app = create_app()
with app.app_context():
    db.create_all()
    if db.session.get(Project, 1) is None:
        org = Organization(name="市人社局", kind="ORGANIZER")
        occ = Occupation(code="6-31-01-03", name="电工")
        comp = Competition(name="市赛", tier="MUNICIPAL", category="GENERAL", year=2026,
                           organizer=org, starts_on=dt.date(2026, 6, 1),
                           ends_on=dt.date(2026, 6, 2))
        db.session.add(Project(competition=comp, occupation=occ, group="EMPLOYEE",
                               name="电工", award_scheme="PERCENT_PRIZES"))
        db.session.commit()
socketio.run(app, host="127.0.0.1", port=int(os.environ["JX_PORT"]),
             allow_unsafe_werkzeug=True, log_output=False)
"""


def free_port() -> int:
    """Return a TCP port that is free on loopback now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server_process(tmp_path: Path, *, message_queue: str | None,
                   database_url: str | None = None) -> Iterator[str]:
    """Run one server process; yield its base URL; kill it afterwards."""
    port = free_port()
    env = dict(os.environ)
    env.update(
        JX_PORT=str(port),
        JX_INSTANCE_PATH=str(tmp_path / f"instance-{port}"),
        SECRET_KEY="multi-process-test",
        DATABASE_URL=database_url or f"sqlite:///{tmp_path / 'shared.sqlite'}",
        SOCKETIO_ASYNC_MODE="threading",
    )
    if message_queue:
        env["SOCKETIO_MESSAGE_QUEUE"] = message_queue
    proc = subprocess.Popen([sys.executable, "-c", _BOOT], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_port(port, proc)
        yield url
    finally:
        proc.kill()
        proc.wait(timeout=10)


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode()[-2000:]}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("server did not start within 30 s")
