"""Database models, one module per area."""
from forum.models.accounts import ApiToken, AuthSession, Block, RecoveryCode, Role, User
from forum.models.boards import Board, Post, PostStatus, Thread
from forum.models.chat import ChatMessage, Room, RoomFacilitator, RoomMute
from forum.models.moderation import Flag, ModerationEvent, ModerationItem, Notification, Rule
from forum.models.preferences import MemberPreferences
from forum.models.spaces import JoinRequest, Space, SpaceMember
from forum.models.mentoring import (Conversation, ConversationMessage, MentorProfile,
                                    MentorRequest)

__all__ = ["ApiToken", "AuthSession", "Block", "Board", "ChatMessage", "Flag", "MemberPreferences",
           "ModerationEvent", "ModerationItem", "Notification", "Post", "PostStatus", "RecoveryCode", "Role", "Room",
           "RoomFacilitator", "RoomMute", "Rule", "Thread", "User",
           "JoinRequest", "Space", "SpaceMember", "Conversation", "ConversationMessage",
           "MentorProfile", "MentorRequest"]
