"""Helpers for tests against a real multi-process deployment (scripts/serve_cluster.py).

A throwaway PostgreSQL database per run (never the suite's shared `test` database), the
seeding child process, a log-in through the real form, and a judge's tablet as a Socket.IO
client with an outbox it replays after a reconnect.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
import socketio

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 10


@contextmanager
def throwaway_database(postgres_url: str, name: str) -> Iterator[str]:
    """Create an empty PostgreSQL database beside `postgres_url`'s; drop it afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(postgres_url)
    admin_dsn = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(env: dict[str, str]) -> dict[str, Any]:
    """Run tests/realtime/cluster_seed.py with the deployment's environment; return its ids."""
    done = subprocess.run([sys.executable, "-m", "tests.realtime.cluster_seed"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"seeding failed:\n{done.stdout}{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def log_in(base_url: str, username: str, password: str) -> str:
    """Log in through /auth/login (CSRF token from the page); return the session cookie."""
    http = requests.Session()
    page = http.get(f"{base_url}/auth/login", timeout=TIMEOUT_S)
    page.raise_for_status()
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text) or \
        re.search(r'value="([^"]+)"[^>]*name="csrf_token"', page.text)
    assert match, "the log-in page has no CSRF token"
    response = http.post(f"{base_url}/auth/login", timeout=TIMEOUT_S, allow_redirects=False,
                         data={"csrf_token": match.group(1), "username": username,
                               "password": password, "next": ""})
    assert response.status_code == 302, f"log-in refused ({response.status_code})"
    cookie = http.cookies.get("session")
    assert cookie, "no session cookie after logging in"
    return cookie


def connect(url: str, cookie: str | None = None) -> socketio.Client:
    """Open a websocket Socket.IO connection, carrying a session cookie if given."""
    client = socketio.Client(reconnection=False)
    headers = {"Cookie": f"session={cookie}"} if cookie else {}
    client.connect(url, headers=headers, transports=["websocket"], wait_timeout=TIMEOUT_S)
    return client


class Spectator:
    """A public board: joins a project's room and keeps every standings_changed it gets."""

    def __init__(self, url: str, project_id: int) -> None:
        self.project_id = project_id
        self.seqs: list[int] = []
        self._changed = threading.Condition()
        self.client = connect(url)
        self.client.on("standings_changed", self._on_standings)
        ack = self.client.call("join_project", {"project_id": project_id}, timeout=TIMEOUT_S)
        assert ack["ok"] is True, ack

    def _on_standings(self, payload: dict[str, Any]) -> None:
        # Redis channels are shared by every test on the host: keep only this project's.
        if not isinstance(payload, dict) or payload.get("project_id") != self.project_id:
            return
        with self._changed:
            self.seqs.append(payload["seq"])
            self._changed.notify_all()

    def wait_for_seq(self, seq: int, timeout: float = TIMEOUT_S) -> bool:
        """Wait until a delta with this sequence number (or a later one) has arrived."""
        with self._changed:
            return self._changed.wait_for(lambda: max(self.seqs, default=0) >= seq, timeout)


class Tablet:
    """A judge's tablet: every score goes into the outbox first and stays there for replay.

    `acked` maps client_id → the ack of a stored score (`ok: true`); the outbox keeps every
    event ever sent, acknowledged or not, as the real tablet does until it has proof.
    """

    def __init__(self, cookie: str) -> None:
        self.cookie = cookie
        self.outbox: dict[str, dict[str, Any]] = {}
        self.acked: dict[str, dict[str, Any]] = {}
        self.refused: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._acks = threading.Condition(self._lock)
        self.client: socketio.Client | None = None

    def connect(self, url: str) -> None:
        """Connect to one server and join the judge's own room (proves the log-in holds)."""
        self.client = connect(url, self.cookie)
        ack = self.client.call("join_judge", {}, timeout=TIMEOUT_S)
        assert ack["ok"] is True, ack

    def score(self, registration_id: int, aspect_id: int, value: int) -> str:
        """Queue a score in the outbox and send it without waiting; return its client_id."""
        client_id = str(uuid.uuid4())
        payload = {"client_id": client_id, "registration_id": registration_id,
                   "aspect_id": aspect_id, "component_id": None, "value": value}
        with self._lock:
            self.outbox[client_id] = payload
        assert self.client is not None
        self.client.emit("submit_score", payload,
                         callback=lambda ack, cid=client_id: self._on_ack(cid, ack))
        return client_id

    def _on_ack(self, client_id: str, ack: dict[str, Any]) -> None:
        with self._acks:
            (self.acked if ack.get("ok") else self.refused)[client_id] = ack
            self._acks.notify_all()

    def wait_for_acks(self, count: int, timeout: float = TIMEOUT_S) -> bool:
        """Wait until at least `count` scores have been acknowledged."""
        with self._acks:
            return self._acks.wait_for(lambda: len(self.acked) >= count, timeout)

    def replay(self) -> dict[str, dict[str, Any]]:
        """Send the whole outbox again, one call at a time; return each client_id's ack."""
        assert self.client is not None
        with self._lock:
            pending = list(self.outbox.values())
        return {payload["client_id"]: self.client.call("submit_score", payload,
                                                       timeout=TIMEOUT_S)
                for payload in pending}


def stored_counts(database_url: str) -> dict[str, int]:
    """Return how many score_events rows each client_id has in the deployment's database."""
    import psycopg
    from sqlalchemy.engine import make_url

    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(
        hide_password=False)
    with psycopg.connect(dsn) as conn:
        rows = conn.execute("SELECT client_id, count(*) FROM score_events GROUP BY client_id")
        return {client_id: n for client_id, n in rows}


def project_seq(database_url: str, project_id: int) -> int:
    """Return a project's committed event sequence number."""
    import psycopg
    from sqlalchemy.engine import make_url

    dsn = make_url(database_url).set(drivername="postgresql").render_as_string(
        hide_password=False)
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT event_seq FROM projects WHERE id = %s", (project_id,))
        return int(row.fetchone()[0])

