"""Finding 8: administrators see the full audit verification on a page and in /api/v1."""

from __future__ import annotations

from sqlalchemy import select, update

from app.models import ScoreEvent
from tests.judging_setup import build_contest, score_all


def test_admin_page_and_api_report_a_changed_score(client, db, login, make_user):
    contest = build_contest()
    score_all(contest)
    login(contest.organizer)
    assert client.get("/audit/verify").status_code == 403
    login(make_user("ADMIN"))
    page = client.get("/audit/verify").text
    assert 'data-ok="1"' in page
    first = db.session.scalars(select(ScoreEvent).order_by(ScoreEvent.id)).first()
    db.session.execute(update(ScoreEvent).where(ScoreEvent.id == first.id).values(value=30))
    db.session.commit()
    page = client.get("/audit/verify").text
    assert 'data-ok="0"' in page and 'data-kind="score_mismatch"' in page
    report = client.get("/api/v1/audit/verify").json
    assert report["ok"] is False and report["first_broken_id"] is None
    assert report["findings"] == [{"kind": "score_mismatch", "row_id": first.id,
                                   "detail": "value: stored 30, audited 80"}]
