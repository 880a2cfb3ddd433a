"""Every /api/v1 route, whoever wrote it, answers odd ids, odd query strings and odd bodies with
the contract's JSON error: never a 500. Routes are read from the app, so new ones are covered."""
import re

PREFIX = "/api/v1"
ODD_IDS = ["0", str(2**31), "9" * 30]
ODD_TEXT = ["%00", "x" * 300, "no-such-thing", "%F0%9F%98%80"]
ODD_QUERY = "?page=%C2%B2&before=%C2%B2&after=9999999999999999999999&limit=99999999999999999999" \
            "&status=%00&reason=%00&board=%00&room=%00"
HUGE = 10**30
ODD_BODIES = [
    {"title": 5, "body": HUGE, "parent_id": HUGE, "content_warning": [], "id": HUGE,
     "type": "post", "reason": "\u0000", "note": "n" * 5000, "handle": "\u0000",
     "password": "\u0000", "action": "ban", "version": HUGE, "duration": "9" * 50},
    {"title": None, "body": None, "parent_id": -1, "id": -1, "type": "message", "reason": None,
     "handle": None, "action": None, "version": -1, "duration": "-1d", "erase_content": "yes"},
    {"id": "1", "type": ["post"], "reason": {"x": 1}, "handle": 42, "action": ["approve"],
     "duration": 12, "body": {"text": "b"}, "parent_id": "1"},
]


def api_rules(app):
    """(rule, methods) for every /api/v1 rule but the OpenAPI document."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(PREFIX + "/") and not rule.rule.endswith("openapi.json"):
            yield rule, sorted(rule.methods - {"HEAD", "OPTIONS"})


def odd_paths(rule) -> list[str]:
    """The rule's path with each argument replaced by odd values of its kind."""
    paths = []
    for kind in range(max(len(ODD_IDS), len(ODD_TEXT))):
        def fill(match):
            """An odd value for one path argument, by its converter."""
            converter = match.group(1) or ""
            values = ODD_IDS if converter.startswith("int") else ODD_TEXT
            return values[kind % len(values)]
        paths.append(re.sub(r"<(?:([^:<>]+):)?[^<>]+>", fill, rule.rule))
    return sorted(set(paths))


def test_no_route_answers_500_to_odd_input(app, api):
    failures = []
    for rule, methods in api_rules(app):
        for method in methods:
            for path in odd_paths(rule):
                for persona in ("moderator", "member"):
                    for body in ODD_BODIES if method != "GET" else [None]:
                        answer = api.client.open(
                            path + ODD_QUERY, method=method, json=body,
                            headers={"Authorization": f"Bearer {api.token(persona)}"})
                        if answer.status_code >= 500 or (answer.status_code >= 400 and not (
                                answer.is_json and set(answer.json) == {"error"})):
                            failures.append(f"{method} {path} as {persona}: "
                                            f"{answer.status_code} {answer.get_data()[:120]!r}")
    assert failures == []
