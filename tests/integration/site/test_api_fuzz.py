"""Schemathesis over the whole API, in-process (WSGI): no server error, and every response as documented.

Every operation of /api/openapi.json (each app's router, mounted through ``site/registry.py``) is called
with cases generated from its schema (valid and invalid), with a fixed seed and a bounded number of
examples, as a demo administrator (bearer token), and read-only operations also as a viewer and
anonymously. A case whose path names an object is sent twice: as generated (mostly "not found") and with
the path pointing at a real object of the demonstration data, so the handlers behind the lookups run.

Run just this: ``.venv/bin/pytest -q -p no:cacheprovider tests/integration/site/test_api_fuzz.py``
(``CARESHIFT_FUZZ_EXAMPLES`` raises the examples per operation, e.g. 200 for a longer hunt).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from careshift.site.wsgi import application

MAX_EXAMPLES = int(os.environ.get("CARESHIFT_FUZZ_EXAMPLES", "12"))
SEED = 20261202
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
READ_ONLY = frozenset({"GET", "HEAD"})
pytestmark = pytest.mark.django_db


@dataclass
class FuzzData:
    """The demonstration objects a path may name, and the tokens the calls carry."""

    admin_token: str
    viewer_token: str
    protected_token_ids: set[int]
    known: dict[str, dict[str, Any]]
    calls: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    cases: Counter[str] = field(default_factory=Counter)

    def known_path_parameters(self, path: str, names: Iterator[str]) -> dict[str, Any] | None:
        for prefix, values in self.known.items():
            if path.startswith(prefix):
                chosen = {name: values[name] for name in names if name in values}
                return chosen or None
        return None


def _demo_data() -> FuzzData:
    """The demo administrator, the sample scenarios with finished runs, every app's demonstration data."""
    from careshift.apps.accounts.models import ApiToken, User
    from careshift.apps.jobs.models import Job
    from careshift.apps.programme.models import Programme, Project
    from careshift.apps.scenarios import services
    from careshift.apps.scenarios.models import Run
    from careshift.model.scenario import sample_scenarios
    from careshift.site.cli import DEMO_ADMIN, _app_demos, ensure_demo_admin
    from tests.integration.appraisal.conftest import MEDIANS, _finished_run

    ensure_demo_admin()
    admin = User.objects.get(username=DEMO_ADMIN)
    viewer = User.objects.create_user("fuzz-viewer", password="a-long-test-password-1", role="viewer")
    for slug, spec in sample_scenarios().items():
        body = spec.model_dump(mode="json")
        _finished_run(services.create_scenario(None, name=spec.name, spec=body, slug=slug), MEDIANS[slug])
    _app_demos()
    admin_row, admin_token = ApiToken.issue(admin, "fuzz")
    viewer_row, viewer_token = ApiToken.issue(viewer, "fuzz")
    run = Run.objects.order_by("pk").first()
    programme = Programme.objects.order_by("pk").first()
    project = Project.objects.order_by("pk").first()
    job = Job.objects.order_by("pk").first()
    assert run and programme and project and job
    spare, _ = ApiToken.issue(admin, "spare")
    known: dict[str, dict[str, Any]] = {
        "/api/scenarios/runs/": {"run_id": run.pk},
        "/api/scenarios/": {"slug": run.scenario.slug},
        "/api/jobs/": {"job_id": job.pk},
        "/api/accounts/tokens/": {"token_id": spare.pk},
        "/api/places/boundaries/": {"level": "locality"},
        "/api/appraisal/": {"slug": "community-services-options"},
        "/api/programme/projects/": {"pk": project.pk},
        "/api/programme/": {"slug": programme.slug},
        "/api/engagement/": {"slug": "care-closer-to-home-illustrative"},
    }
    return FuzzData(admin_token, viewer_token, {admin_row.pk, viewer_row.pk}, known)


