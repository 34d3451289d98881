"""The trimmed Bootstrap stylesheet: current with the sources, and the trimming rule itself."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("build_assets", ROOT / "scripts/build_assets.py")
build_assets = importlib.util.module_from_spec(_spec)
sys.modules["build_assets"] = build_assets
_spec.loader.exec_module(build_assets)


def test_committed_trimmed_css_is_current() -> None:
    committed = (ROOT / "static/css/bootstrap.trimmed.css").read_text(encoding="utf-8")
    assert committed == build_assets.build_trimmed(), (
        "a template or script uses a Bootstrap class the trimmed stylesheet lacks: "
        "run .venv/bin/python scripts/build_assets.py and commit static/css/bootstrap.trimmed.css"
    )


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        (".btn{a:1}.card{b:2}", ".btn{a:1}"),
        (".btn,.card{a:1}", ".btn{a:1}"),
        (".btn-check:checked+.btn{a:1}", ""),
        ("a{c:1}:root{--x:1}", "a{c:1}:root{--x:1}"),
        ("@media (min-width:576px){.card{a:1}}", ""),
        ("@media (min-width:576px){.btn{a:1}.card{b:1}}", "@media (min-width:576px){.btn{a:1}}"),
        ("@keyframes s{to{a:1}}", "@keyframes s{to{a:1}}"),
        (".alert-danger{a:1}.alertx{b:1}", ".alert-danger{a:1}"),
        (".btn:not(.card,.btn){a:1}", ""),
        ("/* c */.btn{a:1}", ".btn{a:1}"),
    ],
)
def test_trim_css_keeps_rules_whose_classes_are_all_used(css: str, expected: str) -> None:
    assert build_assets.trim_css(css, {"btn"}, ("alert-",)) == expected


def test_prefixes_completed_at_run_time_are_found(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/x.html").write_text('<div class="alert alert-{{ tone }}">', "utf-8")
    (tmp_path / "static/js").mkdir(parents=True)
    (tmp_path / "static/js/x.js").write_text('el("span", "text-bg-" + kind)', "utf-8")
    (tmp_path / "app").mkdir()
    words, prefixes = build_assets.used_words(tmp_path)
    assert {"alert", "div", "class"} <= words
    assert prefixes == ("alert-", "text-bg-")
