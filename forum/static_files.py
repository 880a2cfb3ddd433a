"""Static files with content-hashed URLs and long cache lifetimes, and compressed answers.

`url_for('static', filename='forum.css')` gives `/static/forum.css?v=<hash of its content>`. An
answer to a URL whose `v` is the file's current hash never changes, so it is sent
`Cache-Control: public, max-age=31536000, immutable`; any other static URL (no `v`, or the
hash of an older version) is sent `no-cache` with an ETag, so a browser asks again and gets
304 while nothing changed. A file's bytes, hash and gzip copy are kept in memory and read again
when its modification time changes (editing a file during development just works).

Text answers (HTML, JSON, CSS, JavaScript, SVG) of 500 bytes or more are gzip-compressed for
clients that accept it, unless FORUM_COMPRESS=off (when a proxy in front compresses).
Answers streamed, already encoded or partial are left as they are.
"""
import gzip
import hashlib
import mimetypes
import os
import threading
import time
from dataclasses import dataclass

from flask import Flask, Response, abort, current_app, request
from werkzeug.security import safe_join

HASH_LENGTH = 12
DIGEST_RECHECK_SECONDS = 1.0
DIGESTS_MAX = 4096  # names asked (a template's; any name a URL could carry is bounded too)
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
COMPRESS_AT_LEAST = 500  # bytes: below this gzip's header costs about what it saves
COMPRESSIBLE = {"text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
                "application/json", "application/problem+json", "image/svg+xml"}
GZIP_LEVEL = 6


@dataclass(frozen=True)
class StaticFile:
    """One static file as served: its bytes, their hash, their gzip copy and type."""

    mtime_ns: int
    data: bytes
    digest: str
    gzipped: bytes
    mimetype: str


class StaticFiles:
    """The static folder's files, read once per version of each."""

    def __init__(self, folder: str):
        self.folder = folder
        self._files: dict[str, StaticFile] = {}
        self._digests: dict[str, tuple[float, str | None]] = {}  # name -> (checked, digest)
        self._lock = threading.Lock()

    def get(self, filename: str) -> StaticFile | None:
        """The file under the static folder, or None if there is none (or the name escapes)."""
        path = safe_join(self.folder, filename)
        if path is None or not os.path.isfile(path):
            return None
        mtime_ns = os.stat(path).st_mtime_ns
        known = self._files.get(path)
        if known is not None and known.mtime_ns == mtime_ns:
            return known
        with open(path, "rb") as file:
            data = file.read()
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        found = StaticFile(mtime_ns, data, hashlib.sha256(data).hexdigest()[:HASH_LENGTH],
                           gzip.compress(data, GZIP_LEVEL, mtime=0), mimetype)
        with self._lock:
            self._files[path] = found
        return found

    def digest(self, filename: str) -> str | None:
        """The content hash that versions the file's URL, looked at again (the file's stat)
        at most once every DIGEST_RECHECK_SECONDS per name: pages link five or six static
        files each, and a file is replaced only by a deploy (a changed file still gets its new
        hash within the second)."""
        now = time.monotonic()
        known = self._digests.get(filename)
        if known is not None and now - known[0] < DIGEST_RECHECK_SECONDS:
            return known[1]
        found = self.get(filename)
        digest = found.digest if found else None
        if len(self._digests) < DIGESTS_MAX or filename in self._digests:
            self._digests[filename] = (now, digest)
        return digest


def init_app(app: Flask) -> None:
    """Hash static URLs, serve static files with fitting cache headers, compress answers."""
    files = StaticFiles(app.static_folder)
    app.extensions["forum_static_files"] = files

    @app.url_defaults
    def _version_static_urls(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = files.digest(values["filename"])
            if digest:
                values["v"] = digest

    app.view_functions["static"] = _serve_static
    # Registered before every other after_request function, so it runs after all of them
    # (Flask runs them in reverse) and compresses the final body.
    app.after_request(compress_response)


def _serve_static(filename: str) -> Response:
    """A static file: immutable under its current hash, revalidated otherwise."""
    found = current_app.extensions["forum_static_files"].get(filename)
    if found is None:
        abort(404)
    compressed = accepts_gzip() and _compressible(found.mimetype) and \
        len(found.data) >= COMPRESS_AT_LEAST
    response = Response(found.gzipped if compressed else found.data, mimetype=found.mimetype)
    if compressed:
        response.headers["Content-Encoding"] = "gzip"
    if _compressible(found.mimetype):
        response.vary.add("Accept-Encoding")
    response.set_etag(found.digest + ("-gz" if compressed else ""))
    response.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") == found.digest \
        else REVALIDATE
    return response.make_conditional(request)


def accepts_gzip() -> bool:
    """Whether this request's client takes gzip-encoded answers."""
    return request.accept_encodings["gzip"] > 0


def _compressible(mimetype: str | None) -> bool:
    return (mimetype or "") in COMPRESSIBLE


def _has_header(response: Response, lower_name: str) -> bool:
    """Whether the answer has this header (its name in lower case). Asking werkzeug's headers
    for a missing one raises and catches an error; every page asks three times here."""
    return any(name.lower() == lower_name for name, _ in response.headers._list)


def _vary_on_encoding(response: Response) -> None:
    """Name Accept-Encoding in the answer's Vary header: written as is when the answer has no
    Vary yet (nearly every page), as werkzeug's header set otherwise (parsing it and writing
    it back costs more than the rest of this function)."""
    if _has_header(response, "vary"):
        response.vary.add("Accept-Encoding")
    else:
        response.headers.add("Vary", "Accept-Encoding")


def compress_response(response: Response) -> Response:
    """gzip a text answer for a client that accepts it (see the module's docstring)."""
    if not _compressible(response.mimetype):
        return response
    _vary_on_encoding(response)
    if (not current_app.config.get("COMPRESS_RESPONSES", True) or not accepts_gzip()
            or response.direct_passthrough or response.is_streamed
            or _has_header(response, "content-encoding")
            or _has_header(response, "content-range")
            or not 200 <= response.status_code < 300 or response.status_code == 204):
        return response
    body = response.get_data()
    if len(body) < COMPRESS_AT_LEAST:
        return response
    response.set_data(gzip.compress(body, GZIP_LEVEL))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag:  # another encoding is another representation
        response.set_etag(etag + "-gz", weak)
    return response
