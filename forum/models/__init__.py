"""Database models, one module per area."""
from forum.models.accounts import ApiToken, AuthSession, Block, RecoveryCode, Role, User
from forum.models.boards import Board, Post, PostStatus, Thread
from forum.models.chat import ChatFlag, ChatMessage, Room, RoomFacilitator, RoomMute

__all__ = ["ApiToken", "AuthSession", "Block", "Board", "ChatFlag", "ChatMessage", "Post",
           "PostStatus", "RecoveryCode", "Role", "Room", "RoomFacilitator", "RoomMute", "Thread",
           "User"]
