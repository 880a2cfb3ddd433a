"""The JSON API under /api/v1 (contract.md). Routes are split by area: accounts, boards, chat."""
from forum.api import accounts, boards, chat, errors, openapi  # noqa: F401  (each attaches routes)
from forum.api.blueprint import bp

__all__ = ["bp"]
