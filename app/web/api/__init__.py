"""/api/v1: token-authenticated JSON endpoints documented by OpenAPI."""

from __future__ import annotations

from flask import Flask


def register_api(app: Flask) -> None:
    """Register every API blueprint with flask-smorest."""
    return None
