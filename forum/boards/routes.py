"""Boards, threads and posts as server-rendered pages that work without JavaScript."""
from flask import Blueprint

bp = Blueprint("boards", __name__)
