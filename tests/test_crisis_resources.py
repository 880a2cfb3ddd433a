"""Crisis lines people can act on, for their country: the configuration and how it is checked,
GET /api/v1/help/resources, the country setting (the member's choice, else the browser's
language, never the address), /help, and GET/PUT /api/v1/me/preferences."""
import copy
import json
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

import forum
from forum import create_app
from forum import config as forum_config
from forum.resources import ResourcesError, load_resources

from servers import BIN, PROJECT, server_env

SHIPPED = Path(forum.__file__).parent / "data" / "crisis_resources.json"
REQUIRED_COUNTRIES = {"US", "CA", "GB", "IE", "AU", "NZ", "IN", "ZA", "DE", "FR", "ES", "MX"}


def _shipped() -> dict:
    return json.loads(SHIPPED.read_text())


# --- the configuration ---------------------------------------------------------------------

def test_the_shipped_lines_cover_the_countries_and_every_entry_says_when_it_was_checked():
    config = load_resources()
    assert REQUIRED_COUNTRIES <= set(config.countries)
    assert config.directory["url"] == "https://findahelpline.com"
    for code, country in config.countries.items():
        assert re.fullmatch(r"[0-9]{2,3}", country["emergency"]), code
        for entry in country["resources"]:
            checked = date.fromisoformat(entry["checked"])
            assert date(2026, 1, 1) <= checked <= date.today(), (code, entry["name"])
            assert entry["source"].startswith("https://"), (code, entry["name"])
            assert any(k in entry for k in ("phone", "text", "chat_url")), (code, entry["name"])


def test_the_us_lines_are_the_ones_product_md_names():
    us = load_resources().countries["US"]
    by_name = {e["name"]: e for e in us["resources"]}
    lifeline = by_name["988 Suicide & Crisis Lifeline"]
    assert (lifeline["phone"], lifeline["text"]) == ("988", "988")
    assert lifeline["chat_url"].startswith("https://988lifeline.org/")
    assert by_name["SAMHSA National Helpline"]["phone"] == "1-800-662-4357"
    assert us["emergency"] == "911"


def _broken(tmp_path, change) -> str:
    data = copy.deepcopy(_shipped())
    change(data)
    path = tmp_path / "lines.json"
    path.write_text(json.dumps(data))
    return str(path)


@pytest.mark.parametrize("change, words", [
    (lambda d: d["countries"]["GB"]["resources"][0].pop("checked"),
     "countries.GB.resources[0]: 'checked' must be the date"),
    (lambda d: d["countries"]["GB"]["resources"][0].update(checked="29/11/2026"),
     "countries.GB.resources[0]: 'checked' must be the date"),
    (lambda d: d["countries"]["US"]["resources"][1].update(phone="call us!"),
     "countries.US.resources[1]: 'phone' must be a number people can dial"),
    (lambda d: d["countries"]["AU"]["resources"][0].update(url="http://lifeline.org.au"),
     "countries.AU.resources[0]: 'url' must start with https://"),
    (lambda d: d["countries"]["MX"]["resources"][0].update(fax="123"),
     "countries.MX.resources[0]: unknown field(s) fax"),
    (lambda d: d["countries"].update(XX=d["countries"]["US"]),
     "countries.XX: is not an ISO 3166 country code"),
    (lambda d: d["countries"]["FR"].update(emergency="the police"),
     "countries.FR.emergency: must be the emergency number"),
    (lambda d: d.update(default_country="BR"), "default_country: must be one of the countries"),
    (lambda d: d["directory"].pop("url"), "directory: needs a 'url' starting with https://"),
    (lambda d: d["countries"]["IN"]["resources"][0].pop("phone"),
     "countries.IN.resources[0]: needs at least one of phone, text, chat_url or url"),
])
def test_a_malformed_entry_stops_the_app_with_one_clear_line(tmp_path, change, words):
    path = _broken(tmp_path, change)
    config = forum_config.TestConfig(str(tmp_path / "instance"), f"sqlite:///{tmp_path / 'x.sqlite3'}")
    config.CRISIS_RESOURCES_FILE = path
    with pytest.raises(ResourcesError) as refused:
        create_app(config)
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"FORUM_CRISIS_RESOURCES ({path}): ")
    assert words in message


def test_a_file_that_is_not_json_or_not_there_is_refused_too(tmp_path):
    garbled = tmp_path / "garbled.json"
    garbled.write_text("{not json")
    for path in (garbled, tmp_path / "missing.json"):
        config = forum_config.TestConfig(str(tmp_path / "instance"), f"sqlite:///{tmp_path / 'x.sqlite3'}")
        config.CRISIS_RESOURCES_FILE = str(path)
        with pytest.raises(ResourcesError, match=r"^FORUM_CRISIS_RESOURCES \("):
            create_app(config)


