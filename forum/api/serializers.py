"""The JSON shapes of contract.md: POST, thread, board and member."""
from forum.models import Board, Post, Thread, User
from forum.services.accounts.members import unused_recovery_codes

DELETED_MEMBER = "deleted member"


def author(user: User | None) -> dict:
    """{"handle"} of a member, or "deleted member" once the account is gone."""
    return {"handle": user.handle if user is not None else DELETED_MEMBER}


def iso(moment) -> str | None:
    """An ISO 8601 UTC timestamp."""
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def post_json(post: Post) -> dict:
    """A post as the contract's POST object; removed posts keep their place without their text."""
    return {
        "id": post.id,
        "thread_id": post.thread_id,
        "parent_id": post.parent_id,
        "author": author(post.author),
        "body_html": post.body_html,
        "content_warning": post.content_warning,
        "status": post.status,
        "created_at": iso(post.created_at),
        "edited_at": iso(post.edited_at),
        "removed": post.is_removed,
        "depth": post.depth,
    }


def thread_json(thread: Thread) -> dict:
    """A thread as listed on its board."""
    return {
        "id": thread.id,
        "board": thread.board.slug,
        "title": thread.title,
        "author": author(thread.author),
        "status": thread.status,
        "reply_count": thread.reply_count,
        "locked": thread.locked,
        "created_at": iso(thread.created_at),
        "last_activity_at": iso(thread.last_activity_at),
    }


def board_json(board: Board) -> dict:
    """A board with its description."""
    return {"slug": board.slug, "name": board.name, "description": board.description}


def me_json(user: User) -> dict:
    """What a member sees of their own account (how many recovery codes are left, too)."""
    return {"handle": user.handle, "role": user.role, "created_at": iso(user.created_at),
            "recovery_codes_left": unused_recovery_codes(user)}
