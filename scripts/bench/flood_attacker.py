"""The attacker and the address-bound HTTP sessions of bench_flood.py (a module of its own, so
the attacker's spawned process imports it without the benchmark's seeding)."""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import Counter
from typing import Any

import requests
from requests.adapters import HTTPAdapter

JUDGE_ADDRESS = "127.0.0.1"
ATTACKER_ADDRESS = "127.0.0.2"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class SourceAddressAdapter(HTTPAdapter):
    """An adapter whose connections leave from a fixed local address."""

    def __init__(self, address: str, **kwargs: Any) -> None:
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def session_from(address: str) -> requests.Session:
    """Return a requests session bound to `address` (pooled, kept alive)."""
    http = requests.Session()
    adapter = SourceAddressAdapter(address, pool_connections=4, pool_maxsize=16)
    http.mount("http://", adapter)
    return http


def _socket_attempt(http: requests.Session, base: str) -> tuple[str, str | None]:
    """Open one anonymous Socket.IO connection over polling; return (outcome, engine sid)."""
    url = f"{base}/socket.io/?EIO=4&transport=polling"
    try:
        opened = http.get(url, timeout=10)
        if opened.status_code != 200:
            return f"http {opened.status_code}", None
        sid = re.search(r'"sid":"([^"]+)"', opened.text)
        if sid is None:
            return "no sid", None
        sid_url = f"{url}&sid={sid.group(1)}"
        http.post(sid_url, data="40", timeout=10)
        answer = http.get(sid_url, timeout=10).text
    except requests.RequestException as error:
        return f"error {type(error).__name__}", None
    first = answer.split("\x1e")[0]
    if first.startswith("44"):
        http.post(sid_url, data="1", timeout=10)  # close the refused Engine.IO session
        return "refused", None
    if first.startswith("40"):
        return "admitted", sid_url
    return f"other {answer[:20]!r}", None


def flood_sockets(base: str, attempts: int, stop: Any, deadline: float,
                  threads: int = 4) -> Counter[str]:
    """Open connections from the attacker's address until stopped; close them at the end."""
    outcomes: Counter[str] = Counter()
    held: list[str] = []
    lock = threading.Lock()
    left = [attempts]

    def worker() -> None:
        http = session_from(ATTACKER_ADDRESS)
        while not stop.is_set() and time.monotonic() < deadline:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            outcome, sid_url = _socket_attempt(http, base)
            with lock:
                outcomes[outcome] += 1
                if sid_url:
                    held.append(sid_url)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    closer = session_from(ATTACKER_ADDRESS)
    for sid_url in held:
        try:
            closer.post(sid_url, data="1", timeout=5)
        except requests.RequestException:
            outcomes["close error"] += 1
    return outcomes


def spread_addresses(count: int) -> list[str]:
    """Return `count` loopback addresses after the judge's and the attacker's (127.0.1.x…)."""
    return [f"127.0.{1 + k // 250}.{1 + k % 250}" for k in range(count)]


def flood_logins(base: str, attempts: int, stop: Any, deadline: float, users: list[str],
                 threads: int = 4, addresses: list[str] | None = None) -> Counter[str]:
    """Post wrong passwords (page form and token API, alternately) until stopped.

    With `addresses`, each attempt leaves from the next one in turn (a botnet, or a crowd
    behind many addresses): the per-address limit then lets 10 a minute through from each,
    so the server's password hashing, not the limiter, is what the flood meets.
    """
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    left = [attempts]
    sources = addresses or [ATTACKER_ADDRESS]

    def worker(offset: int) -> None:
        sessions: dict[str, tuple[requests.Session, str]] = {}
        n = 0
        while not stop.is_set() and time.monotonic() < deadline:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            address = sources[(offset + n * threads) % len(sources)]
            user = users[(n // 2) % len(users)]  # each user on both surfaces
            guess = secrets.token_hex(6)
            try:
                if address not in sessions:
                    http = session_from(address)
                    page = http.get(f"{base}/auth/login", timeout=10)
                    found = CSRF.search(page.text)
                    sessions[address] = (http, (found.group(1) or found.group(2))
                                         if found else "")
                http, token = sessions[address]
                if n % 2 == 0:
                    answer = http.post(f"{base}/auth/login", timeout=10, allow_redirects=False,
                                       data={"csrf_token": token, "username": user,
                                             "password": guess, "next": ""})
                    kind = "page"
                else:
                    answer = http.post(f"{base}/api/v1/auth/token", timeout=10,
                                       json={"username": user, "password": guess})
                    kind = "api"
                outcome = f"{kind} {answer.status_code}"
            except requests.RequestException as error:
                why = re.search(r"RemoteDisconnected|ConnectionReset|ConnectionRefused|"
                                r"NewConnectionError|BrokenPipe|timed out", str(error))
                outcome = f"error {type(error).__name__}" + (f" ({why.group(0)})" if why else "")
            n += 1
            with lock:
                outcomes[outcome] += 1

    pool = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return outcomes


def attacker(kind: str, base: str, attempts: int, seconds: float, users: list[str],
             ready: Any, stop: Any, results: Any, spread: int = 0) -> None:
    """Run one flood in this process and put its outcome counts on `results`."""
    deadline = time.monotonic() + seconds
    ready.set()
    if kind == "sockets":
        got = flood_sockets(base, attempts, stop, deadline)
    elif kind == "login-spread":
        # Unknown usernames (credential stuffing): no account wait ever stops their hashes.
        stuffed = [f"stuffed-{secrets.token_hex(4)}" for _ in range(50)]
        # 16 at once: more than a few hashing slots, as a crowd of clients would be.
        got = flood_logins(base, attempts, stop, deadline, stuffed, threads=16,
                           addresses=spread_addresses(spread))
    else:
        got = flood_logins(base, attempts, stop, deadline, users)
    results.put((dict(got), seconds - max(0.0, deadline - time.monotonic())))
