"""Every redirect taken from a form or query goes through the one helper, security.is_safe_path."""

from __future__ import annotations

from typing import Any

import pytest

from app.security import is_safe_path

UNSAFE = ["/\\evil.example", "//evil.example", "https://evil.example/", "/\t/evil.example",
          "\\\\evil.example", "", "evil.example"]


@pytest.mark.parametrize(
    ("target", "safe"),
    [("/", True), ("/certificates/mine", True), ("/a?b=c", True)] + [(t, False) for t in UNSAFE],
)
def test_is_safe_path(target: str, safe: bool) -> None:
    assert is_safe_path(target) is safe


@pytest.mark.parametrize("target", UNSAFE[:4])
def test_batch_start_never_redirects_off_site(client: Any, make_user: Any, login: Any,
                                              monkeypatch: pytest.MonkeyPatch,
                                              target: str) -> None:
    from app.web.certificates import routes

    monkeypatch.setattr(routes.batches, "start_batch", lambda *a, **k: None)
    login(make_user("ORGANIZER"))
    response = client.post("/certificates/project/1/batch", data={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/certificates/mine"


@pytest.mark.parametrize("target", UNSAFE[:4])
def test_locale_switch_never_redirects_off_site(client: Any, target: str) -> None:
    response = client.get("/locale/en", query_string={"next": target})
    assert response.headers["Location"] == "/"
