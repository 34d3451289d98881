"""The log-out answer clears the browser's copies: the cache always, storage only when asked."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("form", "expected"), [
    ({"outbox_empty": "1"}, '"cache", "storage"'),
    ({"outbox_empty": ""}, '"cache"'),
    ({}, '"cache"'),  # no script ran: never wipe what might hold unsent scores
])
def test_logout_sends_clear_site_data(client, login, make_user, form, expected):
    login(make_user("JUDGE"))
    response = client.post("/auth/logout", data=form)
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == expected
