"""Database models, one module per area."""
from forum.models.accounts import ApiToken, AuthSession, Block, RecoveryCode, Role, User
from forum.models.boards import Board, Post, PostStatus, Thread
from forum.models.community import (REACTION_KINDS, BoardFollow, PostAnnouncement,
                                     PostReaction, ThreadFollow)
from forum.models.chat import ChatMessage, Room, RoomFacilitator, RoomMute
from forum.models.moderation import Flag, ModerationEvent, ModerationItem, Notification, Rule
from forum.models.preferences import MemberPreferences
from forum.models.reading import ThreadRead
from forum.models.recovery import BoardMute, Checkin, CheckinDay, RecoveryRecord, ThreadMute
from forum.models.spaces import JoinRequest, Space, SpaceMember
from forum.models.mentoring import (Conversation, ConversationMessage, MentorProfile,
                                    MentorRequest)

__all__ = ["ApiToken", "AuthSession", "Block", "Board", "BoardFollow", "PostAnnouncement",
           "PostReaction", "REACTION_KINDS", "ThreadFollow", "BoardMute", "Checkin",
           "CheckinDay", "RecoveryRecord", "ThreadMute", "ChatMessage", "Flag", "MemberPreferences",
           "ModerationEvent", "ModerationItem", "Notification", "Post", "PostStatus", "RecoveryCode", "Role", "Room",
           "RoomFacilitator", "RoomMute", "Rule", "Thread", "ThreadRead", "User",
           "JoinRequest", "Space", "SpaceMember", "Conversation", "ConversationMessage",
           "MentorProfile", "MentorRequest"]
