"""Appeal pages: the contestant's form and list, the arbitrator's case file and decision."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from tests.board_setup import ENDS, arbitrator, contestant_user, locked_contest


@pytest.fixture()
def contest(db, monkeypatch):
    monkeypatch.setattr("app.web.appeals.routes.utcnow", lambda: ENDS + timedelta(minutes=20))
    return locked_contest()


def _form(contest, **extra):
    return {"registration_id": str(contest.registrations[0].id), "subject": "SCORE",
            "aspect_id": str(contest.j.id), "text": "外观评分偏低，请求复核。", **extra}


def test_a_contestant_files_an_appeal_with_an_attachment(client, login, contest):
    from app.models import Appeal

    login(contestant_user(contest))
    page = client.get("/appeals/new")
    assert page.status_code == 200 and contest.project.name in page.get_data(as_text=True)
    done = client.post("/appeals/new", data=_form(
        contest, attachment=(io.BytesIO(b"evidence"), "photo.jpg")),
        content_type="multipart/form-data")
    assert done.status_code == 302
    [appeal] = Appeal.query.all()
    assert appeal.attachment == b"evidence" and appeal.attachment_name == "photo.jpg"
    assert "外观评分偏低" in client.get("/appeals/").get_data(as_text=True)


def test_a_short_text_is_refused_beside_the_field(client, login, contest):
    from app.models import Appeal

    login(contestant_user(contest))
    page = client.post("/appeals/new", data=_form(contest, text="短"),
                       content_type="multipart/form-data")
    assert page.status_code == 200 and "invalid-feedback" in page.get_data(as_text=True)
    assert Appeal.query.count() == 0


def test_after_the_window_the_form_says_it_closed(client, login, contest, monkeypatch):
    monkeypatch.setattr("app.web.appeals.routes.utcnow", lambda: ENDS + timedelta(hours=4))
    login(contestant_user(contest))
    html = client.get("/appeals/new").get_data(as_text=True)
    assert "registration_id" not in html


def test_the_arbitrator_reads_the_case_and_upholds(client, login, contest):
    from app.models import Appeal

    login(contestant_user(contest))
    client.post("/appeals/new", data=_form(contest), content_type="multipart/form-data")
    [appeal] = Appeal.query.all()
    login(arbitrator())
    listing = client.get("/appeals/").get_data(as_text=True)
    assert f"/appeals/{appeal.id}" in listing
    case = client.get(f"/appeals/{appeal.id}").get_data(as_text=True)
    assert "project.scores_locked" in case and "A1.2" in case
    done = client.post(f"/appeals/{appeal.id}", data={"decision": "UPHELD",
                                                      "reason": "外观评分记录有误，准予复评。"})
    assert done.status_code == 302 and appeal.state == "UPHELD"
    assert contest.project.scores_locked_at is None


def test_contestants_cannot_open_the_case_file(client, login, contest):
    login(contestant_user(contest))
    assert client.get("/appeals/1").status_code == 403
