"""Moderation cards are compact: a card is a few kilobytes of HTML (it was about 16 KB), with
the details folded and the rarer actions in one form, so seven items fit a phone's queue."""
import re

BUDGET = 5 * 1024  # bytes of HTML per card, for a short post with three flags
CARD = re.compile(r'<article class="queue-item.*?</article>', re.S)


def _flagged_posts(api, count: int) -> None:
    """`count` replies in one thread, each flagged by three members (a thread of its own for
    the first, so cards of both kinds are measured)."""
    opened = api.post("/boards/alcohol/threads", "member", json={
        "title": "Three weeks", "body": "Three weeks today. Mornings are hard."}).json
    for n in range(count):
        reply = api.post(f"/threads/{opened['thread']['id']}/posts", "troll",
                         json={"body": f"whatever, you'll slip again ({n})"}).json
        for persona in ("member", "newcomer", "admin"):
            answer = api.post(f"/posts/{reply['post']['id']}/flags", persona,
                              json={"reason": "harassment", "note": "shaming someone's slip"})
            assert answer.status_code == 201


def card_sizes(page: str) -> list[int]:
    """The size in bytes of each card's HTML on a queue page."""
    return [len(card.encode()) for card in CARD.findall(page)]


def test_each_moderation_card_stays_within_its_budget(client, auth, api):
    _flagged_posts(api, 7)
    held = api.post("/boards/newcomers/threads", "newcomer",
                    json={"title": "hi", "body": "text me at 555-201-3344 if you want"})
    assert held.status_code == 201
    auth.login("moderator")
    sizes = card_sizes(client.get("/moderation").text)
    assert len(sizes) == 8
    print("bytes per card:", sizes)
    assert max(sizes) < BUDGET, sizes


def test_a_compact_card_still_offers_every_action(client, auth, api):
    _flagged_posts(api, 1)
    auth.login("moderator")
    card = CARD.findall(client.get("/moderation").text)[0]
    for action in ("approve", "remove", "edit_and_approve", "add_warning", "lock_thread", "warn",
                   "mute", "suspend", "ban"):
        assert f'value="{action}"' in card, action
    assert card.count("<form") <= 4

