"""deploy/nginx.conf: log-in floods stop at nginx; staff and public traffic use separate pools.

Read as text (no nginx needed); when an nginx binary is installed the file is also checked
with `nginx -t` inside a throwaway `http` block.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONF = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")


def _locations() -> dict[str, str]:
    """Return each location's match text → its body (the config nests no blocks in them)."""
    return {match.group(1).strip(): match.group(2)
            for match in re.finditer(r"^\s*location\s+([^{]+)\{(.*?)^\s*\}", CONF, re.M | re.S)}


def _pool(path: str) -> str:
    """Return the upstream nginx would pick for `path`: regexes in order, else longest prefix."""
    locations = _locations()
    for spec, body in locations.items():
        if spec.startswith("~ ") and re.search(spec[2:].strip(), path):
            return re.search(r"proxy_pass http://(\w+);", body).group(1)
    prefixes = [spec for spec in locations if not spec.startswith(("~", "=", "@"))]
    best = max((spec for spec in prefixes if path.startswith(spec)), key=len)
    return re.search(r"proxy_pass http://(\w+);", locations[best]).group(1)


def test_new_socket_sessions_are_limited_per_address_but_open_ones_pass():
    sockets = _locations()["/socket.io/"]
    assert "limit_req zone=jx_socket_open burst=100 nodelay" in sockets
    # A handshake carries no sid: keyed by address. An open session's polls and its upgrade
    # carry one: the key is empty, and nginx does not count them.
    assert re.search(r"map \$arg_sid \$jx_socket_open \{\s*\"\"\s+\$binary_remote_addr;"
                     r"\s*default \"\";", CONF)
    assert re.search(r"limit_req_zone \$jx_socket_open zone=jx_socket_open:\S+ rate=10r/s;", CONF)


def test_every_log_in_endpoint_is_rate_limited_per_address_and_overall():
    spec, login = next(item for item in _locations().items() if "auth/login" in item[0])
    for path in ("/auth/login", "/auth/reset", "/api/v1/auth/token", "/api/v1/password-reset"):
        assert re.search(spec[2:].strip(), path), path
    assert "limit_req  zone=jx_login_address" in login
    assert "limit_req  zone=jx_login_everyone" in login
    assert "limit_conn jx_login_conn" in login
    assert "error_page 429 = @jx_slow_down" in login
    # Only POSTs are counted: the key is empty for the form's GET.
    assert re.search(r"map \$request_method \$jx_login_address \{\s*POST\s+\$binary_remote_addr;"
                     r"\s*default \"\";", CONF)
    slow = _locations()["@jx_slow_down"]
    assert "return 429" in slow and "add_header Retry-After" in slow


@pytest.mark.parametrize(("path", "pool"), [
    ("/api/v1/scores", "jx_staff"),
    ("/socket.io/", "jx_staff"),
    ("/judging/projects/1", "jx_staff"),
    ("/live/projects/1/publish", "jx_staff"),
    ("/auth/login", "jx_public"),
    ("/api/v1/auth/token", "jx_public"),
    ("/live/projects/1", "jx_public"),
    ("/api/v1/projects/1/standings", "jx_public"),
])
def test_staff_and_public_traffic_go_to_separate_pools(path, pool):
    assert _pool(path) == pool
    assert re.search(rf"upstream {pool} \{{\s*ip_hash;", CONF)


def test_spectators_board_snapshots_are_microcached_but_never_staff_answers():
    spec, board = next(item for item in _locations().items() if "standings" in item[0])
    assert re.search(spec[2:].strip(), "/api/v1/projects/12/standings")
    zone = re.search(r"proxy_cache_path\s+\S+[^;]*keys_zone=(\w+):", CONF)
    assert zone and f"proxy_cache {zone.group(1)};" in board
    # Whoever carries a session or a token, and every delta resume, reaches the app.
    for directive in ("proxy_cache_bypass", "proxy_no_cache"):
        found = re.search(rf"{directive}\s+([^;]+);", board)
        assert found, directive
        keys = set(found.group(1).split())
        assert {"$cookie_session", "$http_authorization", "$arg_since"} <= keys
    # The app's Cache-Control decides (private / no-store answers are not stored).
    assert "proxy_ignore_headers" not in board
    assert re.search(r"proxy_cache_valid\s+200\s+1s;", board)


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_file(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                           "1", "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                          capture_output=True, check=False)
    if made.returncode:
        pytest.skip("openssl could not make a throwaway certificate")
    conf = (CONF.replace("/etc/ssl/jiangxin/fullchain.pem", str(cert))
            .replace("/etc/ssl/jiangxin/privkey.pem", str(key))
            .replace("/var/cache/nginx/jiangxin-boards", str(tmp_path / "boards")))
    (tmp_path / "jiangxin.conf").write_text(conf, encoding="utf-8")
    temp = " ".join(f"{kind}_temp_path {tmp_path}/{kind};" for kind in
                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{ access_log off; {temp} include {tmp_path}/jiangxin.conf; }}\n",
        encoding="utf-8")
    checked = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c",
                              str(tmp_path / "nginx.conf")], capture_output=True, text=True,
                             check=False, timeout=60)
    assert checked.returncode == 0, checked.stderr
