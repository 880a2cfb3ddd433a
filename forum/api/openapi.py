"""The OpenAPI description of the API, served at /api/v1/openapi.json."""
from flask import jsonify

from forum.api.blueprint import bp

SPEC: dict = {"openapi": "3.1.0", "info": {"title": "Recovery forum API", "version": "1"}, "paths": {}}


@bp.get("/openapi.json")
def openapi_json():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(SPEC)
