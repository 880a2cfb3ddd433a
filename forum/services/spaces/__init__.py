"""Restricted spaces and peer mentoring."""
