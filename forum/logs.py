"""Log privacy: no log line names a member's address, carries a secret, or can be forged.

install() sets a log-record factory, so the guard covers every logger in the process at once:
the app's, werkzeug's request lines (which begin with the client's address), gunicorn's error
and access logs, engineio and socketio. The factory formats each record's message as it is
made and keeps only the scrubbed text.

The app itself never logs request bodies; the patterns here are a second line of defence for
what could slip into a message or a traceback by accident.
"""
import ipaddress
import logging
import re
import secrets

from forum.ratelimits import hash_address

# The hashing key for addresses lives only in this process's memory and is never written down.
# Within a day one address keeps one label, so an operator can follow one abuser through the
# log; once the day turns (or the process restarts) nobody, not even someone holding
# SECRET_KEY, can test which address a label stood for.
_PROCESS_KEY = secrets.token_hex(32)

_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d)")
# Anything made of hex digits, colons and dots with at least two colons; ipaddress decides.
_IPV6_CANDIDATE = re.compile(r"(?<![\w:.%])[0-9A-Fa-f.]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*"
                             r"(?:%[\w.-]+)?(?![\w:])")
_BEARER = re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+")
_RECOVERY_CODE = re.compile(r"(?i)(?<![\w-])[A-Z0-9]{5}-[A-Z0-9]{5}(?![\w-])")
_SECRET_WORDS = r"(?:password|passwd|new_password|current_password|confirm|token|access_token|" \
                r"secret|code|recovery_code|csrf_token)"
_QUERY_SECRET = re.compile(rf"(?i)\b({_SECRET_WORDS})=[^&\s\"']+")
_JSON_SECRET = re.compile(rf"(?i)([\"']{_SECRET_WORDS}[\"']\s*:\s*)[\"'][^\"']*[\"']")
# Line breaks (including the Unicode ones some viewers honour) and other control characters;
# colour codes (ESC [ ... m, which werkzeug adds on a terminal) are kept: they cannot break a line.
_CONTROL = re.compile("\x1b\\[[0-9;]*m|[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r"}
TRACEBACK_MARGIN = "\n  | "  # continuation lines of a traceback can never pass for a new record


def address_label(address: str) -> str:
    """What the log shows instead of an address: a label that changes every day."""
    return "addr-" + hash_address(address, _PROCESS_KEY)[:12]


def _ipv6(match: re.Match) -> str:
    text = match.group()
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return text  # a time of day, a version number, "::" in prose
    return address_label(text)


def _ipv4(match: re.Match) -> str:
    try:
        ipaddress.ip_address(match.group())
    except ValueError:
        return match.group()
    return address_label(match.group())


def mask_addresses(text: str) -> str:
    """Replace every IPv6 and IPv4 address in the text with its daily label."""
    return _IPV4.sub(_ipv4, _IPV6_CANDIDATE.sub(_ipv6, text))


def _code(match: re.Match) -> str:
    text = match.group()
    looks_like_a_code = text.isupper() or any(ch.isdigit() for ch in text)
    return "[recovery code]" if looks_like_a_code else text


def mask_secrets(text: str) -> str:
    """Hide bearer tokens, recovery codes and password or token values."""
    text = _BEARER.sub(r"\1 [token]", text)
    text = _RECOVERY_CODE.sub(_code, text)
    text = _QUERY_SECRET.sub(r"\1=[hidden]", text)
    return _JSON_SECRET.sub(r'\1"[hidden]"', text)


def _escape(match: re.Match) -> str:
    text = match.group()
    if text.startswith("\x1b["):
        return text
    if text in _ESCAPES:
        return _ESCAPES[text]
    return f"\\u{ord(text):04x}" if ord(text) > 0xff else f"\\x{ord(text):02x}"


def escape_controls(text: str) -> str:
    """Escape CR, LF and other control characters, so no input can start a log line."""
    return _CONTROL.sub(_escape, text)


def scrub(text: str) -> str:
    """One log message as it may be written: no secrets, no addresses, one line."""
    return escape_controls(mask_addresses(mask_secrets(text)))


def scrub_block(text: str) -> str:
    """A traceback or stack: scrubbed line by line, continuation lines marked."""
    return TRACEBACK_MARGIN.join(scrub(line) for line in text.splitlines())


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # a bad format string must not lose the line, nor skip the scrubbing
        return f"{record.msg!r} {record.args!r}"


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Scrub a record in place: its message, and any traceback or stack it carries."""
    record.msg, record.args = scrub(_message(record)), None
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = scrub_block(record.exc_text)
    if record.stack_info:
        record.stack_info = scrub_block(record.stack_info)
    return record


def install() -> None:
    """Scrub every log record made in this process from now on (safe to call again)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "scrubs_privacy", False):
        return

    def factory(*args, **kwargs):
        return scrub_record(previous(*args, **kwargs))

    factory.scrubs_privacy = True
    logging.setLogRecordFactory(factory)
