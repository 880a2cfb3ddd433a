"""API: the members one has blocked."""
from flask import jsonify

from forum.api.blueprint import bp, json_body, require_member
from forum.services.accounts.blocks import block_member, blocked_members, unblock_member


@bp.get("/me/blocks")
def my_blocks():
    """The handles of the members I have blocked."""
    return jsonify({"blocks": [u.handle for u in blocked_members(require_member())]})


@bp.post("/me/blocks")
def add_block():
    """Block a member by handle: we stop seeing each other's messages."""
    member, data = require_member(), json_body()
    blocked = block_member(member, data.get("handle"))
    return jsonify({"blocked": blocked.handle}), 201


@bp.delete("/me/blocks/<handle>")
def remove_block(handle: str):
    """Lift a block."""
    unblock_member(require_member(), handle)
    return "", 204
