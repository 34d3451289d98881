"""Services build no URLs and read no request: no module in app/services reaches flask's
url_for, request or has_request_context.

A URL a service needs (a certificate's verification link) comes from the view as a base URL
(app.web.public_url: PUBLIC_BASE_URL, else the request's root); route names and the request
belong to app/web.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "app" / "services"
MODULES = sorted(SERVICES.rglob("*.py"))
#: What a service may not take from flask: route names and the request.
FORBIDDEN = ("url_for", "request", "has_request_context")


def _web_uses(path: Path) -> list[str]:
    """Return how a file reaches a FORBIDDEN flask name: imported by name, or as an attribute."""
    found: list[str] = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    flask_aliases = {"flask"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "flask":
            found += [f"from {node.module} import {alias.name}"
                      for alias in node.names if alias.name in FORBIDDEN]
        elif isinstance(node, ast.Import):
            flask_aliases |= {alias.asname or alias.name
                              for alias in node.names if alias.name == "flask"}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr in FORBIDDEN
                and isinstance(node.value, ast.Name) and node.value.id in flask_aliases):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_services_are_found() -> None:
    assert len(MODULES) > 50


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SERVICES)))
def test_service_builds_no_url_and_reads_no_request(path: Path) -> None:
    assert _web_uses(path) == [], path.name


def test_the_check_sees_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import flask\nfrom flask import url_for, request, has_request_context\n"
                      "flask.url_for('x')\nflask.request.url_root\n")
    assert _web_uses(sample) == [
        "from flask import url_for", "from flask import request",
        "from flask import has_request_context", "flask.url_for", "flask.request"]
