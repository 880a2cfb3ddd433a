"""Sign up, log in, log out, recover an account, and account settings."""
from flask import Blueprint

bp = Blueprint("auth", __name__)
