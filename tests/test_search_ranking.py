"""Search ranks by relevance among the newest matches it scores (services/search: the newest
CANDIDATES_MAX posts and THREAD_CANDIDATES_MAX titles, a product choice for the cost of a
search right after a write): a post that is about the words comes before one that mentions them
in passing whatever their ages, a title match weighs more than a reply's, and past the window
the newest matches are still ordered by relevance."""
from forum.services import search
from test_search import found, reply, start

LONG = ("The week was long and full of small things: work, the bus, my sister's visit, a walk "
        "by the river, the dishes, a phone call with an old friend, and somewhere in the middle "
        "a craving that passed, then more work and an early night.")
ABOUT = "Craving tonight. The craving comes in waves; riding the craving out."


def _post_ids(results) -> list[int]:
    return [r["post_id"] for r in results if r["type"] == "post"]


def test_a_post_about_the_words_comes_before_newer_ones_that_mention_them(api):
    thread_id, _ = start(api, "member", "Evenings", "Evenings are the hard part.")
    about = reply(api, "newcomer", thread_id, ABOUT)
    passing = [reply(api, "mentor", thread_id, LONG) for _ in range(3)]
    assert _post_ids(found(api, "craving")["results"]) == [about, *sorted(passing, reverse=True)]


def test_a_title_match_weighs_more_than_a_reply_that_mentions_the_word(api):
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday"):  # a forum of more than two
        start(api, "member", f"{day} check-in", "One more day.")
    titled, _ = start(api, "member", "Craving at night", "Some nights are harder.")
    other, _ = start(api, "member", "Evenings", "Evenings are the hard part.")
    reply(api, "mentor", other, LONG)
    results = found(api, "craving")["results"]
    assert (results[0]["type"], results[0]["thread_id"]) == ("thread", titled)


def test_past_the_window_the_newest_matches_are_ranked_by_relevance(api, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES_MAX", 3)
    thread_id, _ = start(api, "member", "Evenings", "Evenings are the hard part.")
    oldest_about = reply(api, "newcomer", thread_id, ABOUT)
    first_passing = reply(api, "mentor", thread_id, LONG)
    newest_about = reply(api, "newcomer", thread_id, ABOUT + " Again.")
    last_passing = reply(api, "mentor", thread_id, LONG)
    ids = _post_ids(found(api, "craving")["results"])
    # The newest three are scored; the best of them first; the oldest is past the window.
    assert ids == [newest_about, last_passing, first_passing]
    assert oldest_about not in ids
