"""A member's own settings (GET and PUT /me/preferences, the country form on /me).

Only `country` can be set today. The other settings the contract names (folded_warnings,
hidden_warnings, theme) arrive with their own work and will become columns of the same row;
until then they are refused with a clear message rather than silently dropped.
"""
from sqlalchemy import select

from forum.extensions import db
from forum.models import MemberPreferences, User
from forum.resources import country_names
from forum.services import ValidationError

SETTABLE = ("country",)
NOT_YET = ("folded_warnings", "hidden_warnings", "theme")


def _row(member: User) -> MemberPreferences | None:
    return db.session.scalar(select(MemberPreferences).where(
        MemberPreferences.user_id == member.id))


def chosen_country(member: User | None) -> str | None:
    """The country a member chose for their crisis lines, or None."""
    if member is None or not getattr(member, "is_authenticated", False):
        return None
    row = _row(member)
    return row.country if row is not None else None


def preferences_of(member: User) -> dict:
    """What the member has set: {"country": code or null}."""
    return {"country": chosen_country(member)}


def check_country(value) -> str | None:
    """A country code from a member: two letters of ISO 3166 (any case), or empty for none."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value.strip().upper() not in country_names():
        raise ValidationError("Choose a country from the list (a two-letter code such as GB or "
                              "MX), or leave it empty.", "country", "unknown_country")
    return value.strip().upper()


def check_preferences(data: dict) -> dict:
    """Everything that can refuse a change of settings; answers the checked values."""
    for key in data:
        if key in NOT_YET:
            raise ValidationError(f"'{key}' can't be set yet: only 'country' can be set for "
                                  "now.", key, "not_available_yet")
        if key not in SETTABLE:
            raise ValidationError(f"'{key}' is not a setting. Settings: "
                                  f"{', '.join(SETTABLE)}.", key, "unknown_setting")
    return {"country": check_country(data["country"])} if "country" in data else {}


def update_preferences(member: User, data: dict) -> dict:
    """Check and save the member's settings; answers them as they now are."""
    changes = check_preferences(data)
    if changes:
        row = _row(member)
        if row is None:
            row = MemberPreferences(user_id=member.id)
            db.session.add(row)
        row.country = changes["country"]
        db.session.commit()
    return preferences_of(member)
