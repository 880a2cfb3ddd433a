"""Database models, one module per area."""
from forum.models.accounts import ApiToken, RecoveryCode, Role, User
from forum.models.boards import Board, Post, PostStatus, Thread

__all__ = ["ApiToken", "Board", "Post", "PostStatus", "RecoveryCode", "Role", "Thread", "User"]
