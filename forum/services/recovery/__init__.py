"""Recovery tools and personal boundaries (issue 14): the recovery date and its milestones
(dates.py), the daily check-in (checkins.py), muted threads and boards (mutes.py) and
content-warning categories (warnings.py)."""
