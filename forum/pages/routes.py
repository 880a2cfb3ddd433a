"""Fixed pages: help (crisis resources), guidelines (the boundaries), privacy, robots.txt."""
from flask import Blueprint, Response, current_app, render_template

from forum.resources import boundaries

bp = Blueprint("pages", __name__)


@bp.get("/help")
def help_page():
    """Crisis resources, and a plain word that the forum is not a crisis service."""
    return render_template("pages/help.html")


@bp.get("/guidelines")
def guidelines():
    """The community boundaries with their ids, and a path for newcomers."""
    return render_template("pages/guidelines.html", boundaries=boundaries())


@bp.get("/privacy")
def privacy():
    """What the forum keeps about members and for how long, in plain words."""
    config = current_app.config
    return render_template("pages/privacy.html", chat_days=config["CHAT_RETENTION_DAYS"],
                           idle_days=config["SESSION_IDLE_TIMEOUT"].days,
                           absolute_days=config["SESSION_ABSOLUTE_TIMEOUT"].days)


@bp.get("/robots.txt")
def robots():
    """Ask every crawler to stay out: members' words are not for search engines."""
    return Response("User-agent: *\nDisallow: /\n", mimetype="text/plain")
