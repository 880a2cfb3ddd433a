"""OpenAPI paths: following threads and boards, support reactions, and the post preview."""
from forum.api.openapi.operations import (SLUG, WRITE_ERRORS, answer, op, path_id,
                                          with_csrf_header)
from forum.api.openapi.schemas import BODY, MEMBERS, REACTION_KINDS, obj, text

KIND = {"name": "kind", "in": "path", "required": True, "schema": text(enum=list(REACTION_KINDS)),
        "description": "me-too, strength or congrats; any other kind is 404"}


def _follow(what: str, params: tuple, put: bool) -> dict:
    if put:
        summary = (f"Follow a {what}: its new posts reach my notifications (twice is a no-op; "
                   f"404 for one I cannot see)")
    else:
        summary = f"Stop following a {what} (not following it is a no-op)"
    return op(summary, (204, answer("Done")), security=MEMBERS, params=params,
              errors=(400, 401, 404))


def _reaction(put: bool) -> dict:
    summary = ("Give a support reaction to another member's post; twice is a no-op. 403 on "
               "one's own or a removed post, 404 for a post one cannot see or an unknown kind"
               if put else "Take a support reaction back (one never given is a no-op)")
    return op(summary, (204, answer("Done")), security=MEMBERS,
              params=(path_id("post_id", "post"), KIND), errors=(400, 401, 403, 404))


THREAD = (path_id("thread_id", "thread"),)
PATHS = with_csrf_header({
    "/threads/{thread_id}/follow": {"put": _follow("thread", THREAD, True),
                                    "delete": _follow("thread", THREAD, False)},
    "/boards/{slug}/follow": {"put": _follow("board", (SLUG,), True),
                              "delete": _follow("board", (SLUG,), False)},
    "/posts/{post_id}/reactions/{kind}": {"put": _reaction(True), "delete": _reaction(False)},
    "/preview": {"post": op(
        "Render a post body as it would be published (nothing is stored); empty or too long "
        "is 422", (200, answer("OK", obj(["body_html"], body_html=text()))), security=MEMBERS,
        body="Preview", errors=WRITE_ERRORS)},
})
REQUESTS = {"Preview": obj(["body"], body=BODY)}
