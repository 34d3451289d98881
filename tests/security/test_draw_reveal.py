"""Finding 5: the lot-draw seed stays sealed (page, API, audit) until the scores are locked."""

from __future__ import annotations

import pytest

from app.domain.lotdraw import draw, seed_digest
from app.models import AuditEntry
from app.services.entry.lotdraw import commit_draw, get_draw, run_draw
from app.services.scoring.chief_judge import lock_project
from tests.judging_setup import NOW, build_contest, score_all


@pytest.fixture()
def contest(db):
    built = build_contest()
    commit_draw(built.project, user=built.organizer, now=NOW)
    run_draw(built.project, user=built.organizer, now=NOW)
    return built


def _no_seed_anywhere(client, db, project_id: int, seed: str) -> None:
    api = client.get(f"/api/v1/projects/{project_id}/lot-draw").json
    assert api["status"] == "DRAWN" and api["seed"] is None and api["revealed"] is False
    assert api["verified"] is True  # the server still re-runs it with the sealed seed
    page = client.get(f"/checkin/projects/{project_id}/draw/public").text
    assert seed not in page and 'data-testid="seed-sealed"' in page
    assert not any(seed in str(e.new) for e in db.session.query(AuditEntry))


def test_the_seed_is_sealed_until_the_lock_then_revealed(client, db, contest):
    from app.services.entry.lotdraw import _sealed_seed

    row = get_draw(contest.project)
    seed = _sealed_seed(row)
    _no_seed_anywhere(client, db, contest.project.id, seed)
    score_all(contest)
    _no_seed_anywhere(client, db, contest.project.id, seed)

    lock_project(contest.chief, contest.project.id, now=NOW)
    api = client.get(f"/api/v1/projects/{contest.project.id}/lot-draw/verify").json
    assert api["seed"] == seed and api["revealed"] is True and api["verified"] is True
    assert seed_digest(api["seed"]) == api["seed_hash"]
    ids = [r.id for r in contest.registrations]
    codes = {a.registration_id: a.anonymous_code for a in draw(api["seed"], ids)}
    for registration in contest.registrations:
        db.session.refresh(registration)
        assert codes[registration.id] == registration.anonymous_code
    entry = db.session.query(AuditEntry).filter_by(action="lotdraw.revealed").one()
    assert entry.actor_id == contest.chief.id and entry.new == {"seed": seed}
    page = client.get(f"/checkin/projects/{contest.project.id}/draw/public").text
    assert f'data-testid="seed">{seed}<' in page
