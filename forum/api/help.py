"""API: crisis lines by country, a member's preferences, putting crisis help away, and a
moderator's check-in with a member in crisis."""
import re

from flask import jsonify, request

from forum.api.blueprint import bp, json_body, require_member
from forum.api.errors import ApiError
from forum.security import current_viewer
from forum.services import crisis
from forum.services.accounts.preferences import check_country, preferences_of, update_preferences
from forum.services.moderation import items, outreach
from forum.services.shapes import resource_json


@bp.get("/help/resources")
def help_resources():
    """Crisis lines for ?country=XX (ISO 3166), else for the member's choice or the browser's
    language; a real country with no checked list answers the international directory."""
    asked = request.args.get("country")
    if asked is not None:
        if not re.fullmatch(r"[A-Za-z]{2}", asked):
            raise ApiError(422, "unknown_country", "'country' is a two-letter ISO 3166 code, "
                           "such as GB or MX.", field="country")
        place = {**crisis.help_for_country(check_country(asked)), "chosen_by": "asked"}
    else:
        place = crisis.help_for(current_viewer())
    return jsonify({"country": place["country"], "country_name": place["country_name"],
                    "listed": place["listed"], "chosen_by": place["chosen_by"],
                    "resources": [resource_json(r) for r in place["resources"]],
                    "emergency": place["emergency"],
                    "directory": resource_json(place["directory"]),
                    "emergency_steps": crisis.emergency_steps(place["emergency"])})


@bp.get("/me/preferences")
def my_preferences():
    """What the member has set (today: the country of their crisis lines)."""
    return jsonify(preferences_of(require_member()))


@bp.put("/me/preferences")
def set_my_preferences():
    """Set preferences; only `country` can be set yet (others answer 422)."""
    return jsonify(update_preferences(require_member(), json_body()))


@bp.post("/me/notifications/<int:note_id>/dismiss")
def dismiss_notification(note_id: int):
    """Put away crisis help shown beside one's own post or in a chat room."""
    crisis.dismiss_crisis(require_member(), note_id)
    return "", 204


@bp.post("/moderation/queue/<int:item_id>/check-in")
def check_in(item_id: int):
    """Moderators: send the member of an urgent item a private check-in {"message"}."""
    member = require_member()
    item = items.get_item_or_404(item_id, member)
    note = outreach.send_check_in(item, member, json_body().get("message"))
    return jsonify({"check_in": {"id": note.id, "item_id": item.id, "message": note.message}}), 201
