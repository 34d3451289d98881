"""JX_CONFIG=production builds the app under gevent, and refuses to start without a secret.

Each check runs in a child process: the production settings are read from the environment
when app.config is imported, and gevent's monkey patching must not touch the test process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What gunicorn's gevent worker does before it loads wsgi:app: patch, then import.
_GEVENT_BOOT = """
from gevent import monkey
monkey.patch_all()
import psycopg.waiting as waiting
import wsgi
from app.extensions import socketio
assert socketio.server.eio.async_mode == "gevent", socketio.server.eio.async_mode
assert waiting.wait is not getattr(waiting, "wait_c", None), "psycopg would block the hub"
assert wsgi.app.config["SESSION_COOKIE_SECURE"] is True
print("ok")
"""


def _run(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if k not in {"SECRET_KEY", "SOCKETIO_ASYNC_MODE", "SESSION_COOKIE_SECURE"}}
    base.update(JX_CONFIG="production", JX_INSTANCE_PATH=str(tmp_path),
                DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite'}")
    base.update(env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_production_app_builds_under_gevent(tmp_path: Path) -> None:
    done = _run(_GEVENT_BOOT, tmp_path, SECRET_KEY="m3Yq8sJr0kVvX2pN7cLwT5eHdA9fGzB1uQ6oR4iKyZE")
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok")


def test_production_refuses_the_missing_secret(tmp_path: Path) -> None:
    done = _run("import wsgi", tmp_path)
    assert done.returncode != 0
    assert "SECRET_KEY must be set in production" in done.stderr


def test_behind_a_trusted_proxy_external_urls_keep_the_clients_scheme(tmp_path: Path) -> None:
    code = """
from app import create_app
from flask import url_for
app = create_app({"TRUSTED_PROXIES": 1, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "jiangxin.example.cn"}
app.add_url_rule("/probe", "probe", lambda: url_for("public.home", _external=True))
print(app.test_client().get("/probe", headers=headers).get_data(as_text=True))
"""
    done = _run(code, tmp_path, JX_CONFIG="default")
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "https://jiangxin.example.cn/"


def test_production_refuses_short_or_repetitive_secrets(tmp_path: Path) -> None:
    for key, reason in (("dev-only-change-me", "fewer than 43"),
                        ("a" * 64, "repeats too few characters")):
        done = _run("import wsgi", tmp_path, SECRET_KEY=key)
        assert done.returncode != 0
        assert reason in done.stderr


def test_without_a_key_the_instance_folder_gets_one_random_key_kept_private(
    tmp_path: Path,
) -> None:
    code = """
from app import create_app
first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
print(first == second, len(first))
"""
    done = _run(code, tmp_path, JX_CONFIG="default")
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["True", "43"]
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert key_file.read_text().strip() != "dev-only-change-me"


def test_the_dev_server_warns_loudly_unless_production(tmp_path: Path) -> None:
    code = "import wsgi; print(wsgi.warn_if_development())"
    dev = _run(code, tmp_path, JX_CONFIG="default")
    assert dev.stdout.strip() == "True"
    assert "DEVELOPMENT configuration" in dev.stderr
    prod = _run(code, tmp_path, SECRET_KEY="m3Yq8sJr0kVvX2pN7cLwT5eHdA9fGzB1uQ6oR4iKyZE")
    assert prod.returncode == 0, prod.stderr[-3000:]
    assert prod.stdout.strip() == "False"
    assert "DEVELOPMENT" not in prod.stderr
