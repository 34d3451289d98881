"""Light on venue Wi-Fi: versioned static URLs, year-long caching, compressed responses.

Every `url_for("static", filename=...)` gains `?v=<content hash>`, so a browser may keep the
file for a year (`immutable`) and a new deploy changes the URL. Text assets are compressed once
per process at the highest level (brotli, else gzip) and served from memory; pages are
compressed per response by Flask-Compress at a cheap level. Socket.IO traffic and /api/ are
left alone: websockets have their own setting and the API's board snapshot is tuned elsewhere.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from pathlib import Path
from typing import Any

import brotli
from flask import Flask, Response, request
from flask_compress import Compress

YEAR = 365 * 24 * 3600
SKIPPED_PREFIXES = ("/socket.io", "/api/")
STATIC_TYPES = {".css", ".js", ".json", ".svg", ".map", ".txt", ".html"}
MIN_SIZE = 512

compress = Compress()


class StaticAssets:
    """Content hashes and compressed bodies of files under the static folder, per process."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder).resolve()
        self._hashes: dict[tuple[str, int], str] = {}
        self._bodies: dict[tuple[str, int, str], bytes] = {}
        self._lock = threading.Lock()

    def _path(self, filename: str) -> Path | None:
        path = (self.folder / filename).resolve()
        if not path.is_relative_to(self.folder) or not path.is_file():
            return None
        return path

    def version(self, filename: str) -> str | None:
        """Return the first 12 hex digits of the file's SHA-256 (None if there is no file)."""
        path = self._path(filename)
        if path is None:
            return None
        key = (filename, path.stat().st_mtime_ns)
        found = self._hashes.get(key)
        if found is None:
            found = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            with self._lock:
                self._hashes[key] = found
        return found

    def compressed(self, filename: str, encoding: str) -> bytes | None:
        """Return the file compressed with `encoding` ("br" or "gzip"), made once."""
        path = self._path(filename)
        if path is None or path.suffix not in STATIC_TYPES:
            return None
        key = (filename, path.stat().st_mtime_ns, encoding)
        body = self._bodies.get(key)
        if body is None:
            raw = path.read_bytes()
            if len(raw) < MIN_SIZE:
                return None
            if encoding == "br":
                body = brotli.compress(raw, quality=11 if len(raw) < 400_000 else 9)
            else:
                body = gzip.compress(raw, compresslevel=9, mtime=0)
            with self._lock:
                self._bodies[key] = body
        return body


def accepted_encoding(header: str) -> str | None:
    """Pick br, else gzip, from an Accept-Encoding header (a q=0 entry refuses it)."""
    offered: dict[str, float] = {}
    for part in header.lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        offered[name.strip()] = quality
    for encoding in ("br", "gzip"):
        if offered.get(encoding, offered.get("*", 0.0)) > 0:
            return encoding
    return None


def _serve_static(assets: StaticAssets, response: Response) -> Response:
    """Cache a versioned file for a year; send a text file compressed from memory."""
    filename = (request.view_args or {}).get("filename", "")
    version = request.args.get("v")
    if version and version == assets.version(filename):
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Accept-Encoding")
    if response.status_code != 200 or "Content-Encoding" in response.headers:
        return response
    encoding = accepted_encoding(request.headers.get("Accept-Encoding", ""))
    body = assets.compressed(filename, encoding) if encoding else None
    if body is None:
        return response
    etag, weak = response.get_etag()
    response.direct_passthrough = False
    response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    if etag:
        response.set_etag(f"{etag}-{encoding}", weak=weak)
        response.make_conditional(request)
    return response


def init_assets(app: Flask) -> None:
    """Version static URLs and compress responses (static from memory, pages per response)."""
    app.config.setdefault("COMPRESS_REGISTER", False)  # our after_request decides what to skip
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    app.config.setdefault("COMPRESS_STREAMS", False)
    compress.init_app(app)
    assets = StaticAssets(app.static_folder or "static")
    app.extensions["jx_assets"] = assets

    @app.url_defaults
    def _version_static(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            version = assets.version(values["filename"])
            if version:
                values["v"] = version

    @app.after_request
    def _compress(response: Response) -> Response:
        if request.path.startswith(SKIPPED_PREFIXES):
            return response
        if request.endpoint == "static":
            return _serve_static(assets, response)
        return compress.after_request(response)
