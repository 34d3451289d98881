"""Fuzz every /api/v1 operation from its OpenAPI document (schemathesis, in-process WSGI).

An ADMIN's API token is sent with every request, so every operation is reached past its role
check; a small scored project gives the fuzzer real ids to stumble on. No input may cause a
server error, and each response must match what the document says about its status.
JX_FUZZ_SEED picks another seed; JX_FUZZ_EXAMPLES more examples per operation.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

# Revoking a token by a guessed id would revoke the fuzzer's own, and every later call would
# be a 401: that operation has its own tests (tests/api/test_api_base.py).
EXCLUDED = [("DELETE", "/api/v1/tokens/{token_id}")]


SEED = int(os.environ.get("JX_FUZZ_SEED", "20260520"))
EXAMPLES = int(os.environ.get("JX_FUZZ_EXAMPLES", "8"))


def _config(token: str) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict({
        "headers": {"Authorization": f"Bearer {token}"},
        # Schema-valid input may still break a domain rule (an organizer the admin does not
        # manage, a registration that is not checked in): those are refused with 400 or 422.
        "checks": {"positive_data_acceptance": {"expected-statuses": [
            "2XX", "3XX", 400, 401, 403, 404, 409, 422, 429]}},
    })


@pytest.fixture()
def api_schema(app: Any, db: Any) -> Any:
    """Load the OpenAPI document from the app, authenticated as an admin over seeded data."""
    from app.models._types import utcnow
    from app.services.identity import accounts
    from tests.factories import create_user
    from tests.judging_setup import build_contest, score_all

    score_all(build_contest(contestants=3))
    admin = create_user("ADMIN", username="fuzz-admin")
    with app.test_request_context("/"):
        _token, plain = accounts.issue_api_token(admin, name="fuzz", days=1, now=utcnow())
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=_config(plain))
    for method, path in EXCLUDED:
        schema = schema.exclude(method=method, path=path)
    return schema


def test_api_conforms_to_its_document(api_schema: Any) -> None:
    """Run every operation with valid and invalid input; collect every failure, then report."""
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 80, "the fuzzer lost sight of most operations"
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @seed(SEED)
            @settings(max_examples=EXAMPLES, deadline=None, database=None,
                      phases=[Phase.generate, Phase.shrink],
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case: Any) -> None:
                case.call_and_validate()

            try:
                run()
            except Unsatisfiable:
                continue  # nothing to make invalid (no parameters, or only free-form text)
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001  (report them all)
                failures.append(f"{operation.label} [{mode.value}]\n{error}")
    assert not failures, f"{len(failures)} failing operation(s):\n\n" + "\n\n".join(failures)
