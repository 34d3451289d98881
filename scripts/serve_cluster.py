"""Start a local multi-process deployment on loopback: N gunicorn gevent instances + Redis.

    .venv/bin/python scripts/serve_cluster.py --instances 2 --base-port 8001 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/jiangxin \\
        --redis-url redis://127.0.0.1:6379/0

It runs `flask --app wsgi db upgrade` once, then one `gunicorn -k gevent -w 1
--worker-connections 5000 --no-control-socket -b 127.0.0.1:<port> wsgi:app` per instance with
JX_CONFIG=production and SOCKETIO_MESSAGE_QUEUE set, waits until /api/v1/health answers 200 on
each, prints the URLs and stops everything on Ctrl-C or SIGTERM. Tests and benchmarks use the
`Cluster` class below, so they start exactly what this command starts. See docs/DEPLOY.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
HEALTH_PATH = "/api/v1/health"


def gunicorn_command(port: int, host: str = "127.0.0.1") -> list[str]:
    """Return the production server command of one instance (one gevent worker)."""
    # Every watching socket holds one of the worker's connections (gevent's default is 1,000).
    return [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1",
            "--worker-connections", "5000", "--no-control-socket",
            "-b", f"{host}:{port}", "wsgi:app"]


def cluster_env(*, database_url: str, redis_url: str, secret_key: str | None = None,
                extra: dict[str, str] | None = None) -> dict[str, str]:
    """Return the environment every process of the deployment shares."""
    env = dict(os.environ)
    env.update(
        JX_CONFIG="production",
        DATABASE_URL=database_url,
        SOCKETIO_MESSAGE_QUEUE=redis_url,
        SECRET_KEY=secret_key or env.get("SECRET_KEY") or secrets.token_urlsafe(32),
        # Loopback has no TLS: a Secure cookie would never come back. Behind nginx with TLS,
        # leave SESSION_COOKIE_SECURE unset (production turns it on).
        SESSION_COOKIE_SECURE="0",
        PYTHONUNBUFFERED="1",
    )
    env.pop("SOCKETIO_ASYNC_MODE", None)  # production means gevent
    env.update(extra or {})
    return env


def upgrade_database(env: dict[str, str], *, timeout: float = 300) -> None:
    """Run `flask --app wsgi db upgrade` once against the deployment's database."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")


def health(url: str, timeout: float = 2.0) -> tuple[int, dict[str, Any] | None]:
    """Return the status and body of an instance's health endpoint (0, None: no answer)."""
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read())
        except ValueError:
            return error.code, None
    except (OSError, ValueError):
        return 0, None


@dataclass
class Instance:
    """One gunicorn master (and its single gevent worker), in its own process group."""

    port: int
    process: subprocess.Popen
    log_path: Path | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """Return the instance's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        """Return whether the gunicorn master still runs."""
        return self.process.poll() is None

    def log_tail(self, chars: int = 3000) -> str:
        """Return the end of the instance's log, for error messages."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text("utf-8", errors="replace")[-chars:]

    def wait_healthy(self, timeout: float = 60.0) -> dict[str, Any]:
        """Wait until /api/v1/health answers 200; return its body or raise with the log."""
        deadline = time.monotonic() + timeout
        status, body = 0, None
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"instance on :{self.port} exited:\n{self.log_tail()}")
            status, body = health(self.url)
            if status == 200 and body is not None:
                return body
            time.sleep(0.2)
        raise RuntimeError(f"instance on :{self.port} not healthy after {timeout:.0f} s "
                           f"(last: {status} {body}):\n{self.log_tail()}")

    def kill(self) -> None:
        """Kill the master and its worker at once (SIGKILL to the group): a crash, not a stop."""
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._close_log()

    def terminate(self) -> None:
        """Ask the master to shut down gracefully (SIGTERM); `stop` then waits."""
        if self.alive():
            self._signal_group(signal.SIGTERM)

    def stop(self, grace: float = 10.0) -> None:
        """Stop gracefully (SIGTERM), then kill whatever is left after `grace` seconds."""
        if self.alive():
            self.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=grace)
        # The worker may outlive a master that was killed: sweep the whole group.
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._close_log()

    def _signal_group(self, sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


def start_instance(port: int, env: dict[str, str], log_path: Path | None = None) -> Instance:
    """Start one gunicorn instance on loopback; output goes to `log_path` or this terminal."""
    log = open(log_path, "ab") if log_path is not None else None  # noqa: SIM115  (kept open)
    process = subprocess.Popen(gunicorn_command(port), cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT if log else None,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    return Instance(port, process, log_path, log)


class Cluster:
    """The deployment as a context manager: upgrade, start, wait healthy; stop on exit."""

    def __init__(self, *, ports: list[int], database_url: str, redis_url: str,
                 secret_key: str | None = None, log_dir: Path | None = None,
                 extra_env: dict[str, str] | None = None, upgrade: bool = True) -> None:
        self.ports = ports
        self.env = cluster_env(database_url=database_url, redis_url=redis_url,
                               secret_key=secret_key, extra=extra_env)
        self.log_dir = log_dir
        self.upgrade = upgrade
        self.instances: list[Instance] = []

    def start(self, *, timeout: float = 60.0) -> Cluster:
        """Upgrade the database once, start every instance, wait until each is healthy."""
        if self.upgrade:
            upgrade_database(self.env)
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
        try:
            for port in self.ports:
                log = self.log_dir / f"gunicorn-{port}.log" if self.log_dir else None
                self.instances.append(start_instance(port, self.env, log))
            for instance in self.instances:
                instance.wait_healthy(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop every instance still running (all asked at once, then each awaited)."""
        for instance in self.instances:
            instance.terminate()
        for instance in self.instances:
            instance.stop()

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--instances", type=int, default=2, help="gunicorn instances (2)")
    parser.add_argument("--base-port", type=int, default=8001,
                        help="port of the first instance; the others follow (8001)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="PostgreSQL URL (default: $DATABASE_URL)")
    parser.add_argument("--redis-url",
                        default=os.environ.get("SOCKETIO_MESSAGE_QUEUE",
                                               "redis://127.0.0.1:6379/0"),
                        help="Socket.IO message queue (default: $SOCKETIO_MESSAGE_QUEUE or "
                             "redis://127.0.0.1:6379/0)")
    parser.add_argument("--log-dir", type=Path, default=None,
                        help="write each instance's log to a file here instead of the terminal")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url (or DATABASE_URL) is required")
    if args.instances < 1:
        parser.error("--instances must be at least 1")
    return args


def _raise_exit(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Run the deployment until Ctrl-C / SIGTERM or until an instance dies."""
    args = _parse(argv)
    signal.signal(signal.SIGTERM, _raise_exit)
    ports = [args.base_port + i for i in range(args.instances)]
    cluster = Cluster(ports=ports, database_url=args.database_url, redis_url=args.redis_url,
                      log_dir=args.log_dir)
    print(f"upgrading the database, then starting {args.instances} instance(s)…", flush=True)
    try:
        with cluster:
            for instance in cluster.instances:
                print(f"{instance.url}  (gunicorn pid {instance.process.pid})", flush=True)
            print("ready — Ctrl-C stops every instance", flush=True)
            while all(instance.alive() for instance in cluster.instances):
                time.sleep(0.5)
            dead = [i.url for i in cluster.instances if not i.alive()]
            print(f"instance exited: {', '.join(dead)}; stopping the rest", file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("stopping…", flush=True)
        return 0
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
