"""Security headers on every response (Flask-Talisman): CSP, framing, sniffing, referrer, HSTS.

Scripts come only from our own origin (vendored under static/, no inline script or inline
event handler anywhere: tests/web/test_security_headers.py checks the templates). Style
*attributes* stay allowed (style-src-attr): a few templates set a computed width and
Bootstrap's and Swagger UI's scripts position elements with them; a style attribute cannot
run script, and <style> elements, which could read attributes with selectors, stay blocked.
deploy/nginx.conf sends the same headers for what nginx serves itself.
"""

from __future__ import annotations

from flask import Flask
from flask_talisman import Talisman

CSP: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "media-src": "'self' blob:",  # the check-in camera preview
    "worker-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
REFERRER_POLICY = "strict-origin-when-cross-origin"


def init_security_headers(app: Flask) -> Talisman:
    """Send the security headers; HSTS only with the production config (behind TLS)."""
    talisman = Talisman(
        app,
        content_security_policy=CSP,
        frame_options="DENY",
        referrer_policy=REFERRER_POLICY,
        # nginx redirects to https; the app itself must also answer plain http in dev/tests.
        force_https=False,
        strict_transport_security=bool(app.config.get("JX_PRODUCTION")),
        strict_transport_security_include_subdomains=False,
        session_cookie_secure=bool(app.config.get("SESSION_COOKIE_SECURE")),
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
        x_content_type_options=True,
    )
    app.extensions["jx_talisman"] = talisman
    return talisman
