"""Leaving a space takes the member out of its chat room on every server process: two gunicorn
servers share PostgreSQL and Redis; Sam's chat window is on one, and he leaves the space through
the other. His window is told and hears the room no more, his sending there is refused, and the
members still in the room see him go, on both processes. (In one process the same is
tests/test_spaces_visibility.py.)"""
import threading

import requests

from servers import run_forum, two_servers_sharing
from test_chat_live import Member, _member

SPACE = "women-in-recovery"


class Listening(Member):
    """A chat client that also keeps the notices it receives."""

    def __init__(self, base_url: str, token: str):
        self.notices: list[dict] = []
        self._noticed = threading.Event()
        super().__init__(base_url, token)
        self.client.on("notice", self._on_notice, namespace="/chat")

    def _on_notice(self, notice):
        self.notices.append(notice)
        self._noticed.set()

    def wait_for_notice(self, code: str, timeout: float = 10) -> dict:
        """The first notice of this code, waiting for it if need be."""
        waited = 0.0
        while waited < timeout:
            found = [n for n in self.notices if n.get("code") == code]
            if found:
                return found[0]
            self._noticed.clear()
            self._noticed.wait(0.2)
            waited += 0.2
        raise AssertionError(f"no {code} notice within {timeout} s: {self.notices}")


def test_leaving_a_space_takes_the_member_out_of_its_room_on_every_process(services, tmp_path):
    with two_servers_sharing(services, tmp_path, "forum_spaces_live") as (server_a, server_b, env):
        sam_token = _member(server_a.base_url, "SamInSpace", sign_up=True)
        nell_token = _member(server_a.base_url, "NellInSpace", sign_up=True)
        for handle in ("SamInSpace", "NellInSpace"):
            run_forum("spaces", "set-role", SPACE, handle, "member", env=env)
        sam = Listening(server_b.base_url, sam_token)  # Sam's window is on B
        nell = Listening(server_a.base_url, nell_token)  # Nell's on A
        try:
            assert sam.call("join", {"room": SPACE})["ok"]
            assert nell.call("join", {"room": SPACE})["present"] == ["NellInSpace",
                                                                     "SamInSpace"]
            left = requests.delete(f"{server_a.base_url}/api/v1/spaces/{SPACE}/membership",
                                   headers={"Authorization": f"Bearer {sam_token}"},
                                   timeout=10)
            assert left.status_code == 204, left.text
            assert sam.wait_for_notice("left_room")["room"] == SPACE
            nell.wait_for(lambda m: any(p.get("left") == ["SamInSpace"]
                                        for p in m.presence))
            sent = nell.call("send", {"room": SPACE, "body": "After he left"})
            assert sent["ok"], sent
            nell.wait_for(lambda m: any(x["id"] == sent["message"]["id"]
                                        for x in m.messages))
            again = sam.call("send", {"room": SPACE, "body": "Still here?"})
            assert again["ok"] is False and again["error"]["code"] in ("not_found",
                                                                       "not_joined")
            assert all(x["room"] != SPACE or x["id"] != sent["message"]["id"]
                       for x in sam.messages), sam.messages
            for server in (server_a, server_b):  # nobody anywhere still sees Sam there
                watcher = Listening(server.base_url, nell_token)
                try:
                    assert watcher.call("join", {"room": SPACE})["present"] == [
                        "NellInSpace"]
                finally:
                    watcher.close()
        finally:
            sam.close()
            nell.close()
