"""OpenAPI paths: accounts, tokens, boards, threads and posts."""
from forum.api.openapi.operations import (SLUG, WRITE_ERRORS, answer, op, page_param, path_id,
                                          with_csrf_header)
from forum.api.openapi.schemas import ID, MEMBERS, array, obj, ref, text
from forum.config import THREADS_PER_PAGE, TOP_LEVEL_POSTS_PER_PAGE
from forum.services.accounts.members import RECOVERY_CODE_COUNT

PATHS = with_csrf_header({
    "/accounts": {"post": op(
        "Sign up: answers the handle and ten recovery codes, shown this once",
        (201, answer("Created", obj(["handle", "recovery_codes"], handle=text(32),
                                    recovery_codes=array(text(), minItems=RECOVERY_CODE_COUNT,
                                                         maxItems=RECOVERY_CODE_COUNT)))),
        body="NewAccount", errors=(400, 409, 413, 415, 422, 429),
        description="A well-formed request can still be refused (422) for what no schema can "
                    "say: a handle that looks official or like another member's, that holds "
                    "contact details or a phone-like run of digits; a common password, or one "
                    "holding the handle.")},
    "/tokens": {"post": op(
        "Exchange a handle and password for a bearer token",
        (201, answer("Created", obj(["token"], token=text()))),
        body="NewToken", errors=(400, 401, 413, 415, 422, 429))},
    "/me": {"get": op("The signed-in member's own account", (200, answer("OK", ref("Me"))),
                      security=MEMBERS, errors=(401,))},
    "/boards": {"get": op("Every board, in the forum's order",
                          (200, answer("OK", obj(["boards"], boards=array(ref("Board"))))),
                          errors=(401,))},
    "/boards/{slug}/threads": {
        "get": op("A board's threads, most recent activity first",
                  (200, answer("OK", obj(["threads", "page", "pages"],
                                         threads=array(ref("Thread")), page=ID, pages=ID))),
                  params=(SLUG, page_param(f"{THREADS_PER_PAGE} threads")),
                  errors=(401, 404, 422)),
        "post": op("Open a thread with its first post",
                   (201, answer("Created", obj(["thread", "post"], thread=ref("Thread"),
                                               post=ref("Post"), notice=ref("Notice")))),
                   security=MEMBERS, body="NewThread", params=(SLUG,),
                   errors=(*WRITE_ERRORS, 403, 404))},
    "/threads/{thread_id}": {"get": op(
        "One page of a thread: top-level posts with all their replies, in reading order",
        (200, answer("OK", obj(["thread", "posts", "page", "pages"], thread=ref("Thread"),
                               posts=array(ref("Post")), page=ID, pages=ID))),
        params=(path_id("thread_id", "thread"),
                page_param(f"{TOP_LEVEL_POSTS_PER_PAGE} top-level posts")),
        errors=(401, 404, 422))},
    "/threads/{thread_id}/posts": {"post": op(
        "Reply to the thread, or to one of its posts with parent_id",
        (201, answer("Created", obj(["post"], post=ref("Post"), notice=ref("Notice")))),
        security=MEMBERS, body="NewPost", params=(path_id("thread_id", "thread"),),
        errors=(*WRITE_ERRORS, 403, 404))},
    "/posts/{post_id}": {
        "get": op("One post", (200, answer("OK", obj(["post"], post=ref("Post")))),
                  params=(path_id("post_id", "post"),), errors=(401, 404)),
        "patch": op("The author edits their own post: edited_at is set, the HTML re-rendered",
                    (200, answer("OK", obj(["post"], post=ref("Post")))), security=MEMBERS,
                    body="PostEdit", params=(path_id("post_id", "post"),),
                    errors=(*WRITE_ERRORS, 403, 404)),
        "delete": op("Remove one's own post; a placeholder keeps its place and its replies",
                     (204, answer("Removed")), security=MEMBERS,
                     params=(path_id("post_id", "post"),), errors=(400, 401, 403, 404))},
})