def test_forum_run_refuses_to_start_with_a_malformed_file_and_says_why(tmp_path):
    path = _broken(tmp_path, lambda d: d["countries"]["GB"]["resources"][0].pop("checked"))
    env = server_env(f"sqlite:///{tmp_path / 'run.sqlite3'}", FORUM_CRISIS_RESOURCES=path)
    done = subprocess.run([str(BIN / "forum"), "run", "--port", "1"], env=env, cwd=PROJECT,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines == [f"Error: The forum can't start: FORUM_CRISIS_RESOURCES ({path}): "
                     "countries.GB.resources[0]: 'checked' must be the date it was last "
                     "checked, YYYY-MM-DD"], done.stderr
    assert "Traceback" not in done.stderr and "serving" not in done.stdout.lower()


def test_a_replacement_file_replaces_the_shipped_lines(make_app, tmp_path, personas):
    mine = {"default_country": "NZ", "intro": "Our own words.",
            "directory": {**_shipped()["directory"]},
            "countries": {"NZ": {"name": "New Zealand", "emergency": "111", "resources": [
                {"name": "Test line", "how": "Always there.", "phone": "0800 000 000",
                 "checked": "2026-11-01"}]}}}
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(mine))
    app = make_app(CRISIS_RESOURCES_FILE=str(path))
    answer = app.test_client().get("/api/v1/help/resources")
    assert answer.json["country"] == "NZ" and answer.json["emergency"] == "111"
    assert [r["name"] for r in answer.json["resources"]] == ["Test line"]
    assert app.test_client().get("/api/v1/help/resources?country=US").json["listed"] is False


# --- GET /api/v1/help/resources ------------------------------------------------------------

def test_resources_for_a_listed_country_are_lines_to_act_on(api):
    answer = api.get("/help/resources?country=gb")
    assert answer.status_code == 200
    body = answer.json
    assert (body["country"], body["listed"], body["emergency"]) == ("GB", True, "999")
    samaritans, shout = body["resources"]
    assert samaritans == {**samaritans, "name": "Samaritans", "phone": "116 123",
                          "checked": "2026-11-29"}
    assert (shout["text"], shout["text_body"]) == ("85258", "SHOUT") and "phone" not in shout
    assert body["directory"]["url"] == "https://findahelpline.com"
    assert body["emergency_steps"][0].startswith("Call 999 now")


def test_a_real_country_with_no_checked_list_falls_back_to_the_directory_clearly(api):
    body = api.get("/help/resources?country=BR").json
    assert (body["country"], body["country_name"], body["listed"]) == ("BR", "Brazil", False)
    assert body["emergency"] is None
    assert [r["url"] for r in body["resources"]] == ["https://findahelpline.com"]
    assert body["emergency_steps"][0].startswith("Call your local emergency number now")


@pytest.mark.parametrize("asked", ["XX", "ZZ", "USA", "1", "", "g_b", "<b>"])
def test_a_code_that_is_no_country_is_a_clear_422(api, asked):
    answer = api.get("/help/resources", query_string={"country": asked})
    assert answer.status_code == 422, asked
    assert answer.json["error"]["code"] == "unknown_country"
    assert answer.json["error"]["field"] == "country"


def test_without_a_country_the_browser_language_decides_and_never_the_address(api):
    def ask(language=None, address="127.0.0.1"):
        headers = {"Accept-Language": language} if language else {}
        return api.get("/help/resources", headers=headers,
                       environ_base={"REMOTE_ADDR": address}).json

    assert (ask()["country"], ask()["chosen_by"]) == ("US", "default")
    assert (ask("en-GB,en;q=0.8")["country"], ask("en-GB")["chosen_by"]) == ("GB", "browser")
    assert ask("fr-FR;q=0.4, es-MX;q=0.9")["country"] == "MX"  # by quality, not order
    assert ask("zh-Hant-TW")["country"] == "TW"  # a script subtag is skipped
    assert ask("de, es-419")["country"] == "US"  # no region: the default, never a guess
    # An Australian address with an English (GB) browser is still GB: addresses are not read.
    assert ask("en-GB", address="1.128.0.1")["country"] == "GB"
    assert ask(None, address="81.2.69.160")["country"] == "US"


def test_a_members_choice_wins_over_the_browser(api, personas):
    assert api.call("PUT", "/me/preferences", "newcomer", json={"country": "za"}).json[
        "country"] == "ZA"
    body = api.get("/help/resources", "newcomer", headers={"Accept-Language": "en-GB"}).json
    assert (body["country"], body["chosen_by"], body["emergency"]) == ("ZA", "chosen", "112")


