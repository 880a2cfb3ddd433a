"""A full journey of one member, Willow, through the forum, for the privacy tests: sign-up,
two browsers and an app, a thread and replies with others, chat, flags both ways, a moderator's
act, blocks. Everything Willow leaves behind is then looked for in the database and the logs.

Willow's requests come from addresses nobody else uses (an IPv4 and an IPv6 one), so any trace
of an address in the database or a log line is certainly hers.
"""
import re
from dataclasses import dataclass, field

from flask.testing import FlaskClient

from clients import csrf_token_from, emit

HANDLE = "WillowFinch"
PASSWORD = "violet tram harbour 1987"
ADDRESSES = ("203.0.113.77", "2001:db8:4d::77")
BROWSERS = ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36")
OPENING = "Third night without a drink. The evenings are the hardest part."
REPLY = "Thank you, that helps. Tea and a long walk tonight, then."
CHAT = "Hello everyone, first time in the lobby."
WILLOW_FLAG_NOTE = "This one is aimed at me, please look."
TROLL_FLAG_NOTE = f"{HANDLE} keeps lecturing people, make {HANDLE.lower()} stop"
MODERATOR_NOTE = f"Removed for harassing {HANDLE}."
CODE = re.compile(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>")


@dataclass
class Journey:
    """What Willow left behind, and where."""

    browsers: list[FlaskClient]
    token: str
    codes: list[str]
    thread_id: int
    opening_post_id: int
    reply_post_id: int  # Willow's answer to Sam's reply
    others_reply_ids: list[int]  # Sam's reply to her, and Nell's reply to her answer
    message_ids: list[int]
    chat_connection: object
    secrets: list[str] = field(default_factory=list)

    def needles(self) -> list[str]:
        """What must never be found once Willow is gone: handle, password, token, codes,
        addresses."""
        return [HANDLE, PASSWORD, self.token, *self.codes, *ADDRESSES]


def browser(app, number: int) -> FlaskClient:
    """A test client that looks like one of Willow's browsers, from one of her addresses."""
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=ADDRESSES[number % 2],
                               HTTP_USER_AGENT=BROWSERS[number % 2])
    return client


def sign_up(client: FlaskClient) -> list[str]:
    """Willow signs up through /signup; answer the recovery codes she was shown."""
    page = client.get("/signup")
    answer = client.post("/signup", data={"handle": HANDLE, "password": PASSWORD,
                                          "confirm": PASSWORD,
                                          "csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 303, answer.text[:300]  # POST, redirect, GET: shown once
    codes = CODE.findall(client.get(answer.headers["Location"]).text)
    assert len(codes) == 10
    return codes


def log_in(client: FlaskClient, handle: str = HANDLE, password: str = PASSWORD):
    """Log in through /login."""
    page = client.get("/login")
    answer = client.post("/login", data={"handle": handle, "password": password,
                                         "csrf_token": csrf_token_from(page.text)})
    assert answer.status_code == 302, answer.text[:300]
    return answer


def get_token(app) -> str:
    """Willow's app asks for a token, from her address."""
    client = browser(app, 0)
    answer = client.post("/api/v1/tokens", json={"handle": HANDLE, "password": PASSWORD})
    assert answer.status_code == 201
    return answer.json["token"]


def _as(api, token: str, method: str, path: str, **kwargs):
    return api.client.open("/api/v1" + path, method=method,
                           headers={"Authorization": f"Bearer {token}"},
                           environ_base={"REMOTE_ADDR": ADDRESSES[0]}, **kwargs)


def _item_for(api, target_type: str, target_id: int) -> dict:
    items = api.get("/moderation/queue", "moderator").json["items"]
    return next(i for i in items if i["target"] == {"type": target_type, "id": target_id})


def run(app, api, chat) -> Journey:
    """Walk Willow through the forum with the personas around her (the `personas` fixture)."""
    first, second = browser(app, 0), browser(app, 1)
    codes = sign_up(first)
    log_in(second)
    token = get_token(app)
    created = _as(api, token, "POST", "/boards/newcomers/threads",
                  json={"title": "Third night", "body": OPENING})
    assert created.status_code == 201, created.json
    thread_id, opening = created.json["thread"]["id"], created.json["post"]["id"]
    sams = api.post(f"/threads/{thread_id}/posts", "member",
                    json={"body": "Evenings were hard for me too. What helps you?",
                          "parent_id": opening}).json["post"]["id"]
    willows = _as(api, token, "POST", f"/threads/{thread_id}/posts",
                  json={"body": REPLY, "parent_id": sams}).json["post"]["id"]
    nells = api.post(f"/threads/{thread_id}/posts", "newcomer",
                     json={"body": "A walk sounds good.", "parent_id": willows}).json["post"]["id"]
    connection, message_ids = _chat(chat, token)
    _flags_both_ways(api, token, thread_id, message_ids[0])
    _blocks_both_ways(api, token)
    chosen = _as(api, token, "PUT", "/me/preferences", json={"country": "ie"})
    assert chosen.status_code == 200 and chosen.json["country"] == "IE", chosen.json
    return Journey([first, second], token, codes, thread_id, opening, willows, [sams, nells],
                   message_ids, connection)


def _chat(chat, token: str):
    willow, sam = chat("member", auth={"token": token}), chat("member")
    assert emit(willow, "join", {"room": "lobby"})["ok"]
    assert emit(sam, "join", {"room": "lobby"})["ok"]
    ids = [emit(willow, "send", {"room": "lobby", "body": CHAT})["message"]["id"],
           emit(willow, "send", {"room": "lobby", "body": "Evenings are hard."})["message"]["id"]]
    assert emit(sam, "send", {"room": "lobby", "body": "Welcome, glad you're here."})["ok"]
    return willow, ids


def _flags_both_ways(api, token: str, thread_id: int, message_id: int) -> None:
    trolls = api.post(f"/threads/{thread_id}/posts", "troll",
                      json={"body": "Three nights is nothing, try harder."}).json["post"]["id"]
    assert _as(api, token, "POST", f"/posts/{trolls}/flags",
               json={"reason": "harassment", "note": WILLOW_FLAG_NOTE}).status_code == 201
    assert api.post(f"/threads/{thread_id}/flags", "troll",
                    json={"reason": "other", "note": TROLL_FLAG_NOTE}).status_code == 201
    assert api.post(f"/chat/messages/{message_id}/flags", "member",
                    json={"reason": "other"}).status_code == 201
    item = _item_for(api, "post", trolls)
    acted = api.post(f"/moderation/queue/{item['id']}/actions", "moderator",
                     json={"action": "remove", "reason": "harassment", "note": MODERATOR_NOTE})
    assert acted.status_code == 200, acted.json
    warned = api.post(f"/moderation/queue/{_item_for(api, 'thread', thread_id)['id']}/actions",
                      "moderator", json={"action": "warn", "reason": "program-respect",
                                         "note": f"{HANDLE}, please speak from experience."})
    assert warned.status_code == 200, warned.json


def _blocks_both_ways(api, token: str) -> None:
    assert _as(api, token, "POST", "/me/blocks", json={"handle": "TroBridge"}).status_code == 201
    assert api.post("/me/blocks", "troll", json={"handle": HANDLE}).status_code == 201


def call_as_willow(api, token: str, method: str, path: str, **kwargs):
    """An API call with Willow's token, from her address."""
    return _as(api, token, method, path, **kwargs)
