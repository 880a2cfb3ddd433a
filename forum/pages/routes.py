"""Fixed pages: help (crisis resources), guidelines (the boundaries), privacy, robots.txt, and
the theme switch."""
from flask import Blueprint, Response, current_app, redirect, render_template, request

from forum.extensions import csrf
from forum.resources import boundaries, listed_countries, resources_for
from forum.security import current_viewer
from forum.services import ValidationError, crisis
from forum.services.accounts.preferences import check_country
from forum.theme import back_to, remember_theme

bp = Blueprint("pages", __name__)


@bp.get("/help")
def help_page():
    """What to do in an overdose first, then the lines of the reader's country (chosen on /me,
    asked for with ?country=, or from the browser's language), then every other country."""
    viewer = current_viewer()
    problem, place = None, None
    if request.args.get("country"):
        try:
            code = check_country(request.args["country"])
            place = {**crisis.help_for_country(code), "chosen_by": "asked"}
        except ValidationError as error:
            problem = error.message
    place = place or crisis.help_for(viewer)
    others = [resources_for(code) for code, _ in listed_countries() if code != place["country"]]
    # An unknown ?country= still answers 200: the page is help first, with the problem said
    # plainly above the lines it shows instead.
    return render_template("pages/help.html", place=place, others=others, problem=problem,
                           steps=crisis.emergency_steps(place["emergency"]))


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


@bp.post("/theme")
@csrf.exempt
def choose_theme():
    """Remember light, dark or the system's theme in a cookie, then go back to the page.

    Exempt from CSRF: another site making someone's page dark or light harms no one, and a
    token in the header's switch would make every signed-out page carry a session cookie, so
    no signed-out page could be served from the page cache (forum/pagecache.py)."""
    return remember_theme(redirect(back_to(request.form.get("next")), 303), request.form.get("theme"))
