"""Static files under content-hashed URLs with long cache lifetimes, and gzip-compressed text
answers (issue 16: "Static files with content-hashed names ... responses compressed")."""
import gzip
import hashlib
import re
from pathlib import Path

from forum.static_files import COMPRESS_AT_LEAST, IMMUTABLE, REVALIDATE

STATIC = Path(__file__).resolve().parents[1] / "static"
GZIP = {"Accept-Encoding": "gzip, deflate"}
STATIC_URL = re.compile(r'/static/([\w./-]+)\?v=([0-9a-f]+)')


def _digest(name: str) -> str:
    return hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]


def test_pages_link_static_files_by_the_hash_of_their_content(client):
    page = client.get("/").text
    linked = dict(STATIC_URL.findall(page))
    assert "forum.css" in linked, page[:2000]
    for name, version in linked.items():
        assert version == _digest(name), name
    # No static link is left without its version.
    assert not re.search(r'/static/[\w./-]+\.(css|js|svg)"', page)


def test_a_hashed_url_is_cached_for_a_year_and_immutable(client):
    answer = client.get(f"/static/forum.css?v={_digest('forum.css')}")
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == IMMUTABLE
    assert answer.data == (STATIC / "forum.css").read_bytes()
    assert answer.mimetype == "text/css"


def test_an_unhashed_or_stale_url_is_revalidated_and_answers_304_when_unchanged(client):
    for url in ("/static/forum.css", "/static/forum.css?v=0123456789ab"):
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.headers["Cache-Control"] == REVALIDATE, url
        again = client.get(url, headers={"If-None-Match": answer.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""


def test_missing_and_escaping_static_names_are_404(client):
    assert client.get("/static/no-such-file.css").status_code == 404
    assert client.get("/static/../forum/config.py").status_code == 404


def test_static_text_is_gzipped_for_clients_that_accept_it(client):
    answer = client.get(f"/static/chat.js?v={_digest('chat.js')}", headers=GZIP)
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in answer.headers["Vary"]
    assert gzip.decompress(answer.data) == (STATIC / "chat.js").read_bytes()
    assert answer.headers["Cache-Control"] == IMMUTABLE
    plain = client.get("/static/chat.js")
    assert "Content-Encoding" not in plain.headers
    assert plain.headers["ETag"] != answer.headers["ETag"]


def test_pages_and_json_are_gzipped_when_accepted_and_plain_otherwise(client):
    for path in ("/", "/api/v1/boards"):
        plain = client.get(path)
        packed = client.get(path, headers=GZIP)
        assert len(plain.data) >= COMPRESS_AT_LEAST, path
        assert "Content-Encoding" not in plain.headers, path
        assert packed.headers["Content-Encoding"] == "gzip", path
        assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data)
        assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
        # Pages differ per request only in their CSRF token; the boards list not at all.
        if path.startswith("/api"):
            assert gzip.decompress(packed.data) == plain.data
        else:
            assert b"<html" in gzip.decompress(packed.data)
        assert packed.headers["Content-Security-Policy"] == plain.headers["Content-Security-Policy"]


def test_small_answers_errors_and_refusals_are_not_compressed(client):
    small = client.get("/static/favicon.svg", headers=GZIP)
    assert len(small.data) < COMPRESS_AT_LEAST and "Content-Encoding" not in small.headers
    missing = client.get("/api/v1/threads/999999", headers=GZIP)
    assert missing.status_code == 404 and "Content-Encoding" not in missing.headers
    refused = client.get("/", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers


def test_compression_can_be_left_to_a_proxy(make_app):
    app = make_app(COMPRESS_RESPONSES=False)
    answer = app.test_client().get("/api/v1/boards", headers=GZIP)
    assert "Content-Encoding" not in answer.headers
