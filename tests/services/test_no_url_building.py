"""Services build no URLs from routes: no module in app/services imports flask's url_for.

A URL a service needs (a certificate's verification link) comes from the view as a base URL
or from PUBLIC_BASE_URL; route names belong to app/web.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICES = Path(__file__).resolve().parents[2] / "app" / "services"
MODULES = sorted(SERVICES.rglob("*.py"))


def _url_for_uses(path: Path) -> list[str]:
    """Return how a file reaches url_for: imported by name, or as an attribute of flask."""
    found: list[str] = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    flask_aliases = {"flask"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "flask":
            found += [f"from {node.module} import url_for"
                      for alias in node.names if alias.name == "url_for"]
        elif isinstance(node, ast.Import):
            flask_aliases |= {alias.asname or alias.name
                              for alias in node.names if alias.name == "flask"}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr == "url_for"
                and isinstance(node.value, ast.Name) and node.value.id in flask_aliases):
            found.append(f"{node.value.id}.url_for")
    return found


def test_services_are_found() -> None:
    assert len(MODULES) > 50


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SERVICES)))
def test_service_does_not_use_url_for(path: Path) -> None:
    assert _url_for_uses(path) == [], path.name


def test_the_check_sees_an_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import flask\nfrom flask import url_for\nflask.url_for('x')\n")
    assert _url_for_uses(sample) == ["from flask import url_for", "flask.url_for"]
