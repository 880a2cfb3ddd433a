"""Ways into the forum as a person or an app: the pages (Auth), the JSON API (Api) and the chat
socket (emit, received). Imported by conftest.py and by tests; never `from conftest import`, which
is ambiguous once tests/browser/conftest.py is collected too."""
import re

from personas import PASSWORD

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = CSRF_FIELD.search(html)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


class Auth:
    """Log a test client in and out through the real pages, as a person would."""

    def __init__(self, client, personas):
        self.client, self.personas = client, personas

    def login(self, persona: str = "member", password: str = PASSWORD):
        """Log in as a persona (or a raw handle) through /login."""
        handle = self.personas.get(persona, persona)
        page = self.client.get("/login")
        return self.client.post("/login", data={
            "handle": handle, "password": password, "csrf_token": csrf_token_from(page.text)})

    def logout(self):
        """Log out through the form in the page header."""
        page = self.client.get("/me")
        return self.client.post("/logout", data={"csrf_token": csrf_token_from(page.text)})

    def csrf(self, path: str = "/") -> str:
        """A CSRF token for this client's session, read from a page's form."""
        return csrf_token_from(self.client.get(path).text)


class Api:
    """Call the JSON API as a persona with a bearer token from POST /api/v1/tokens."""

    def __init__(self, app, personas):
        self.client, self.personas, self._tokens = app.test_client(), personas, {}

    def token(self, persona: str, password: str = PASSWORD) -> str:
        """A bearer token for the persona (or raw handle), fetched once."""
        if persona not in self._tokens:
            handle = self.personas.get(persona, persona)
            answer = self.client.post("/api/v1/tokens", json={"handle": handle, "password": password})
            assert answer.status_code == 201, answer.json
            self._tokens[persona] = answer.json["token"]
        return self._tokens[persona]

    def call(self, method: str, path: str, persona: str | None = None, **kwargs):
        """Send a request to /api/v1 + path, signed in as the persona if given."""
        headers = kwargs.pop("headers", {})
        if persona is not None:
            headers["Authorization"] = f"Bearer {self.token(persona)}"
        return self.client.open("/api/v1" + path, method=method, headers=headers, **kwargs)

    def get(self, path, persona=None, **kw):
        return self.call("GET", path, persona, **kw)

    def post(self, path, persona=None, **kw):
        return self.call("POST", path, persona, **kw)

    def patch(self, path, persona=None, **kw):
        return self.call("PATCH", path, persona, **kw)

    def delete(self, path, persona=None, **kw):
        return self.call("DELETE", path, persona, **kw)


def emit(connection, event: str, payload=None):
    """Emit on /chat and return the acknowledgement."""
    return connection.emit(event, payload, namespace="/chat", callback=True)


def received(connection, name: str) -> list:
    """The payloads of the events of this name a connection received since last asked."""
    events = connection.get_received("/chat")
    # The test client unwraps a single argument that is a dict; a list means several arguments.
    return [e["args"] if isinstance(e["args"], dict) else e["args"][0]
            for e in events if e["name"] == name]
