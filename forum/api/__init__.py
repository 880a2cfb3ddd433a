"""The JSON API under /api/v1 (contract.md). Routes are split by area: accounts, boards, chat."""
from forum.api import accounts, blocks, boards, chat, errors, openapi  # noqa: F401  (attach routes)
from forum.api.blueprint import bp

__all__ = ["bp"]
