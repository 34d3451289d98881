"""Build static assets: the trimmed Bootstrap stylesheet, and .gz files for nginx.

    .venv/bin/python scripts/build_assets.py            # rewrite static/css/bootstrap.trimmed.css
    .venv/bin/python scripts/build_assets.py --gzip     # also write *.css.gz / *.js.gz (deploy)

Trimming keeps a Bootstrap rule when every class in one of its selectors appears somewhere in
templates/, static/js/ or app/ (any word counts, so the set errs on the side of keeping), or
starts with a prefix the code completes at run time (`alert-{{ tone }}`, `"text-bg-" + x`).
Rerun it after using a new Bootstrap class (tests/test_build_assets.py checks it is current).
Deterministic: the same inputs give byte-identical output (original rule order, gzip mtime 0).
The .gz files are for nginx's gzip_static and are not committed (the app compresses in memory).
"""

from __future__ import annotations

import argparse
import gzip
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "static"
BOOTSTRAP = STATIC / "vendor/bootstrap/bootstrap.min.css"
TRIMMED = STATIC / "css/bootstrap.trimmed.css"
TEXT_SUFFIXES = {".css", ".js", ".json", ".svg", ".map"}
SOURCES = (("templates", "*.html"), ("static/js", "*.js"), ("app", "*.py"))
# Classes Bootstrap's own JavaScript adds (collapse, dropdown, alert, tooltip states).
SCRIPTED = {"show", "showing", "hiding", "collapsing", "collapsed", "fade", "active", "disabled",
            "dropdown-menu-end", "dropdown-menu-start", "was-validated", "collapse-horizontal"}
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
OPEN_PREFIX = re.compile(r"""([a-z][a-z0-9-]*-)(?:\{|["']\s*\+|\$\{)""")
CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*(?:\\.[_a-zA-Z0-9-]*)*)")


def used_words(root: Path = ROOT) -> tuple[set[str], tuple[str, ...]]:
    """Every word in the sources, and the class prefixes completed at run time."""
    words: set[str] = set(SCRIPTED)
    prefixes: set[str] = set()
    for folder, pattern in SOURCES:
        for path in sorted((root / folder).rglob(pattern)):
            text = path.read_text(encoding="utf-8")
            words.update(WORD.findall(text))
            prefixes.update(p for p in OPEN_PREFIX.findall(text) if len(p) >= 4)
    return words, tuple(sorted(prefixes))


def _split_top(text: str, sep: str) -> list[str]:
    """Split on `sep` outside parentheses and brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _blocks(css: str) -> Iterator[tuple[str, str]]:
    """Yield (prelude, body) for each top-level block, comments dropped."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    i = 0
    while i < len(css):
        brace = css.find("{", i)
        if brace < 0:
            return
        prelude = css[i:brace].strip()
        depth, j = 1, brace + 1
        while depth:
            if css[j] == "{":
                depth += 1
            elif css[j] == "}":
                depth -= 1
            j += 1
        semi = prelude.rfind(";")  # "@charset ...;" before the first block
        if semi >= 0:
            prelude = prelude[semi + 1:].strip()
        yield prelude, css[brace + 1:j - 1]
        i = j


def _selector_used(selector: str, words: set[str], prefixes: tuple[str, ...]) -> bool:
    return all(name in words or name.startswith(prefixes) for name in CLASS.findall(selector))


def trim_css(css: str, words: set[str], prefixes: tuple[str, ...]) -> str:
    """Keep the rules (and @media contents) whose selectors can match the app's markup."""
    out: list[str] = []
    for prelude, body in _blocks(css):
        if prelude.startswith(("@media", "@supports", "@container")):
            inner = trim_css(body, words, prefixes)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            kept = [s for s in _split_top(prelude, ",") if _selector_used(s, words, prefixes)]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out)


def build_trimmed(root: Path = ROOT) -> str:
    """Return the trimmed stylesheet for the current sources."""
    words, prefixes = used_words(root)
    source = (root / BOOTSTRAP.relative_to(ROOT)).read_text(encoding="utf-8")
    header = ("/* Bootstrap v5.3.8 (MIT, https://getbootstrap.com/), trimmed to the classes this "
              "app uses by scripts/build_assets.py: do not edit, rerun the script. */\n")
    return header + trim_css(source, words, prefixes) + "\n"




def write_gzip_files(folder: Path = STATIC) -> list[Path]:
    """Write <file>.gz (level 9, mtime 0) next to every text asset of 512 bytes or more."""
    written = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file() or path.stat().st_size < 512:
            continue
        target = path.with_name(path.name + ".gz")
        target.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
        written.append(target)
    return written


def main() -> None:
    """Parse the options and build."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gzip", action="store_true", help="write .gz files for nginx")
    options = parser.parse_args()
    TRIMMED.write_text(build_trimmed(), encoding="utf-8")
    print(TRIMMED.relative_to(ROOT), TRIMMED.stat().st_size, "bytes")
    if options.gzip:
        for path in write_gzip_files():
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
