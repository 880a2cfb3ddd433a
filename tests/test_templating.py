"""Templates ask no service for data: views load what a page needs, and the frame's numbers are
counted once per request (forum/templating.py)."""
import inspect

from forum.services import notifications
from forum.services.moderation import items

# Pure text helpers that happen to live beside their service; neither reads the database.
PURE_TEXT = {"check_in_text", "emergency_steps"}


def test_no_template_global_reaches_into_a_service_that_reads_the_database(app):
    reaching = sorted(name for name, value in app.jinja_env.globals.items()
                      if inspect.isfunction(value) and value.__module__.startswith("forum.services")
                      and name not in PURE_TEXT)
    assert reaching == []


def test_the_frame_counts_once_per_request(app, client, auth, monkeypatch):
    calls = {"unread": 0, "waiting": 0}
    real_unread, real_counts = notifications.unread_count, items.queue_counts

    def unread(user):
        calls["unread"] += 1
        return real_unread(user)

    def counts(viewer):
        calls["waiting"] += 1
        return real_counts(viewer)

    monkeypatch.setattr(notifications, "unread_count", unread)
    monkeypatch.setattr(items, "queue_counts", counts)
    auth.login("moderator")
    calls.update(unread=0, waiting=0)
    page = client.get("/")
    assert page.status_code == 200 and 'id="nav-queue-count"' in page.text
    assert calls == {"unread": 1, "waiting": 1}
