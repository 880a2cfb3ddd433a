"""Moderation: review items and flags, moderators' actions, the records, appeals, rules and crisis review."""
