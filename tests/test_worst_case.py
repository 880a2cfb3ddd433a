"""The worst member text known, at full length, through every step from input to stored HTML:
the post checks and rendering (check_draft), a chat message's rendering (render_message), and
the screening (assess). Each step must finish one input within TIMEOUT, generous enough for a
slow machine while a quadratic step on 20,000 characters takes far longer; rendering must also
stay within RENDER_RATIO of an ordinary text of the same length, measured in the same run.

The inputs are in tests/worst_cases.py; bench/worst_case.py prints what each one costs.
"""
import gc
import signal
import time
from contextlib import contextmanager

import pytest

from forum import create_app
from forum import config as forum_config
from forum.extensions import db
from forum.models import Role, User
from forum.sanitize import render_message
from forum.services import ValidationError
from forum.services.accounts.members import create_account
from forum.services.boards.drafts import check_draft
from forum.services.screening.assess import assess
from forum.services.seeding import seed_defaults

from personas import PASSWORD
from worst_cases import message_inputs, ordinary_message, ordinary_post, post_inputs

TIMEOUT = 2.0  # seconds for one input through one step
RENDER_RATIO = 10  # a worst case may cost this many ordinary texts of its length, no more
POSTS = post_inputs()
MESSAGES = message_inputs()

class TookTooLong(Exception):
    """A step ran past its time limit."""


@contextmanager
def time_limit(seconds: float):
    """Interrupt the block (regular expressions included) once it has used `seconds` of
    processor time (a profiling timer: time the machine gives other processes does not count,
    so a loaded CI machine does not fail a step that is fast)."""
    def interrupt(signum, frame):
        raise TookTooLong(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGPROF, interrupt)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def finishes_in_time(step, *args) -> None:
    """Run step(*args); fail the test if it takes longer than TIMEOUT. A clear refusal (text
    that is only white space) is an answer too."""
    started = time.process_time()
    try:
        with time_limit(TIMEOUT):
            step(*args)
    except ValidationError as refused:
        assert refused.code == "required", refused.message
    except TookTooLong:
        pytest.fail(f"{step.__name__} took more than {TIMEOUT} s", pytrace=False)
    assert time.process_time() - started < TIMEOUT


def best_time(step, text: str, runs: int = 5) -> float:
    """The fastest of a few runs, in this thread's processor time with the collector held off:
    what the step costs, not what the other processes on the machine (CI's other test workers)
    or a collection of an earlier test's objects happen to take meanwhile."""
    times = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            started = time.thread_time()
            step(text)
            times.append(time.thread_time() - started)
    finally:
        gc.enable()
    return min(times)


# --- rendering ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", POSTS)
def test_a_worst_case_post_is_checked_and_rendered_in_time(name):
    finishes_in_time(check_draft, POSTS[name])


@pytest.mark.parametrize("name", MESSAGES)
def test_a_worst_case_chat_message_is_rendered_in_time(name):
    finishes_in_time(render_message, MESSAGES[name])


def _draft_html(body: str) -> str:
    try:
        return check_draft(body).body_html
    except ValidationError:
        return ""  # only white space: refused before any rendering


@pytest.mark.parametrize("inputs, ordinary, step", [
    (POSTS, ordinary_post(), _draft_html),
    (MESSAGES, ordinary_message(), render_message),
], ids=["posts", "chat messages"])
def test_no_worst_case_renders_much_slower_than_ordinary_text(inputs, ordinary, step):
    assert all(len(text) == len(ordinary) for text in inputs.values())
    baseline = best_time(step, ordinary)
    ratios = {name: best_time(step, text, runs=3) / baseline for name, text in inputs.items()}
    slow = {name: round(ratio, 1) for name, ratio in ratios.items() if ratio > RENDER_RATIO}
    assert slow == {}, f"ordinary text takes {baseline * 1000:.1f} ms"


# --- screening ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def screening(tmp_path_factory):
    """An app with the default rules and a newcomer (every rule applies to new accounts), on
    SQLite: the rules are read from the database once, what is timed is their reading of the
    text."""
    folder = tmp_path_factory.mktemp("worst_case")
    config = forum_config.TestConfig(str(folder / "instance"), f"sqlite:///{folder / 'forum.db'}")
    app = create_app(config)
    with app.app_context():
        db.create_all()
        seed_defaults()
        create_account(PASSWORD, "Nell", Role.MEMBER)
        newcomer_id = db.session.scalar(db.select(User.id).where(User.handle == "Nell"))
    yield app, newcomer_id
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("name", POSTS)
def test_a_worst_case_post_is_screened_in_time(screening, name):
    app, newcomer_id = screening
    with app.app_context():
        finishes_in_time(assess, POSTS[name], db.session.get(User, newcomer_id), "post")


@pytest.mark.parametrize("name", MESSAGES)
def test_a_worst_case_chat_message_is_screened_in_time(screening, name):
    app, newcomer_id = screening
    with app.app_context():
        finishes_in_time(assess, MESSAGES[name], db.session.get(User, newcomer_id), "message")
