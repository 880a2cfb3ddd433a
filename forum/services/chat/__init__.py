"""Live chat: rooms and their meetings, messages, and the limits on sending."""
