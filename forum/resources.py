"""Crisis resources and community boundaries: configuration read from JSON, not code."""
import json
from functools import cache
from importlib import resources as pkg_resources
from pathlib import Path

from flask import Flask, current_app


def init_app(app: Flask) -> None:
    """Make the crisis resources available to every template (the help banner, /help)."""
    app.context_processor(lambda: {"crisis_resources": crisis_resources()})


def crisis_resources() -> dict:
    """The crisis resources: FORUM_CRISIS_RESOURCES names a JSON file, else the shipped one."""
    return _load(current_app.config.get("CRISIS_RESOURCES_FILE") or "")


def crisis_message() -> str:
    """What a member in crisis is told at once, privately, before anything else."""
    return ("You are not alone. If you might be in danger, please reach out now: "
            + "; ".join(f"{r['name']}: {r['contact']}" for r in crisis_resources()["resources"])
            + ". A moderator will also look in.")


def boundaries() -> list[dict]:
    """The community boundaries of product.md: id, name and what each means."""
    return _load_packaged("boundaries.json")


def boundary_ids() -> list[str]:
    """The short ids of the boundaries, used as flag reasons."""
    return [b["id"] for b in boundaries()]


@cache
def _load(path: str) -> dict:
    if path:
        return json.loads(Path(path).read_text())
    return _load_packaged("crisis_resources.json")


@cache
def _load_packaged(name: str):
    return json.loads(pkg_resources.files("forum").joinpath(f"data/{name}").read_text())
