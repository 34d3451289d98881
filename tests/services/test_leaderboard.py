"""Boards: one source, views by visibility, masking, no anonymous codes, freeze, cache, resume."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.models._types import utcnow
from tests.board_setup import locked_contest
from tests.judging_setup import build_contest, new_id, score_all


def _board(contest, now=None):
    from app.services.boards import leaderboard

    now = now or utcnow()
    return leaderboard.get_board(contest.project,
                                 leaderboard.public_view_of(contest.project, now), now=now)


def _score(contest, value=2, registration=0, now=None):
    from app.services.scoring.judging import submit_score

    return submit_score(client_id=new_id(), judge=contest.judges[0],
                        registration_id=contest.registrations[registration].id,
                        aspect_id=contest.j.id, value=value, now=now or utcnow())


def test_live_rows_carry_masked_names_organizations_and_no_codes(db):
    contest = locked_contest()
    board = _board(contest)
    assert [r["rank"] for r in board["rows"]] == [1, 2, 3]
    for row in board["rows"]:
        assert row["name"].startswith("选") and "*" in row["name"]
        assert row["organization"].startswith("工厂")
        assert "code" not in row and "station_no" not in row
        assert row["total"] and row["progress"]["done"] == row["progress"]["total"]
    assert board["status"] == "PROVISIONAL" and board["components"][0]["code"] == "T"


def test_names_are_shown_in_full_when_masking_is_off(db):
    from app.extensions import db

    contest = locked_contest()
    contest.project.competition.mask_names = False
    db.session.commit()
    assert {r["name"] for r in _board(contest)["rows"]} == {"选手1", "选手2", "选手3"}


@pytest.mark.parametrize("visibility", ["PROGRESS_ONLY", "HIDDEN"])
def test_hidden_scores_never_reach_the_public_board(db, visibility):
    contest = locked_contest(visibility=visibility)
    board = _board(contest)
    allowed = {"key", "status", "progress", "name", "organization", "region"}
    assert all(set(row) <= allowed for row in board["rows"])
    assert board["components"] == [] and board["visibility"] == visibility
    text = str(board)
    if visibility == "HIDDEN":
        assert board["rows"] == [] and board["hidden"] and "选" not in text


def test_publication_opens_the_board_whatever_the_visibility(db):
    from app.services.boards.publication import publish_results

    contest = locked_contest(visibility="HIDDEN")
    publish_results(contest.organizer, contest.project.id, now=utcnow())
    board = _board(contest)
    assert board["status"] == "PUBLISHED" and board["rows"][0]["rank"] == 1


def test_staff_see_codes_and_live_data(db):
    from app.services.boards import leaderboard

    contest = locked_contest(visibility="HIDDEN")
    view = leaderboard.view_for(contest.organizer, contest.project, utcnow())
    board = leaderboard.get_board(contest.project, view)
    assert view.staff and board["rows"][0]["code"].startswith("J")


def test_a_board_is_built_once_per_seq(db, monkeypatch):
    from app.services.boards import leaderboard, standings

    contest = build_contest()
    calls = []
    real = standings.compute_standings
    monkeypatch.setattr(standings, "compute_standings",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    first = leaderboard.get_board_json(contest.project, leaderboard.View("LIVE"))
    again = leaderboard.get_board_json(contest.project, leaderboard.View("LIVE"))
    assert first is again and len(calls) == 1
    _score(contest)
    assert leaderboard.get_board_json(contest.project, leaderboard.View("LIVE")) != first


def test_the_board_freezes_for_the_public_but_not_for_staff(db, published):
    from app.extensions import db
    from app.services.boards import leaderboard

    contest = build_contest()
    _score(contest, value=1, now=utcnow() - timedelta(minutes=5))
    contest.project.board_freeze_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    _score(contest, value=3)  # after the freeze
    board = _board(contest)
    assert board["frozen"] and board["seq"] == contest.project.event_seq
    staff = leaderboard.get_board(contest.project, leaderboard.View(leaderboard.STAFF))
    [live] = [r for r in staff["rows"] if r["registration_id"] == contest.registrations[0].id]
    [row] = [r for r in board["rows"] if r["key"] == live["key"]]
    assert row["components"] != live["components"]
    last = [e for e in published if e.name == "standings_changed"][-1].payload
    assert last["frozen"] is True and last["rows"] == []


def test_deltas_resume_from_a_seq_or_ask_for_a_refetch(db):
    from app.services.boards import leaderboard, leaderboard_cache

    contest = build_contest()
    view = leaderboard.View("LIVE")
    for value in (1, 2, 3):
        _score(contest, value=value)
    resumed = leaderboard.get_deltas_since(contest.project, view, 1)
    assert [d["seq"] for d in resumed["deltas"]] == [2, 3]
    assert all("code" not in row for d in resumed["deltas"] for row in d["rows"])
    assert leaderboard.get_deltas_since(contest.project, view, 3)["deltas"] == []
    assert leaderboard.get_deltas_since(contest.project, view, 9)["refetch"] is True
    assert leaderboard.get_deltas_since(contest.project, leaderboard.View("HIDDEN"),
                                        1)["refetch"] is True
    leaderboard_cache.forget(contest.project.id)
    assert leaderboard.get_deltas_since(contest.project, view, 1)["refetch"] is True


def test_the_medal_table_counts_only_published_awards_marked_provisional(db):
    from app.services.boards.leaderboard_competition import get_competition_board
    from app.services.boards.publication import publish_results

    contest = locked_contest()
    result = get_competition_board(contest.project.competition, now=utcnow())
    # Locked but not published: no prize counts yet.
    assert result.by_organization == [] and result.provisional is False
    assert result.projects[0].leader["rank"] == 1
    publish_results(contest.organizer, contest.project.id, now=utcnow())
    result = get_competition_board(contest.project.competition, now=utcnow())
    assert sum(sum(r.counts.values()) for r in result.by_organization) >= 1
    assert result.provisional is True
    hidden = locked_contest(visibility="HIDDEN")
    result = get_competition_board(hidden.project.competition, now=utcnow())
    assert result.by_organization == [] and result.projects[0].leader is None


@pytest.mark.parametrize(("status", "all_done"), [
    ("DNF", True),         # a non-finisher's unscored sheets are not waited for
    ("DQ", True),
    ("FINISHED", False),   # a finisher's are
])
def test_the_overall_progress_counts_finishers_only(db, status, all_done):
    from app.services.boards.leaderboard_competition import get_competition_board
    from app.services.scoring.penalties import set_finish_status
    from tests.judging_setup import NOW

    contest = build_contest(contestants=3)
    last = contest.registrations[-1]
    set_finish_status(contest.chief, contest.project.id, registration_id=last.id,
                      status=status, reason="" if status == "FINISHED" else "中途退出", now=NOW)
    score_all(contest, upto=2)
    board = _board(contest)
    progress = board["progress"]
    assert progress["total"] > 0
    assert (progress["done"] == progress["total"]) is all_done
    assert [r["status"] for r in board["rows"]].count(status) == (1 if status != "FINISHED" else 3)
    [summary] = get_competition_board(contest.project.competition, now=utcnow()).projects
    assert (summary.done, summary.total) == (progress["done"], progress["total"])
