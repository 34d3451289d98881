"""The chief judge's announcement: every judge's room gets it live, the audit log keeps it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.errors import ServiceError
from tests.judging_setup import build_contest

NOW = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)


@pytest.fixture()
def contest(db):
    return build_contest()


@pytest.fixture()
def published(app):
    from app import events

    seen: list = []
    events.subscribe(seen.append)
    yield seen
    events.unsubscribe(seen.append)


def test_an_announcement_reaches_every_judge_room_and_the_audit_log(contest, published, db):
    from app.models import AuditEntry
    from app.services.scoring.announcements import post_announcement

    sent = post_announcement(contest.chief, contest.project.id, "  10:30 起暂停十分钟  ", now=NOW)
    assert sent["text"] == "10:30 起暂停十分钟" and sent["judges"] == 1 + len(contest.judges)
    rooms = sorted(e.room for e in published if e.name == "announcement")
    assert rooms == sorted(f"judge:{u.id}" for u in [contest.chief, *contest.judges])
    entry = db.session.query(AuditEntry).filter_by(action="project.announcement").one()
    assert entry.new["text"] == "10:30 起暂停十分钟" and entry.actor_id == contest.chief.id


@pytest.mark.parametrize(("text", "code"), [
    ("", "announcement.empty"),
    ("   ", "announcement.empty"),
    ("长" * 501, "announcement.too_long"),
])
def test_empty_or_long_announcements_are_refused_and_send_nothing(contest, published, text,
                                                                  code):
    from app.services.scoring.announcements import post_announcement

    with pytest.raises(ServiceError) as err:
        post_announcement(contest.chief, contest.project.id, text, now=NOW)
    assert (err.value.code, err.value.field) == (code, "text")
    assert [e for e in published if e.name == "announcement"] == []


def test_only_the_chief_judge_may_announce(contest):
    from app.services.scoring.announcements import post_announcement

    with pytest.raises(ServiceError):
        post_announcement(contest.judges[0], contest.project.id, "hello", now=NOW)


def test_the_api_and_the_console_page_post_announcements(client, login, contest, published):
    api = login(contest.chief)
    url = f"/api/v1/projects/{contest.project.id}/announcements"
    response = api.post(url, json={"text": "请检查评分"})
    assert response.status_code == 201 and response.json["text"] == "请检查评分"
    refused = api.post(url, json={"text": ""})
    assert refused.status_code == 422
    assert refused.json["error"]["code"] == "announcement.empty"
    page = client.post(f"/judging/projects/{contest.project.id}/announcements",
                       data={"text": "午休"}, follow_redirects=True)
    assert page.request.path == f"/judging/projects/{contest.project.id}/console"
    assert "公告已发送给" in page.get_data(as_text=True)
    assert 'id="jx-announce"' in page.get_data(as_text=True)
    login(contest.judges[0])
    assert api.post(url, json={"text": "x"}).status_code == 403
    texts = [e.payload["text"] for e in published if e.name == "announcement"]
    assert texts.count("请检查评分") == texts.count("午休") == 1 + len(contest.judges)
