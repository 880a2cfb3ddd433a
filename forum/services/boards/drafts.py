"""Checking what a member wrote before anything is stored: a thread's title, and a post's body
and content warning, with the body's sanitised HTML."""
import re
from dataclasses import dataclass

from forum.config import CONTENT_WARNING_MAX, POST_MAX, TITLE_MAX
from forum.normalize import clean_stored
from forum.sanitize import render_post
from forum.services import ValidationError
from forum.services.boards.mentions import with_mention_links

# Control characters have no place in one line of plain text (and PostgreSQL refuses NUL).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Draft:
    """A post's checked input: source text, its HTML and an optional content warning."""

    body_source: str
    body_html: str
    content_warning: str | None


def _plain_text(value, field: str, label: str, limit: int, required: bool) -> str | None:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{label} must be text.", field)
    if len(value) > limit:  # the length as sent, which is what the API description limits
        raise ValidationError(f"{label} can be at most {limit} characters "
                              f"(this one has {len(value)}).", field, "too_long")
    # One line of plain text, without the bidi controls and invisible characters that can make
    # it read differently from what is stored.
    value = " ".join(clean_stored(_CONTROL.sub("", value)).split())
    if not value:
        if required:
            raise ValidationError(f"Please write a {label.lower()}.", field, "required")
        return None
    return value


def check_title(value) -> str:
    """A thread title: one line of plain text, 1 to TITLE_MAX characters."""
    return _plain_text(value, "title", "Title", TITLE_MAX, required=True)


def check_draft(body, content_warning=None) -> Draft:
    """Validate a post body and content warning; render the body's sanitised HTML."""
    if body is None:
        raise ValidationError("Please write something before posting.", "body", "required")
    if not isinstance(body, str):
        raise ValidationError("The post must be text.", "body")
    body = clean_stored(body.replace("\r\n", "\n").replace("\x00", ""))
    if not body.strip():
        raise ValidationError("Please write something before posting.", "body", "required")
    if len(body) > POST_MAX:
        raise ValidationError(f"A post can be at most {POST_MAX:,} characters (this one has "
                              f"{len(body):,}). Splitting it into replies works well.",
                              "body", "too_long")
    warning = _plain_text(content_warning, "content_warning", "Content warning",
                          CONTENT_WARNING_MAX, required=False)
    html = render_post(body)
    if not html:
        raise ValidationError("Please write something before posting.", "body", "required")
    return Draft(body, with_mention_links(body, html), warning)

