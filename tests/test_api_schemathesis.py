"""Schemathesis (property-based API testing, pinned in the test extra) generates requests from
/api/v1/openapi.json, valid and invalid, for every operation, signed in as a member with a
bearer token, and runs every one of its checks on each answer: no server error, status codes,
content types, headers and bodies as described, valid data accepted, invalid data refused,
405s with Allow, auth not ignored. A bounded number of examples keeps it to about a minute.

Written for schemathesis 4.x: the schema is loaded from the app (schemathesis.openapi.from_wsgi)
and each operation's Hypothesis strategy (APIOperation.as_strategy) is driven here, because its
pytest loader (from_fixture) does not run under pytest 9.2.
"""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from forum.extensions import db
from forum.models import Thread
from forum.services.accounts.handles import find_user
from forum.services.boards.posting import create_reply, create_thread
from forum.services.boards.reading import get_board_or_404

EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 20}
# On PostgreSQL (CI's second run) half as many per operation, where each costs several times as
# much: the first run has checked every answer against the description with the full count, and
# the examples each operation gets first (derandomized, so the same ones every run) already store
# generated text and numbers through PostgreSQL's types and constraints.
if os.environ.get("TEST_DATABASE_URL"):
    EXAMPLES = {GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 10}


@pytest.fixture
def api_schema(app, personas):
    """The served description, bound to the app, with a thread and a reply to find."""
    with app.app_context():
        member = find_user(personas["member"])
        thread, _post, _ = create_thread(get_board_or_404("alcohol", None), member, "Day one",
                                      "Still here, still sober.")
        create_reply(db.session.get(Thread, thread.id), find_user(personas["newcomer"]),
                     "Me too, one day at a time.")
    # NUL characters are refused anywhere in a body or address (400, as documented): PostgreSQL
    # cannot store them. Every other string the schemas allow is generated.
    # Sign-up is one operation whose well-formed requests can be refused for reasons no
    # schema can state (its description lists them): a 422 there is an answer, not a failure.
    # So are a recovery date in the future (today depends on the member's zone) and a restart
    # before the current streak began.
    accepted = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]  # + 422
    config = schemathesis.Config.from_dict({
        "generation": {"allow-x00": False},
        "operations": [{"include-path": path, "include-method": method,
                        "checks": {"positive_data_acceptance": {"expected-statuses": accepted}}}
                       for path, method in (("/accounts", "POST"), ("/me/recovery", "PUT"),
                                            ("/me/recovery/restart", "POST"))],
    })
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)


def failures_of(operation, mode: GenerationMode, headers: dict) -> str | None:
    """Run generated cases of one operation; the report of the first failing one, if any."""
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES[mode], deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(headers=headers)

    try:
        run()
    except Unsatisfiable:  # nothing to make invalid (no parameters, no body): nothing to test
        return None
    except (Exception, BaseExceptionGroup) as failure:  # noqa: BLE001  (reported below)
        return f"{mode.value} {operation.label}:\n{failure}"
    return None


def test_every_check_is_on(api_schema):
    config = api_schema.config.checks_config_for(operation=None, phase=None)
    disabled = [name for name in ("not_a_server_error", "status_code_conformance",
                                  "content_type_conformance", "response_schema_conformance",
                                  "response_headers_conformance", "positive_data_acceptance",
                                  "negative_data_rejection", "missing_required_header",
                                  "ignored_auth", "unsupported_method")
                if not getattr(config, name).enabled]
    assert disabled == []


PARTS = 4  # the operations in four tests of a forum each, so parallel workers share them


@pytest.mark.parametrize("part", range(PARTS))
def test_the_api_keeps_its_description_for_generated_requests(api_schema, api, part):
    # schemathesis's WSGI transport asks for gzip but does not decode it: ask for the plain body
    # (compression itself is tested in test_static_and_compression.py).
    headers = {"Authorization": f"Bearer {api.token('member')}", "Accept-Encoding": "identity"}
    failures = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 2 * PARTS  # every part has operations to try
    for operation in operations[part::PARTS]:
        for mode in EXAMPLES:
            failure = failures_of(operation, mode, headers)
            if failure:
                failures.append(failure)
    assert not failures, "\n\n".join(failures)
