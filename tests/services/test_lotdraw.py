"""The lot draw: commit a hash, draw over the checked-in, reveal the seed, verify."""

from __future__ import annotations

import pytest

from app.domain.lotdraw import draw, seed_digest
from app.models import AuditEntry
from app.services.entry.lotdraw import (
    LotDrawError,
    commit_draw,
    get_draw,
    list_assignments,
    reveal_seed,
    run_draw,
    verify_draw,
)
from tests.ticketing import NOW, make_contest, make_organizer, make_registration


@pytest.fixture()
def contest(db):
    return make_contest()


@pytest.fixture()
def organizer(contest):
    return make_organizer(contest.body)


def test_commit_stores_only_the_hash(contest, organizer, db):
    row = commit_draw(contest.project, user=organizer, now=NOW)
    assert row.seed is None and len(row.seed_hash) == 64
    entry = db.session.query(AuditEntry).filter_by(action="lotdraw.committed").one()
    assert entry.new == {"seed_hash": row.seed_hash}


def test_draw_assigns_the_checked_in_and_keeps_the_seed_sealed(contest, organizer, db):
    checked = [make_registration(contest.project, status="CHECKED_IN") for _ in range(5)]
    absent = make_registration(contest.project)  # approved, never came
    other = make_registration(contest.other_project, status="CHECKED_IN")
    committed = commit_draw(contest.project, user=organizer, now=NOW)
    row = run_draw(contest.project, user=organizer, now=NOW)
    assert row.seed is None  # sealed until the scores are locked
    assert row.drawn_by_id == organizer.id and row.drawn_at == NOW
    entry = db.session.query(AuditEntry).filter_by(action="lotdraw.drawn").one()
    assert "seed" not in entry.new and entry.new["contestants"] == 5
    assert verify_draw(contest.project).ok  # the server re-runs it with the sealed seed
    reveal_seed(contest.project, actor_id=organizer.id, now=NOW)
    db.session.commit()
    assert row.seed is not None and seed_digest(row.seed) == committed.seed_hash
    expected = {a.registration_id: a for a in draw(row.seed, [r.id for r in checked])}
    for registration in checked:
        db.session.refresh(registration)
        assert registration.station_no == expected[registration.id].station_no
        assert registration.anonymous_code == expected[registration.id].anonymous_code
    assert absent.station_no is None and other.station_no is None
    assert [r.station_no for r in list_assignments(contest.project)] == [1, 2, 3, 4, 5]
    revealed = db.session.query(AuditEntry).filter_by(action="lotdraw.revealed").one()
    assert revealed.new == {"seed": row.seed}
    assert verify_draw(contest.project).ok
    assert reveal_seed(contest.project, actor_id=None, now=NOW) is None  # once only


def test_draw_refusals(contest, organizer):
    with pytest.raises(LotDrawError) as error:
        run_draw(contest.project, user=organizer, now=NOW)
    assert error.value.code == "lotdraw.not_committed"
    commit_draw(contest.project, user=organizer, now=NOW)
    with pytest.raises(LotDrawError) as error:
        commit_draw(contest.project, user=organizer, now=NOW)
    assert error.value.code == "lotdraw.already_committed"
    with pytest.raises(LotDrawError) as error:
        run_draw(contest.project, user=organizer, now=NOW)
    assert error.value.code == "lotdraw.nobody_checked_in"
    assert get_draw(contest.project).drawn_at is None
    make_registration(contest.project, status="CHECKED_IN")
    run_draw(contest.project, user=organizer, now=NOW)
    for step in (run_draw, commit_draw):
        with pytest.raises(LotDrawError) as error:
            step(contest.project, user=organizer, now=NOW)
        assert error.value.code == "lotdraw.already_drawn"


def test_a_changed_server_key_cannot_fake_the_seed(contest, organizer, app):
    make_registration(contest.project, status="CHECKED_IN")
    commit_draw(contest.project, user=organizer, now=NOW)
    original = app.config["SECRET_KEY"]
    app.config["SECRET_KEY"] = "another-key"
    try:
        with pytest.raises(LotDrawError) as error:
            run_draw(contest.project, user=organizer, now=NOW)
    finally:
        app.config["SECRET_KEY"] = original
    assert error.value.code == "lotdraw.seed_lost"


def test_verification_catches_tampering(contest, organizer, db):
    first, second = (make_registration(contest.project, status="CHECKED_IN") for _ in range(2))
    assert not verify_draw(contest.project).ok  # nothing drawn yet
    commit_draw(contest.project, user=organizer, now=NOW)
    run_draw(contest.project, user=organizer, now=NOW)
    first.station_no, second.station_no = second.station_no, first.station_no
    db.session.commit()
    result = verify_draw(contest.project)
    assert result.drawn and result.hash_matches and not result.assignments_match
    assert not result.ok


def test_a_swapped_seed_fails_the_hash(contest, organizer, db):
    make_registration(contest.project, status="CHECKED_IN")
    commit_draw(contest.project, user=organizer, now=NOW)
    row = run_draw(contest.project, user=organizer, now=NOW)
    reveal_seed(contest.project, actor_id=None, now=NOW)
    row.seed = "0" * 64
    db.session.commit()
    assert not verify_draw(contest.project).hash_matches
