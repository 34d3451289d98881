"""Live standings kept in memory and moved one score at a time equal a full computation."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.judging_setup import NOW, build_contest, new_id

#: (what, contestant index, value): marks through the service (one of them committed "by
#: another worker", so this process never hears of it), registrations, withdrawals, finish
#: statuses.
operations = st.lists(
    st.tuples(
        st.sampled_from(["theory", "theory", "m", "j", "panel", "foreign", "register",
                         "withdraw", "dnf", "finished"]),
        st.integers(min_value=0, max_value=30),
        st.integers(min_value=0, max_value=100),
    ),
    min_size=1,
    max_size=12,
)


@pytest.fixture()
def reads(monkeypatch):
    """Count full reads of a project's inputs."""
    from app.services.boards import standings_inputs

    calls: list[int] = []
    real = standings_inputs.read_inputs

    def spy(project, **kwargs):
        calls.append(project.id)
        return real(project, **kwargs)

    monkeypatch.setattr(standings_inputs, "read_inputs", spy)
    return calls


def _project(project_id):
    from app.extensions import db
    from app.models import Project

    db.session.expire_all()
    return db.session.get(Project, project_id)


def _same_as_full(project_id) -> dict:
    from app.extensions import db
    from app.services.boards import standings

    live = standings.compute_standings(_project(project_id))
    full = standings.full_standings(_project(project_id))
    db.session.rollback()
    assert live == full
    return live


def _score(contest, what, index, value, monkeypatch=None):
    from app.services.boards import standings_live
    from app.services.scoring.judging import submit_score
    from app.services.scoring.judging_errors import JudgingError

    regs = contest.registrations
    reg = regs[index % len(regs)]
    judge, aspect, component = {
        "theory": (contest.chief, None, contest.theory.id),
        "foreign": (contest.chief, None, contest.theory.id),
        "m": (contest.judges[0], contest.m.id, None),
        "j": (contest.judges[value % 2], contest.j.id, None),
        "panel": (contest.judges[value % 2], contest.panel.id, None),
    }[what]
    value = {"m": (0, 20, 40)[value % 3], "j": value % 4, "panel": value % 31}.get(what, value)
    real = standings_live.note_score
    if what == "foreign":
        standings_live.note_score = lambda *args: None  # committed by another worker
    try:
        submit_score(client_id=new_id(), judge=judge, registration_id=reg.id,
                     aspect_id=aspect, component_id=component, value=value, now=NOW)
    except JudgingError:
        pass  # refused (a recused judge, a DNF contestant): nothing changed
    finally:
        standings_live.note_score = real


def _register(contest):
    from app.extensions import db
    from app.models import Organization, Person, Registration

    k = len(contest.registrations) + 1
    org = Organization(name=f"新厂{contest.project.id}-{k}", kind="EMPLOYER")
    db.session.add(org)
    db.session.flush()
    person = Person(name=f"新选手{k}", id_number=f"NEW{contest.project.id:04d}{k:06d}",
                    gender="F", birth_date=date(1995, 1, 1), organization_id=org.id)
    db.session.add(person)
    db.session.flush()
    registration = Registration(project_id=contest.project.id, person_id=person.id,
                                group="EMPLOYEE", status="CHECKED_IN",
                                anonymous_code=f"J{k:03d}", station_no=k)
    db.session.add(registration)
    db.session.commit()
    contest.registrations.append(registration)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=operations)
def test_live_standings_equal_a_full_computation_after_any_sequence(db, sequence):
    from app.models import Registration
    from app.services.scoring.penalties import set_finish_status

    contest = build_contest(contestants=5)
    pid = contest.project.id
    _same_as_full(pid)
    for what, index, value in sequence:
        regs = contest.registrations
        reg = regs[index % len(regs)]
        if what == "register":
            _register(contest)
        elif what == "withdraw":
            row = db.session.get(Registration, reg.id)
            row.status = "WITHDRAWN"
            db.session.commit()
        elif what in ("dnf", "finished"):
            set_finish_status(contest.chief, pid, registration_id=reg.id,
                              status=what.upper(), reason="测试", now=NOW)
        else:
            _score(contest, what, index, value)
        _same_as_full(pid)


def test_a_score_of_this_process_costs_no_read(db, reads):
    """After the first read, each committed score is applied to the kept inputs."""
    contest = build_contest(contestants=6)
    pid = contest.project.id
    _score(contest, "theory", 5, 60)  # the first score locks the scheme: a project write
    _same_as_full(pid)
    from app.services.boards import standings_live

    assert not standings_live._committing  # every write's connection went back to the pool
    reads.clear()
    for k, value in enumerate((90, 10, 55, 55, 70)):
        _score(contest, "theory", k, value)
        from app.services.boards import standings

        standings.compute_standings(_project(pid))
    assert reads == []
    _same_as_full(pid)


def test_a_sequence_gap_reads_the_project_again(db, reads):
    """A score committed by another worker (never heard of here) is a gap: read again."""
    from app.services.boards import standings

    contest = build_contest(contestants=4)
    pid = contest.project.id
    _same_as_full(pid)
    _score(contest, "foreign", 1, 99)
    reads.clear()
    snapshot = standings.compute_standings(_project(pid))
    assert reads == [pid]
    assert snapshot == standings.full_standings(_project(pid))
    assert snapshot["rows"][0]["registration_id"] == contest.registrations[1].id


def test_a_registration_change_without_a_seq_reads_the_project_again(db, reads):
    """Writes to what the standings read (here a withdrawal) end the kept state."""
    from app.models import Registration
    from app.services.boards import standings

    contest = build_contest(contestants=4)
    pid = contest.project.id
    _score(contest, "theory", 0, 80)
    _same_as_full(pid)
    db.session.get(Registration, contest.registrations[0].id).status = "WITHDRAWN"
    db.session.commit()
    reads.clear()
    _score(contest, "theory", 1, 70)  # the standings job runs inline in tests
    snapshot = standings.compute_standings(_project(pid))
    assert reads and set(reads) == {pid}
    assert contest.registrations[0].id not in {r["registration_id"] for r in snapshot["rows"]}


@pytest.mark.parametrize(("statement", "counts"), [
    ("INSERT INTO score_events (a) VALUES (?)", False),
    ("INSERT INTO audit_entries (a) VALUES (?)", False),
    ("UPDATE sheet_states SET flags=? WHERE sheet_states.id = ?", False),
    ("UPDATE projects SET event_seq=(projects.event_seq + ?) WHERE projects.id = ? "
     "RETURNING projects.event_seq", False),
    ("UPDATE users SET last_login_at=? WHERE users.id = ?", False),
    ("SELECT registrations.id FROM registrations", False),
    ("UPDATE projects SET scheme_locked_at=? WHERE projects.id = ?", True),
    ("UPDATE users SET last_login_at=?, person_id=? WHERE users.id = ?", True),
    ("UPDATE registrations SET status=? WHERE registrations.id = ?", True),
    ('INSERT INTO "people" (name) VALUES (?)', True),
    ("DELETE FROM penalties WHERE penalties.id = ?", True),
    ("TRUNCATE registrations", True),
])
def test_writes_to_what_the_standings_read_are_spotted(statement, counts):
    from types import SimpleNamespace

    from app.services.boards import standings_live

    conn = SimpleNamespace(info={})
    standings_live._spot_write(conn, None, statement, None, None, False)
    assert bool(conn.info) is counts
