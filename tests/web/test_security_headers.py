"""Issue #11 finding 11: CSP without inline script, no framing, nosniff, referrer, HSTS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# An executable inline <script> (JSON data blocks are not run, so CSP allows them).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
_EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


@pytest.mark.parametrize("path", ["/", "/auth/login", "/api/v1/health", "/api/v1/docs"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src-attr")[0]
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # development: no HSTS


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern in (_INLINE_SCRIPT, _EVENT_HANDLER):
            offenders += [f"{template.relative_to(ROOT)}: {m.group(0)}"
                          for m in pattern.finditer(text)]
    assert offenders == []


def test_the_api_docs_page_starts_swagger_from_a_static_script(client):
    page = client.get("/api/v1/docs").text
    assert "/static/js/swagger_init.js" in page
    assert not _INLINE_SCRIPT.search(page)


def test_nginx_sends_the_same_headers_as_the_app():
    from app.web.headers import CSP, REFERRER_POLICY

    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    headers = dict(re.findall(r'add_header ([\w-]+) "([^"]*)" always;', conf))
    assert headers["Content-Security-Policy"] == "; ".join(f"{k} {v}" for k, v in CSP.items())
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == REFERRER_POLICY
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_production_sends_hsts_over_https(app):
    from app import create_app

    production = create_app({"JX_PRODUCTION": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                             "SECRET_KEY": "x" * 8, "TESTING": True})
    response = production.test_client().get("/api/v1/health", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31556926"  # one year
