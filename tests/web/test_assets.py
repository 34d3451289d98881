"""Static assets: versioned URLs, year-long caching, compressed once; API left uncompressed."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path
from typing import Any

import brotli
import pytest

from app.web.assets import accepted_encoding

STATIC = Path(__file__).resolve().parents[2] / "static"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("identity", None),
        ("", None),
        ("*", "br"),
        ("gzip;q=0.5, br;q=0", "gzip"),
        ("br;q=oops", None),
    ],
)
def test_accepted_encoding(header: str, expected: str | None) -> None:
    assert accepted_encoding(header) == expected


def _static_links(html: str) -> list[str]:
    return [u.replace("&amp;", "&") for u in re.findall(r'(?:href|src)="(/static/[^"]+)"', html)]


def test_pages_link_every_static_file_with_its_content_hash(client: Any) -> None:
    links = _static_links(client.get("/auth/login").text)
    assert links
    for link in links:
        path, _, query = link.partition("?v=")
        assert re.fullmatch(r"[0-9a-f]{12}", query), link
        body = (STATIC / path.removeprefix("/static/")).read_bytes()
        assert hashlib.sha256(body).hexdigest()[:12] == query


@pytest.mark.parametrize(
    ("encoding", "decode"),
    [("br", brotli.decompress), ("gzip", gzip.decompress), ("identity", None)],
)
def test_versioned_static_is_cached_a_year_and_compressed(client: Any, encoding: str,
                                                          decode: Any) -> None:
    link = next(u for u in _static_links(client.get("/auth/login").text) if "app.css" in u)
    response = client.get(link, headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in response.headers["Vary"]
    raw = (STATIC / "css/app.css").read_bytes()
    if decode is None:
        assert "Content-Encoding" not in response.headers
        assert response.data == raw
    else:
        assert response.headers["Content-Encoding"] == encoding
        assert decode(response.data) == raw
        again = client.get(link, headers={"Accept-Encoding": encoding,
                                          "If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304


@pytest.mark.parametrize("query", ["", "?v=000000000000"])
def test_unversioned_or_stale_static_must_revalidate(client: Any, query: str) -> None:
    response = client.get(f"/static/css/app.css{query}")
    assert response.headers["Cache-Control"] == "no-cache"


def test_pages_are_compressed_but_the_api_is_not(client: Any) -> None:
    page = client.get("/auth/login", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers["Content-Encoding"] == "br"
    assert b"<html" in brotli.decompress(page.data)
    api = client.get("/api/v1/openapi.json", headers={"Accept-Encoding": "br, gzip"})
    assert api.status_code == 200
    assert "Content-Encoding" not in api.headers
