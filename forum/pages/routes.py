"""Fixed pages: help (crisis resources), guidelines (the boundaries), robots.txt."""
from flask import Blueprint

bp = Blueprint("pages", __name__)
