"""The theme switch: a form that works without JavaScript, remembered in a cookie, drawn as
html[data-theme]; with no choice the page follows the system (no data-theme at all)."""
import pytest


def _switch(client, auth, theme: str, back: str = "/guidelines"):
    """The header's switch as a visitor's browser sends it: no session, so no CSRF token (the
    route is exempt: a theme is harmless, and a token would stop signed-out pages being shared
    from the page cache)."""
    return client.post("/theme", data={"theme": theme, "next": back})


def test_pages_follow_the_system_until_someone_chooses(client):
    page = client.get("/").text
    assert "<html lang=\"en\">" in page
    assert 'name="theme" value="dark"' in page and 'name="theme" value="light"' in page


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_the_choice_is_remembered_and_drawn(client, auth, theme):
    answer = _switch(client, auth, theme)
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/guidelines")
    assert f"theme={theme}" in answer.headers["Set-Cookie"]
    assert f'<html lang="en" data-theme="{theme}">' in client.get("/help").text


def test_choosing_the_system_again_forgets_the_choice(client, auth):
    _switch(client, auth, "dark")
    _switch(client, auth, "system")
    assert "data-theme" not in client.get("/").text.split(">", 2)[1]


def test_the_switch_never_sends_anyone_to_another_site(client, auth):
    for target in ("https://elsewhere.example/", "//elsewhere.example/", "/\\elsewhere"):
        answer = _switch(client, auth, "dark", back=target)
        assert answer.headers["Location"] in ("/", "http://localhost/")


def test_a_made_up_theme_is_ignored(client, auth):
    _switch(client, auth, "<script>")
    assert "data-theme" not in client.get("/").text.split(">", 2)[1]
