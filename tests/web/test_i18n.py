"""Catalogs are complete and compiled; pages follow the chosen language."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "app" / "translations"
LOCALES = ("zh_CN", "en")


@pytest.fixture()
def browser_like(app):  # noqa: ANN001, ANN201
    """A client whose every request gets its own app context, as in production.

    The `client` fixture runs inside the `db` fixture's app context, which Flask reuses
    for each request, so `g` (where Flask-Babel caches the locale) would carry over.
    """
    return app.test_client()


def _catalog(locale: str):  # noqa: ANN202
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


def test_chinese_catalog_translates_every_message():
    catalog = _catalog("zh_CN")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    assert len(catalog) > 50
    assert missing == [], "run scripts/i18n.sh and translate these in zh_CN"


def test_chinese_catalog_covers_the_template():
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        template = read_po(handle)
    ids = {m.id for m in _catalog("zh_CN") if m.id}
    absent = [m.id for m in template if m.id and m.id not in ids]
    assert absent == [], "run scripts/i18n.sh to update the catalogs"


@pytest.mark.parametrize("locale", LOCALES)
def test_committed_mo_matches_a_fresh_compile(locale: str):
    fresh = io.BytesIO()
    write_mo(fresh, _catalog(locale))
    committed = (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo").read_bytes()
    assert committed == fresh.getvalue(), "run scripts/i18n.sh and commit the .mo files"


def test_home_page_is_chinese_by_default(browser_like):
    page = browser_like.get("/").get_data(as_text=True)
    assert '<html lang="zh-CN" ' in page
    assert "登录" in page
    assert "职业技能竞赛" in page


def test_switching_to_english_sticks_for_the_session(browser_like):
    response = browser_like.get("/locale/en?next=/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = browser_like.get("/").get_data(as_text=True)
    assert '<html lang="en" ' in page
    assert "Log in" in page
    assert "登录" not in page
    browser_like.get("/locale/zh_CN")
    assert "登录" in browser_like.get("/").get_data(as_text=True)


def test_unknown_locale_is_not_found(browser_like):
    assert browser_like.get("/locale/fr").status_code == 404


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_language_switch_never_leaves_the_site(browser_like, target):
    response = browser_like.get("/locale/en", query_string={"next": target})
    assert response.headers["Location"] == "/"


def test_api_errors_follow_accept_language(browser_like):
    path = "/api/v1/no-such-thing"
    english = browser_like.get(path, headers={"Accept-Language": "en-US,en;q=0.9"})
    chinese = browser_like.get(path, headers={"Accept-Language": "zh-CN,zh"})
    default = browser_like.get(path)
    assert english.json["error"]["message"] == "Not found."
    assert chinese.json["error"]["message"] == "未找到。"
    assert default.json["error"]["message"] == "未找到。"


def test_html_error_page_is_in_the_users_language(browser_like):
    response = browser_like.get("/no-such-page")
    assert response.status_code == 404
    assert "页面不存在" in response.get_data(as_text=True)
    browser_like.get("/locale/en")
    assert "Page not found" in browser_like.get("/no-such-page").get_data(as_text=True)


def test_api_accept_language_wins_over_the_users_stored_locale(app, db, make_user):
    from app.models._types import utcnow
    from app.services.identity.accounts import issue_api_token

    user = make_user("ORGANIZER", locale="zh_CN")
    _token, plain = issue_api_token(user, name="t", now=utcnow())
    client = app.test_client()
    headers = {"Authorization": f"Bearer {plain}", "Accept-Language": "en"}
    response = client.get("/api/v1/no-such-thing", headers=headers)
    assert response.status_code == 404
    assert response.json["error"]["message"] == "Not found."


def test_locale_outside_a_request_is_chinese(app):
    from app.i18n import select_locale

    with app.app_context():
        assert select_locale() == "zh_CN"


def test_a_label_of_a_literal_code_follows_each_readers_language(app):
    """Jinja folds a plain filter on a literal at compile time: the first reader's language."""
    template = app.jinja_env.from_string('{{ "THEORY"|label("component_kind") }}')
    seen = {}
    for language in ("zh-CN", "en", "zh-CN"):
        with app.test_request_context("/api/v1/me", headers={"Accept-Language": language}):
            seen.setdefault(language, set()).add(template.render())
    assert all(len(texts) == 1 for texts in seen.values())
    assert seen["zh-CN"] != seen["en"]
