"""The site's public address, for links that leave the browser (a certificate's QR code)."""

from __future__ import annotations

from flask import current_app, request


def public_base_url() -> str:
    """Return the configured PUBLIC_BASE_URL, else the root of the current request."""
    return str(current_app.config.get("PUBLIC_BASE_URL") or request.url_root)
