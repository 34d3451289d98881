"""Command-line entry points (`flask --app wsgi …`)."""

from __future__ import annotations

from flask import Flask


def init_cli(app: Flask) -> None:
    """Register the commands."""
    return None
