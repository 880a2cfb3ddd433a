"""Crisis resources and community boundaries: configuration read from JSON, not code.

The crisis lines live in forum/data/crisis_resources.json, or in the file FORUM_CRISIS_RESOURCES
names. The file is read and checked once, when the app is created: a malformed entry stops the
forum from starting with one line saying which entry and what is wrong, because a help page
that shows a broken number to someone in crisis is worse than a forum that does not start.
"""
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources as pkg_resources
from pathlib import Path

from flask import Flask, current_app

_COUNTRY = re.compile(r"[A-Z]{2}")
_DIALLED = re.compile(r"\+?[0-9][0-9 \-]{0,24}[0-9]|[0-9]")
_ENTRY_KEYS = {"name", "how", "phone", "text", "text_body", "chat_url", "url", "hours",
               "checked", "source"}
_EXTENSION = "forum_crisis_resources"


class ResourcesError(ValueError):
    """The crisis resources file cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class CrisisResources:
    """The checked configuration: intro, directory, default country and lines by country."""

    intro: str
    directory: dict
    default_country: str
    countries: dict  # code -> {"name", "emergency", "resources": [entry, ...]}


def init_app(app: Flask) -> None:
    """Read and check the crisis resources now (a bad file stops the app)."""
    path = app.config.get("CRISIS_RESOURCES_FILE") or ""
    try:
        app.extensions[_EXTENSION] = load_resources(path)
    except ResourcesError:
        raise
    except (OSError, ValueError) as error:  # unreadable or not JSON at all
        raise ResourcesError(f"FORUM_CRISIS_RESOURCES ({path or 'the shipped file'}): "
                             f"{error}") from None


def resource_set() -> CrisisResources:
    """The crisis resources of the running app."""
    return current_app.extensions[_EXTENSION]


def load_resources(path: str = "") -> CrisisResources:
    """Read a crisis resources file (the shipped one when path is empty) and check every entry."""
    where = path or "forum/data/crisis_resources.json"
    raw = Path(path).read_text(encoding="utf-8") if path else \
        pkg_resources.files("forum").joinpath("data/crisis_resources.json").read_text("utf-8")
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise ResourcesError(f"FORUM_CRISIS_RESOURCES ({where}): not valid JSON ({error}).") \
            from None
    return _checked(data, where)


def _checked(data, where: str) -> CrisisResources:
    def fail(place: str, problem: str):
        raise ResourcesError(f"FORUM_CRISIS_RESOURCES ({where}): {place}: {problem}")

    if not isinstance(data, dict):
        fail("the file", "must hold a JSON object")
    countries = data.get("countries")
    if not isinstance(countries, dict) or not countries:
        fail("countries", "must be an object of country codes, with at least one country")
    for code, country in countries.items():
        _check_country(code, country, fail)
    default = data.get("default_country")
    if default not in countries:
        fail("default_country", "must be one of the countries listed in the file")
    directory = data.get("directory")
    if not isinstance(directory, dict) or not _is_https(directory.get("url")):
        fail("directory", "needs a 'url' starting with https:// (an international directory)")
    _check_entry(directory, "directory", fail, need_contact=False)
    if not isinstance(data.get("intro", ""), str):
        fail("intro", "must be text")
    return CrisisResources(intro=data.get("intro", ""), directory=directory,
                           default_country=default, countries=countries)


def _check_country(code, country, fail) -> None:
    if not isinstance(code, str) or not _COUNTRY.fullmatch(code) or code not in country_names():
        fail(f"countries.{code}", "is not an ISO 3166 country code such as GB or MX")
    if not isinstance(country, dict) or not isinstance(country.get("name"), str):
        fail(f"countries.{code}", "needs a 'name'")
    if not isinstance(country.get("emergency"), str) or \
            not _DIALLED.fullmatch(country["emergency"]):
        fail(f"countries.{code}.emergency", "must be the emergency number, e.g. \"112\"")
    entries = country.get("resources")
    if not isinstance(entries, list) or not entries:
        fail(f"countries.{code}.resources", "must list at least one line")
    for index, entry in enumerate(entries):
        _check_entry(entry, f"countries.{code}.resources[{index}]", fail)


def _check_entry(entry, place: str, fail, need_contact: bool = True) -> None:
    if not isinstance(entry, dict):
        fail(place, "must be an object")
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        fail(place, f"unknown field(s) {', '.join(sorted(unknown))}")
    for key in ("name", "how"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            fail(place, f"needs '{key}' (text)")
    for key in ("phone", "text"):
        if key in entry and (not isinstance(entry[key], str) or
                             not _DIALLED.fullmatch(entry[key])):
            fail(place, f"'{key}' must be a number people can dial, e.g. \"116 123\"")
    for key in ("chat_url", "url", "source"):
        if key in entry and not _is_https(entry[key]):
            fail(place, f"'{key}' must start with https://")
    if need_contact and not any(k in entry for k in ("phone", "text", "chat_url", "url")):
        fail(place, "needs at least one of phone, text, chat_url or url")
    if "text_body" in entry and ("text" not in entry or not isinstance(entry["text_body"], str)):
        fail(place, "'text_body' (the word to text) needs a 'text' number")
    _check_date(entry.get("checked"), place, fail)


def _check_date(value, place: str, fail) -> None:
    try:
        checked = date.fromisoformat(value) if isinstance(value, str) and \
            re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        checked = None
    if checked is None:
        fail(place, "'checked' must be the date it was last checked, YYYY-MM-DD")


def _is_https(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"https://[^\s\"'<>]+", value) is not None


def dial_href(number: str) -> str:
    """A tel: or sms: target for a number as printed ("116 123" -> "116123")."""
    return re.sub(r"[^0-9+]", "", number)


def entry_json(entry: dict) -> dict:
    """One line as the API and the pages give it: what it is, how to reach it, when checked."""
    out = {"name": entry["name"], "how": entry["how"], "checked": entry["checked"]}
    for key in ("phone", "text", "text_body", "chat_url", "url", "hours"):
        if key in entry:
            out[key] = entry[key]
    if "phone" in entry:
        out["phone_href"] = "tel:" + dial_href(entry["phone"])
    if "text" in entry:
        body = entry.get("text_body")
        out["text_href"] = "sms:" + dial_href(entry["text"]) + (f"?body={body}" if body else "")
    return out


def resources_for(code: str) -> dict:
    """The lines of one listed country, its emergency number and the directory."""
    config = resource_set()
    country = config.countries[code]
    return {"country": code, "country_name": country["name"], "emergency": country["emergency"],
            "resources": [entry_json(e) for e in country["resources"]],
            "directory": entry_json(config.directory)}


def listed_countries() -> list[tuple[str, str]]:
    """(code, name) of the countries with vetted lines, by name."""
    return sorted(((code, c["name"]) for code, c in resource_set().countries.items()),
                  key=lambda pair: pair[1])


def crisis_resources() -> dict:
    """Every line of every country in one list (each with "contact", the number to dial), with
    the intro: for templates and for the screening, which never treats a help number as
    someone's contact details."""
    config = resource_set()
    flat = [{**entry_json(e), "contact": e.get("phone") or e.get("text") or "",
             "country": code}
            for code, country in config.countries.items() for e in country["resources"]]
    return {"intro": config.intro, "resources": flat, "directory": entry_json(config.directory)}


def help_numbers() -> frozenset[str]:
    """The digits of every crisis line and emergency number, as the screening compares them."""
    config = resource_set()
    numbers = {dial_href(c["emergency"]) for c in config.countries.values()}
    for country in config.countries.values():
        for entry in country["resources"]:
            numbers.update(dial_href(entry[k]) for k in ("phone", "text") if k in entry)
    return frozenset(n.lstrip("+") for n in numbers if n)


@cache
def country_names() -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code with a short English name."""
    return _load_packaged("countries.json")["countries"]


def boundaries() -> list[dict]:
    """The community boundaries of product.md: id, name and what each means."""
    return _load_packaged("boundaries.json")


def boundary_ids() -> list[str]:
    """The short ids of the boundaries, used as flag reasons."""
    return [b["id"] for b in boundaries()]


@cache
def _load_packaged(name: str):
    return json.loads(pkg_resources.files("forum").joinpath(f"data/{name}").read_text("utf-8"))