# --- GET/PUT /api/v1/me/preferences --------------------------------------------------------

def test_preferences_start_empty_and_take_a_country(api, personas):
    assert api.get("/me/preferences", "member").json["country"] is None
    put = api.call("PUT", "/me/preferences", "member", json={"country": "ie"})
    assert put.status_code == 200 and put.json["country"] == "IE"
    assert api.get("/me/preferences", "member").json["country"] == "IE"
    assert api.call("PUT", "/me/preferences", "member", json={"country": None}).json[
        "country"] is None
    assert api.call("PUT", "/me/preferences", "member", json={}).json["country"] is None


@pytest.mark.parametrize("body, code, field", [
    ({"country": "XX"}, "unknown_country", "country"),
    ({"country": 44}, "unknown_country", "country"),
    ({"country": "IE", "theme": "dark"}, "not_available_yet", "theme"),
    ({"country": "GB", "folded_warnings": ["nope"]}, "unknown_category", "folded_warnings"),
    ({"colour": "blue"}, "unknown_setting", "colour"),
])
def test_bad_preferences_are_refused_and_nothing_is_half_written(api, personas, body, code,
                                                                  field):
    answer = api.call("PUT", "/me/preferences", "member", json=body)
    assert answer.status_code == 422
    assert (answer.json["error"]["code"], answer.json["error"]["field"]) == (code, field)
    assert api.get("/me/preferences", "member").json["country"] is None


def test_preferences_are_the_members_own(api, personas):
    assert api.get("/me/preferences").status_code == 401
    assert api.call("PUT", "/me/preferences", json={"country": "GB"}).status_code == 401


# --- /help and the country form on /me -----------------------------------------------------

def test_help_says_what_to_do_in_an_overdose_before_any_list(client):
    html = client.get("/help").text
    main = html[html.index('<main'):]
    steps = main.index("If someone may be overdosing")
    assert steps < main.index('class="lines"')
    for words in ("Call 911 now", "naloxone", "give another dose", "recovery position",
                  "Stay with them until help arrives"):
        assert steps < main.index(words) < main.index('class="lines"'), words
    assert 'href="tel:911"' in main


def test_help_offers_call_text_and_chat_links_and_the_directory(client):
    html = client.get("/help").text
    for href in ('href="tel:988"', 'href="sms:988"', 'href="https://988lifeline.org/chat/"',
                 'href="tel:18006624357"', 'href="https://findahelpline.com"',
                 'href="sms:85258?body=SHOUT"', 'href="tel:116123"', 'href="tel:14416"'):
        assert href in html, href
    assert '(checked <time datetime="2026-11-29">2026-11-29</time>)' in html


def test_help_follows_the_asked_country_and_says_so_plainly_for_an_unknown_one(client):
    gb = client.get("/help?country=GB").text
    assert "Crisis lines: United Kingdom" in gb and 'href="tel:999"' in gb
    odd = client.get("/help?country=QQ")
    assert odd.status_code == 200
    assert "Choose a country from the list" in odd.text and "Crisis lines: United States" in odd.text
    br = client.get("/help?country=br").text
    assert "Help in Brazil" in br and "We have no checked list for Brazil yet" in br
    assert "Call your local emergency number now" in br


def test_help_uses_the_browser_language_for_visitors(client):
    html = client.get("/help", headers={"Accept-Language": "en-AU,en;q=0.8"}).text
    assert "Crisis lines: Australia" in html and "Chosen from your browser's language" in html
    assert html.index('href="tel:000"') < html.index("Crisis lines: Australia")  # the call button


def test_a_member_chooses_their_country_on_me(client, auth, api):
    auth.login("member")
    page = client.get("/me").text
    assert 'id="country-heading"' in page and "Not set (use my browser&#39;s language)" in page
    saved = client.post("/me/country", data={"country": "NZ", "csrf_token": auth.csrf("/me")})
    assert saved.status_code == 303 and saved.headers["Location"].endswith("/me#country-heading")
    assert '<option value="NZ" selected>New Zealand</option>' in client.get("/me").text
    assert "Crisis lines: New Zealand" in client.get("/help").text
    assert api.get("/me/preferences", "member").json["country"] == "NZ"
    refused = client.post("/me/country", data={"country": "QQ", "csrf_token": auth.csrf("/me")},
                          follow_redirects=True)
    assert "Choose a country from the list" in refused.text
    assert api.get("/me/preferences", "member").json["country"] == "NZ"
