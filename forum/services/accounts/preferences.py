"""A member's own settings (GET and PUT /me/preferences, the forms on /me).

Each setting is one entry of SETTINGS: its checker (the member's value -> what to store) and its
reader (the row, or None -> what GET answers). A new setting (a theme) is one more entry and
one more column of member_preferences; nothing else here changes.
"""
from typing import Callable, NamedTuple

from sqlalchemy import select

from forum.extensions import db
from forum.models import MemberPreferences, User
from forum.resources import country_names
from forum.services import ValidationError
from forum.services.recovery.warnings import IDS as WARNING_IDS
from forum.services.recovery.warnings import check_categories

NOT_YET = ("theme",)


class Setting(NamedTuple):
    """How one setting is checked and read back."""

    check: Callable
    read: Callable


def _row(member: User) -> MemberPreferences | None:
    return db.session.scalar(select(MemberPreferences).where(
        MemberPreferences.user_id == member.id))


def chosen_country(member: User | None) -> str | None:
    """The country a member chose for their crisis lines, or None."""
    if member is None or not getattr(member, "is_authenticated", False):
        return None
    row = _row(member)
    return row.country if row is not None else None


def check_country(value) -> str | None:
    """A country code from a member: two letters of ISO 3166 (any case), or empty for none."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value.strip().upper() not in country_names():
        raise ValidationError("Choose a country from the list (a two-letter code such as GB or "
                              "MX), or leave it empty.", "country", "unknown_country")
    return value.strip().upper()


SETTINGS: dict[str, Setting] = {
    "country": Setting(check_country, lambda row: row.country if row else None),
    # Content-warning categories folded (the rest open) and hidden; by default all are folded.
    "folded_warnings": Setting(
        lambda value: check_categories(value, "folded_warnings"),
        lambda row: list(row.folded_warnings) if row and row.folded_warnings is not None
        else list(WARNING_IDS)),
    "hidden_warnings": Setting(
        lambda value: check_categories(value, "hidden_warnings"),
        lambda row: list(row.hidden_warnings) if row and row.hidden_warnings is not None else []),
}


def preferences_of(member: User) -> dict:
    """Everything the member has set, with defaults for what they have not."""
    row = _row(member)
    return {key: setting.read(row) for key, setting in SETTINGS.items()}


def check_preferences(data: dict) -> dict:
    """Everything that can refuse a change of settings; answers the checked values."""
    for key in data:
        if key in NOT_YET:
            raise ValidationError(f"'{key}' can't be set yet.", key, "not_available_yet")
        if key not in SETTINGS:
            raise ValidationError(f"'{key}' is not a setting. Settings: "
                                  f"{', '.join(SETTINGS)}.", key, "unknown_setting")
    return {key: SETTINGS[key].check(value) for key, value in data.items()}


def update_preferences(member: User, data: dict) -> dict:
    """Check and save the member's settings; answers them as they now are."""
    changes = check_preferences(data)
    if changes:
        row = _row(member)
        if row is None:
            row = MemberPreferences(user_id=member.id)
            db.session.add(row)
        for key, value in changes.items():
            setattr(row, key, value)
        db.session.commit()
    return preferences_of(member)
