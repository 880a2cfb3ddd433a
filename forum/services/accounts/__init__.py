"""Accounts: handles, passwords and recovery, tokens, sessions, blocks, preferences, privacy."""
