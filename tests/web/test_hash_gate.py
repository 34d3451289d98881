"""Issue #11 / #15: anonymous password hashing is bounded; beyond it a 503 without a hash.

No timing is asserted: a held slot must refuse at once (a gate with no queue never waits),
the spied hash function must not run, and a seated judge's mark must not be gated at all.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import PASSWORD
from tests.judging_setup import build_contest, new_id


@pytest.fixture()
def full_gate(app: Any, monkeypatch: Any) -> Any:
    """The app's hash gate at one slot and no queue, with its slot held by the test."""
    from app.services.identity.hash_gate import HashGate

    gate = HashGate(slots=1, queue=0, wait=0)
    monkeypatch.setitem(app.extensions, "jx_hash_gate", gate)
    with gate.slot():
        yield gate


@pytest.fixture()
def hash_calls(monkeypatch: Any) -> list[str]:
    """Every password hash or check the log-in paths start, by function name."""
    from app.services.identity import account_admin, accounts

    calls: list[str] = []

    def spy(name: str) -> Any:
        def never(*_args: Any) -> Any:
            calls.append(name)
            raise AssertionError(f"{name} ran while the gate was full")
        return never

    for module in (accounts, account_admin):
        monkeypatch.setattr(module, "check_password_hash", spy("check_password_hash"))
        monkeypatch.setattr(module, "generate_password_hash", spy("generate_password_hash"))
    return calls


def test_a_gate_admits_its_slots_and_queue_then_refuses() -> None:
    from app.services.identity.hash_gate import HashBusy, HashGate

    gate = HashGate(slots=1, queue=0, wait=0)
    with gate.slot():
        with pytest.raises(HashBusy) as refused, gate.slot():
            pass
        assert refused.value.status == 503 and refused.value.retry_after >= 1
    with gate.slot():  # the slot came back
        assert gate.admitted == 1
    assert gate.admitted == 0
    queued = HashGate(slots=1, queue=1, wait=0)
    with queued.slot():
        # One may queue; with no wait allowed it is refused when its turn does not come.
        with pytest.raises(HashBusy), queued.slot():
            pass
        assert queued.admitted == 1  # the refused waiter left the queue


@pytest.mark.parametrize("username", ["judge", "nobody"])
def test_with_the_slot_held_a_log_in_gets_503_at_once_without_hashing(
        client, make_user, full_gate, hash_calls, username):
    make_user(username="judge")
    page = client.post("/auth/login", data={"username": username, "password": "Wrong-1234"})
    api = client.post("/api/v1/auth/token", json={"username": username, "password": "Wrong-1"})
    assert page.status_code == 503 and int(page.headers["Retry-After"]) >= 1
    assert api.status_code == 503 and int(api.headers["Retry-After"]) >= 1
    assert api.json["error"]["code"] == "auth.busy"
    assert hash_calls == []


def test_the_busy_refusal_is_the_same_for_known_and_unknown_usernames(
        client, make_user, full_gate, hash_calls):
    make_user(username="judge")
    answers = [client.post("/api/v1/auth/token", json={"username": name, "password": "x"})
               for name in ("judge", "nobody")]
    assert [(a.status_code, a.headers["Retry-After"], a.json) for a in answers[:1]] == [
        (b.status_code, b.headers["Retry-After"], b.json) for b in answers[1:]]
    assert hash_calls == []


def test_a_password_reset_is_gated_too(client, make_user, full_gate, hash_calls, db):
    from app.models._types import utcnow
    from app.services.identity import account_admin

    admin = make_user("ADMIN", username="boss")
    user = make_user(username="judge")
    _user, code = account_admin.issue_reset_code(admin, user.id, now=utcnow())
    answer = client.post("/api/v1/password-reset", json={
        "username": "judge", "code": code, "new_password": "Fresh-lathe-77"})
    assert answer.status_code == 503 and int(answer.headers["Retry-After"]) >= 1
    assert hash_calls == []


def test_a_seated_judges_marks_are_never_gated(client, db, login, full_gate, hash_calls):
    contest = build_contest()
    login(contest.judges[0])
    answer = client.post("/api/v1/scores", json={
        "client_id": new_id(), "registration_id": contest.registrations[0].id,
        "aspect_id": contest.j.id, "value": 2})
    assert answer.status_code == 201
    assert full_gate.admitted == 1 and hash_calls == []


def test_the_gate_refusal_is_not_counted_against_the_address(app):
    from app.extensions import db
    from app.services.identity.hash_gate import HashGate
    from tests.web.test_rate_limits import _limited_app

    limited = _limited_app()  # 3 refused log-ins per minute per address
    with limited.app_context():
        db.create_all()
        try:
            gate = HashGate(slots=1, queue=0, wait=0)
            limited.extensions["jx_hash_gate"] = gate
            client = limited.test_client()
            body = {"username": "nobody", "password": PASSWORD}
            with gate.slot():
                busy = [client.post("/api/v1/auth/token", json=body).status_code
                        for _ in range(5)]
            checked = client.post("/api/v1/auth/token", json=body).status_code
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
    assert busy == [503] * 5 and checked == 401


def test_under_gevent_hashes_run_one_at_a_time_at_lower_priority_off_the_hub():
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    script = textwrap.dedent("""
        from gevent import monkey
        monkey.patch_all()
        import os
        import gevent
        real_ident = monkey.get_original("_thread", "get_ident")
        hub_thread = real_ident()
        hub_nice = os.getpriority(os.PRIO_PROCESS, 0)
        assert hub_nice < 10, "the test runs at nice 10 or more already"
        from app.services.identity.hash_gate import HashBusy, HashGate

        gate = HashGate(slots=1, queue=1, wait=30, nice=10)
        running, most, seen = [0], [0], []

        def work(n):
            running[0] += 1
            most[0] = max(most[0], running[0])
            seen.append((real_ident() != hub_thread, os.getpriority(os.PRIO_PROCESS, 0)))
            spins = 0
            while not ticks and spins < 50_000_000:  # until the hub has run the ticker
                spins += 1
            running[0] -= 1
            return n

        ticks = []

        def ticker():
            gevent.sleep(0)
            ticks.append(1)

        def call(n):
            try:
                return gate.run(work, n)
            except HashBusy:
                return "busy"

        gevent.spawn(ticker)
        jobs = [gevent.spawn(call, n) for n in range(3)]
        gevent.joinall(jobs, timeout=60)
        got = sorted(str(job.value) for job in jobs)
        assert got == ["0", "1", "busy"], got  # one ran, one queued, the third refused
        assert most[0] == 1, most
        assert seen and all(off_hub and nice >= 10 for off_hub, nice in seen), seen
        assert os.getpriority(os.PRIO_PROCESS, 0) == hub_nice  # the hub keeps its priority
        print("OK")
    """)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.strip().endswith("OK"), done.stderr
