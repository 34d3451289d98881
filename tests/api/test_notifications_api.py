"""/api/v1/notifications and the inbox page: own notifications only, in the reader's language."""

from __future__ import annotations

import pytest

from app.services.identity import notifications as inbox


@pytest.fixture()
def users(db, make_user):
    reader, other = make_user("CONTESTANT", username="reader"), make_user("CONTESTANT",
                                                                           username="other")
    inbox.notify(reader.id, "REGISTRATION_REJECTED", competition="大赛", project="电工",
                 reason="组别不符")
    inbox.notify(reader.id, "CERTIFICATE_READY", competition="大赛", project="电工",
                 serial="JX-1")
    db.session.commit()
    return reader, other


def test_api_lists_in_the_requested_language_and_marks_read(client, login, users):
    login(users[0])
    body = client.get("/api/v1/notifications", headers={"Accept-Language": "en"}).get_json()
    assert body["unread"] == 2
    assert [i["title"] for i in body["items"]] == ["Certificate ready", "Registration rejected"]
    zh = client.get("/api/v1/notifications", headers={"Accept-Language": "zh-CN"}).get_json()
    assert zh["items"][1]["body"] == "您报名的大赛 · 电工未通过审核。原因：组别不符"
    first = body["items"][0]["id"]
    marked = client.post(f"/api/v1/notifications/{first}/read")
    assert marked.status_code == 200 and marked.get_json()["read"] is True
    assert client.get("/api/v1/notifications?unread_only=true").get_json()["unread"] == 1
    assert client.post("/api/v1/notifications/read-all").get_json() == {"marked": 1}


def test_api_hides_other_users_notifications(client, login, users):
    reader, other = users
    login(other)
    assert client.get("/api/v1/notifications").get_json() == {"unread": 0, "items": []}
    refused = client.post(f"/api/v1/notifications/{inbox.list_notifications(reader)[0].id}/read")
    assert refused.status_code == 404
    assert refused.get_json()["error"]["code"] == "notification.not_found"
    assert client.get("/api/v1/notifications?limit=0").status_code == 422


def test_inbox_page_and_navbar_badge(client, login, users):
    login(users[0])
    page = client.get("/notifications").get_data(as_text=True)
    assert "证书已可下载" in page and "JX-1" in page
    assert '<span class="badge rounded-pill text-bg-warning">2' in page
    message_id = inbox.list_notifications(users[0])[0].id
    assert client.post(f"/notifications/{message_id}/read").status_code == 303
    assert client.post("/notifications/read-all").status_code == 303
    assert "text-bg-warning" not in client.get("/notifications").get_data(as_text=True)


def test_the_inbox_needs_a_login(client):
    assert client.get("/notifications").status_code in (302, 401)
    assert client.get("/api/v1/notifications").status_code == 401
