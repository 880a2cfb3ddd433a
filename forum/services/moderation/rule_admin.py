"""Admins write the boundary rules: list, add and change them, each change checked by
services.screening.assess.check_rule first and written to the log."""
import logging

from sqlalchemy import func, select

from forum.extensions import db
from forum.models.base import database_id
from forum.models.moderation import Rule
from forum.permissions import can_edit_rules
from forum.screening.lexicon import compile_pattern, lexicons
from forum.services import Forbidden, NotFound, ValidationError
from forum.services.screening.assess import check_rule

log = logging.getLogger(__name__)
EXPLANATION_MAX = 500
# check_rule names no field; its messages begin in a known way, so each error can sit by its field.
_FIELD_OF_MESSAGE = (("Choose one of the community boundaries", "boundary"),
                     ("Give the rule a name", "name"), ("Choose an action", "action"),
                     ("The pattern", "pattern"))


def _require_admin(viewer) -> None:
    if not can_edit_rules(viewer):
        raise Forbidden("Only admins can change the boundary rules.")


def list_rules(viewer) -> list[Rule]:
    """Every rule, enabled or not, in the order the rules engine reads them."""
    _require_admin(viewer)
    return list(db.session.scalars(select(Rule).order_by(Rule.position, Rule.id)))


def builtin_lexicons() -> list[dict]:
    """The built-in screening, for the rules page: each lexicon's version and its families."""
    lex = lexicons()
    shown = []
    for name in ("crisis", "sourcing", "contact", "graphic", "harassment", "medical",
                 "promotion"):
        data = lex.data[name]
        families = data.get("families") or data.get("cues") or []
        shown.append({"name": name, "version": lex.versions[name], "about": data["about"],
                      "families": [f.get("explain") or f["id"].split("/")[-1].replace("-", " ")
                                   for f in families]})
    return shown


def get_rule_or_404(rule_id: int, viewer) -> Rule:
    """One rule, for admins."""
    _require_admin(viewer)
    rule = db.session.get(Rule, rule_id) if database_id(rule_id) else None
    if rule is None:
        raise NotFound()
    return rule


def check_rule_fields(fields: dict) -> dict:
    """The rule's fields made tidy, or ValidationError naming the field at fault."""
    tidy = {**fields, "name": (fields.get("name") or "").strip(),
            "explanation": (fields.get("explanation") or "").strip()}
    try:
        check_rule(tidy.get("boundary"), tidy["name"], tidy.get("pattern"), tidy.get("action"),
                   tidy.get("chat_action"))
    except ValueError as error:
        message = str(error)
        field = next((f for start, f in _FIELD_OF_MESSAGE if message.startswith(start)), None)
        raise ValidationError(message, field) from None
    if compile_pattern("(?i)" + tidy["pattern"]).search("") is not None:
        raise ValidationError("This pattern matches every text, even an empty one, so it would "
                              "catch every post. Please make it more specific.", "pattern")
    if len(tidy["explanation"]) > EXPLANATION_MAX:
        raise ValidationError(f"The explanation is at most {EXPLANATION_MAX} characters.",
                              "explanation")
    return tidy


_FIELDS = ("boundary", "name", "pattern", "action", "chat_action", "enabled",
           "new_accounts_only", "explanation")


def create_rule(viewer, fields: dict) -> Rule:
    """Add a rule at the end of the list."""
    _require_admin(viewer)
    tidy = check_rule_fields(fields)
    last = db.session.scalar(select(func.max(Rule.position))) or 0
    rule = Rule(position=last + 1, **{key: tidy.get(key) for key in _FIELDS})
    db.session.add(rule)
    db.session.commit()
    log.info("boundary rule %s (%s) added by %s", rule.id, rule.name, viewer.handle)
    return rule


def update_rule(rule: Rule, viewer, fields: dict) -> Rule:
    """Change a rule; it applies to the next post or message."""
    _require_admin(viewer)
    tidy = check_rule_fields(fields)
    changed = sorted(key for key in _FIELDS if getattr(rule, key) != tidy.get(key))
    for key in _FIELDS:
        setattr(rule, key, tidy.get(key))
    db.session.commit()
    log.info("boundary rule %s (%s) changed by %s: %s", rule.id, rule.name, viewer.handle,
             ", ".join(changed) or "nothing")
    return rule