@pytest.fixture(scope="module")
def fuzz_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[FuzzData]:
    """The demonstration data, created once for every operation's test, inside a transaction that is
    rolled back at the end (each test's own changes are rolled back after it, by pytest-django)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, transaction

    from careshift.apps.scenarios import engine
    from tests.integration.scenarios.conftest import small_pack

    # Schemathesis calls the WSGI application directly, not through Django's test client, so the
    # request signals would close the database connection after every call: on PostgreSQL that closes
    # the transaction holding the demonstration data ("the connection is closed"). Django's own test
    # client disconnects the same handler around each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock(), transaction.atomic():
            patch.setattr(engine, "load_pack", small_pack)  # scenarios are checked against a small pack
            data = _demo_data()
            yield data
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        print(f"\nAPI fuzz: calls by caller {dict(data.calls)}, responses by status {dict(data.statuses)}")
        print(f"API fuzz: {len(data.cases)} operations, {sum(data.cases.values())} cases: {dict(data.cases)}")


# A whole scenario is a large body: schemathesis' coverage phase alone makes ~850 cases for each of the
# two operations that take one, so those are fuzzed only, with more examples (their fields' limits have
# their own tests: tests/integration/scenarios/test_hostile_input.py); every other operation gets the
# coverage phase (boundary values, wrong types, unexpected methods) as well.
WHOLE_SCENARIO = frozenset({("POST", "/api/scenarios/"), ("PUT", "/api/scenarios/{slug}")})


def _config(*, coverage: bool, examples: int) -> Any:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {
                "max-examples": examples,
                "deterministic": True,
                "database": "none",
                "with-security-parameters": False,  # the test sends each caller's credentials itself
            },
            "phases": {"stateful": {"enabled": False}, "coverage": {"enabled": coverage}},
        }
    )


def _takes_a_whole_scenario(ctx: Any) -> bool:
    return (ctx.operation.method.upper(), ctx.operation.path) in WHOLE_SCENARIO


schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", application, config=_config(coverage=True, examples=MAX_EXAMPLES)
).exclude(func=_takes_a_whole_scenario)
scenario_bodies = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", application, config=_config(coverage=False, examples=2 * MAX_EXAMPLES)
).include(func=_takes_a_whole_scenario)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


SETTINGS = settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)


@schema.parametrize()
@SETTINGS
def test_every_operation_answers_as_documented(case: Any, fuzz_data: FuzzData) -> None:
    _exercise(case, fuzz_data)


@scenario_bodies.parametrize()
@SETTINGS
def test_whole_scenario_bodies_are_answered_as_documented(case: Any, fuzz_data: FuzzData) -> None:
    _exercise(case, fuzz_data)


def _exercise(case: Any, fuzz_data: FuzzData) -> None:
    """Call ``case`` as the administrator (and, when it only reads, as a viewer and anonymously), then
    again with its path naming a real object; each response checked against the schema."""
    if case.path_parameters and case.path_parameters.get("token_id") in fuzz_data.protected_token_ids:
        case.path_parameters["token_id"] = -1  # never revoke the tokens this test signs in with
    fuzz_data.cases[f"{case.operation.method.upper()} {case.operation.path}"] += 1
    callers = {"admin": _bearer(fuzz_data.admin_token)}
    if case.method.upper() in READ_ONLY:
        callers |= {"viewer": _bearer(fuzz_data.viewer_token), "anonymous": {}}
    for who, headers in callers.items():
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        fuzz_data.calls[who] += 1
        fuzz_data.statuses[response.status_code] += 1
    if case.path_parameters:
        known = fuzz_data.known_path_parameters(case.path, iter(case.path_parameters))
        if known:
            case.path_parameters = {**case.path_parameters, **known}
            response = case.call_and_validate(headers=callers["admin"], checks=CHECKS)
            fuzz_data.calls["admin, real object"] += 1
            fuzz_data.statuses[response.status_code] += 1
