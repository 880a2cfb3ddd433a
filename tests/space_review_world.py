"""A forum with review items in two restricted spaces, on a general board, in a space's chat room
and in a mentor conversation, shared by the tests of who works which items.

Space A is "Women in recovery": Sam (member) belongs, Pat (mentor) is its own moderator.
Space B is "LGBTQ+ in recovery": Bea is its own moderator. Tro (troll) belongs to both and wrote
everything reported; Mo is a moderator of the forum; Nell (newcomer) is in no space, and is
Pat's mentee: she reported one of Pat's messages in their conversation.
"""
from dataclasses import dataclass

from sqlalchemy import select

from forum.extensions import db
from forum.models import Board, ChatMessage, ModerationItem, Role, Room
from forum.services.accounts.handles import find_user
from forum.services.accounts.members import create_account
from forum.services.spaces.spaces import set_space_role

from personas import PASSWORD

SPACE_A, SPACE_B, GENERAL = "women-in-recovery", "lgbtq-in-recovery", "alcohol"
BEA = "BeaLantern"
# Who looks, by the persona (or handle) the clients sign in as.
WHO = {"anonymous": None, "nonmember": "newcomer", "member_a": "member", "mod_a": "mentor",
       "mod_b": BEA, "global": "moderator"}


@dataclass
class ReviewWorld:
    """The review items by name: {place}_thread, {place}_post for the boards, a_urgent (a
    crisis flag in space A), a_room (a chat message in A's room), conversation."""

    items: dict[str, int]
    versions: dict[str, int]


SEEN_BY = {
    "global": {"a_thread", "a_post", "a_urgent", "b_thread", "b_post", "general_thread",
               "general_post", "a_room", "conversation"},
    "mod_a": {"a_thread", "a_post", "a_urgent", "a_room"},
    "mod_b": {"b_thread", "b_post"},
    "member_a": set(), "nonmember": set(), "anonymous": set(),
}


def _roles(app) -> None:
    with app.app_context():
        create_account(PASSWORD, BEA, Role.MEMBER)
        set_space_role(SPACE_A, "SamRiver", "member")
        set_space_role(SPACE_A, "PatMentor", "moderator")
        set_space_role(SPACE_B, BEA, "moderator")
        for slug in (SPACE_A, SPACE_B):
            set_space_role(slug, "TroBridge", "member")


def _flag(api, path: str, reporter: str, reason: str = "harassment") -> None:
    answer = api.post(path, reporter, json={"reason": reason})
    assert answer.status_code == 201, answer.json


def _board_items(api, board: str, reporter: str, urgent: bool) -> None:
    opened = api.post(f"/boards/{board}/threads", "troll",
                      json={"title": f"Thoughts for {board}", "body": "Nobody here gets it"})
    assert opened.status_code == 201, opened.json
    thread = opened.json["thread"]["id"]
    replies = [api.post(f"/threads/{thread}/posts", "troll", json={"body": body})
               for body in ("You all talk too much", "Some days are heavy")[:1 + urgent]]
    assert all(reply.status_code == 201 for reply in replies), replies[0].json
    _flag(api, f"/threads/{thread}/flags", reporter)
    _flag(api, f"/posts/{replies[0].json['post']['id']}/flags", reporter)
    if urgent:
        _flag(api, f"/posts/{replies[1].json['post']['id']}/flags", reporter, "crisis")


def _room_item(app, api) -> None:
    with app.app_context():
        room = db.session.scalar(select(Room).where(Room.slug == SPACE_A))
        message = ChatMessage(room_id=room.id, author_id=find_user("TroBridge").id,
                              body_source="Quiet in here", body_html="<p>Quiet in here</p>")
        db.session.add(message)
        db.session.commit()
        message_id = message.id
    _flag(api, f"/chat/messages/{message_id}/flags", "member")


def _conversation_item(api) -> None:
    request_id = api.post("/mentor-requests", "newcomer",
                          json={"note": "Looking for someone, evenings UTC"}).json["id"]
    accepted = api.post(f"/mentor-requests/{request_id}/accept", "mentor")
    assert accepted.status_code == 200, accepted.json
    path = f"/conversations/{accepted.json['conversation']['id']}/messages"
    sent = api.post(path, "mentor", json={"body": "Glad to. How are evenings?"})
    assert sent.status_code == 201, sent.json
    reported = api.post(f"/conversation-messages/{sent.json['message']['id']}/reports",
                        "newcomer", json={})
    assert reported.status_code == 201, reported.json


def build(app, api) -> ReviewWorld:
    """Make the world through the API (as members would) and name its items."""
    _roles(app)
    _board_items(api, SPACE_A, "member", urgent=True)
    _board_items(api, SPACE_B, BEA, urgent=False)
    _board_items(api, GENERAL, "newcomer", urgent=False)
    _room_item(app, api)
    _conversation_item(api)
    return ReviewWorld(*_names(app))


def _names(app) -> tuple[dict, dict]:
    places = {SPACE_A: "a", SPACE_B: "b", GENERAL: "general"}
    with app.app_context():
        boards = {b.id: places.get(b.slug) for b in db.session.scalars(select(Board))}
        names, versions = {}, {}
        for item in db.session.scalars(select(ModerationItem).order_by(ModerationItem.id)):
            if item.target_type == "conversation":
                name = "conversation"
            elif item.target_type == "message":
                name = "a_room"
            elif item.priority == 0:
                name = f"{boards[item.board_id]}_urgent"
            else:
                name = f"{boards[item.board_id]}_{item.target_type}"
            assert name not in names, name
            names[name], versions[name] = item.id, item.version
    return names, versions
