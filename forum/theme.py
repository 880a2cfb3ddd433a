"""The member's colour theme: light, dark, or (no cookie) whatever the system asks for.

The choice lives in a plain cookie, so it works signed out and without JavaScript: the switch
in the header posts to /theme, and static/theme.js sets the same cookie in place.
"""
import re

from flask import Response, request

THEME_COOKIE = "theme"
THEMES = ("light", "dark")
THEME_MAX_AGE = 365 * 24 * 3600
_LOCAL_PATH = re.compile(r"/(?![/\\])[\x21-\x5b\x5d-\x7e]*")


def theme_choice() -> str | None:
    """The theme this browser chose ("light" or "dark"), or None to follow the system."""
    value = request.cookies.get(THEME_COOKIE)
    return value if value in THEMES else None


def remember_theme(response: Response, choice: str | None) -> Response:
    """Store a theme choice on the response; anything but light or dark forgets it."""
    if choice in THEMES:
        response.set_cookie(THEME_COOKIE, choice, max_age=THEME_MAX_AGE, samesite="Lax",
                            secure=request.is_secure, httponly=False)
    else:
        response.delete_cookie(THEME_COOKIE, samesite="Lax")
    return response


def back_to(target: str | None, default: str = "/") -> str:
    """Where to go after switching: a path on this site only, never another host."""
    return target if target and _LOCAL_PATH.fullmatch(target) else default
