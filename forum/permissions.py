"""One predicate per permission question (what a viewer may do), shared by views, the API, socket
events and templates. What a viewer may see is forum/visibility.py, which builds on these."""
from dataclasses import dataclass

from forum.models import Post, PostStatus, Role, Room, Thread, User
from forum.models.base import utcnow

_RANK = {Role.MEMBER: 0, Role.MENTOR: 1, Role.MODERATOR: 2, Role.ADMIN: 3}


def is_member(viewer: User | None) -> bool:
    """True for a signed-in member (not an anonymous reader)."""
    return viewer is not None and getattr(viewer, "is_authenticated", False)


def has_role(viewer: User | None, role: Role) -> bool:
    """True if the viewer is signed in with this role or a higher one."""
    return is_member(viewer) and _RANK[viewer.role_enum] >= _RANK[role]


def can_moderate(viewer: User | None) -> bool:
    """Moderators and admins work the review queue and see held and hidden content."""
    return has_role(viewer, Role.MODERATOR)


ACCOUNT_SANCTIONS = ("mute", "suspend", "ban")  # review actions that reach the whole forum


def can_sanction_accounts(viewer: User | None) -> bool:
    """Muting, suspending and banning stop a member everywhere, so they stay with the forum's
    moderators; a space's own moderators act on their space's content and may warn."""
    return can_moderate(viewer)


def can_edit_rules(viewer: User | None) -> bool:
    """Only admins write the boundary rules."""
    return has_role(viewer, Role.ADMIN)


def is_author(viewer: User | None, item: Post | Thread) -> bool:
    """True if the viewer wrote this post or opened this thread."""
    return is_member(viewer) and item.author_id is not None and item.author_id == viewer.id


def _running(until) -> bool:
    return until is not None and until > utcnow()


def is_suspended(viewer: User | None) -> bool:
    """True while a member is banned or suspended: they may read, and nothing else."""
    return is_member(viewer) and (viewer.banned_at is not None or _running(viewer.suspended_until))


def is_sanctioned(viewer: User | None) -> bool:
    """True while any sanction stops a member writing: a mute, a suspension or a ban."""
    return is_suspended(viewer) or (is_member(viewer) and _running(viewer.muted_until))


def can_post(viewer: User | None) -> bool:
    """Signed-in members write, unless a sanction is running."""
    return is_member(viewer) and not is_sanctioned(viewer)


def can_flag(viewer: User | None) -> bool:
    """Members flag content, muted ones too; suspended and banned members cannot."""
    return is_member(viewer) and not is_suspended(viewer)


def is_facilitator(viewer: User | None, room: Room) -> bool:
    """True if the viewer facilitates this meeting room."""
    return is_member(viewer) and any(f.id == viewer.id for f in room.facilitators)


def can_enter_room(viewer: User | None, room: Room) -> bool:
    """Any signed-in member may join a room and read it, sanctioned or not."""
    return is_member(viewer)


def can_moderate_room(viewer: User | None, room: Room) -> bool:
    """Moderators everywhere, and a meeting's facilitators in their own room."""
    return can_moderate(viewer) or is_facilitator(viewer, room)


def can_reply(viewer: User | None, thread: Thread) -> bool:
    """Members reply to a thread (one they see: visibility.can_view_thread) unless a moderator
    locked it."""
    return can_post(viewer) and (not thread.locked or can_moderate(viewer))


def can_edit_post(viewer: User | None, post: Post) -> bool:
    """Authors edit and remove their own posts while the post still stands: not once they
    removed it, and not while it is hidden (by flags or a moderator) until a moderator decides
    or an appeal succeeds. A held post can be edited (and is screened again)."""
    return is_author(viewer, post) and not post.is_removed and \
        post.status != PostStatus.HIDDEN.value


@dataclass(frozen=True)
class Abilities:
    """What one viewer may do on one thread page, asked once for the page instead of once per
    post (the answers of can_reply, can_flag and can_post, and who the viewer is); the per-post
    questions below answer as can_edit_post and the flag and reaction rules do."""

    viewer_id: int | None
    reply: bool
    flag: bool
    react: bool

    def own(self, post: Post) -> bool:
        """is_author(viewer, post)."""
        return self.viewer_id is not None and post.author_id == self.viewer_id

    def edit(self, post: Post) -> bool:
        """can_edit_post(viewer, post)."""
        return self.own(post) and not post.is_removed and post.status != PostStatus.HIDDEN.value

    def flag_post(self, post: Post) -> bool:
        """Members flag others' posts (can_flag), never their own."""
        return self.flag and not self.own(post)

    def react_to(self, post: Post) -> bool:
        """Members who may write react to others' posts, never their own."""
        return self.react and not self.own(post)


def abilities_on(viewer: User | None, thread: Thread) -> Abilities:
    """The viewer's Abilities on a page of this thread."""
    member = is_member(viewer)
    return Abilities(viewer.id if member else None, can_reply(viewer, thread), can_flag(viewer),
                     can_post(viewer))
