"""app/domain imports the standard library and app.domain only (ARCHITECTURE.md §1)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "app" / "domain"
MODULES = sorted(DOMAIN.glob("*.py"))


def _imports(path: Path) -> list[str]:
    """Return every module name a file imports (absolute, top level and nested)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: use absolute imports"
            names.append(node.module or "")
    return names


def test_domain_has_modules() -> None:
    assert len(MODULES) > 10


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_imports_only_stdlib_and_domain(path: Path) -> None:
    for name in _imports(path):
        top = name.split(".")[0]
        if top == "app":
            assert name == "app.domain" or name.startswith("app.domain."), (path.name, name)
        else:
            assert top in sys.stdlib_module_names or top == "__future__", (path.name, name)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_stays_small(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 350
