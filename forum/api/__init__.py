"""The JSON API under /api/v1 (contract.md). Routes are split by area: accounts, boards, chat."""
from forum.api import (accounts, blocks, boards, chat, errors, help, interact,  # noqa: F401
                       moderation, openapi, privacy, reading, recovery,
                       spaces)  # each module attaches its routes to bp
from forum.api.blueprint import bp

__all__ = ["bp"]
