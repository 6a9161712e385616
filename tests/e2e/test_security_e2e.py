"""The Content-Security-Policy in a real browser (issue 7, finding 14): pages with charts draw them,
NHS.UK frontend starts and the API docs (Swagger UI, served from django-ninja's own files) work with no
request leaving the site and no CSP violation: no inline script, no eval."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_scenario_flow import _synthetic_pack, do_nothing  # noqa: F401  (fixtures)

WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""


@pytest.fixture
def watched(analyst_page: Any, live_server: Any) -> Any:
    """The signed-in page, recording CSP violations and refusing any request to another origin."""
    page = analyst_page
    outside: list[str] = []

    def only_this_site(route: Any) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.context.add_init_script(WATCH_CSP)
    page.route("**/*", only_this_site)
    page.outside_requests = outside
    return page


def _violations(page: Any) -> list[str]:
    return list(page.evaluate("window.__cspViolations"))


@pytest.mark.usefixtures("do_nothing")
def test_results_charts_draw_under_the_csp(watched: Any, live_server: Any) -> None:
    from careshift.apps.scenarios.models import Run

    run = Run.objects.get(scenario__slug="do-nothing")
    errors: list[str] = []
    watched.on("pageerror", lambda exc: errors.append(str(exc)))
    response = watched.goto(f"{live_server.url}/scenarios/runs/{run.pk}/results/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    watched.locator(".careshift-chart[data-vega-state=rendered]").first.wait_for(timeout=30_000)
    assert watched.locator(".careshift-chart svg").count() >= 1
    assert "js-enabled" in (watched.locator("body").get_attribute("class") or "")
    assert _violations(watched) == [] and errors == []


def test_api_docs_work_offline(watched: Any, live_server: Any) -> None:
    watched.goto(f"{live_server.url}/api/docs")
    watched.locator(".swagger-ui .info .title").wait_for(timeout=30_000)
    assert "careshift API" in watched.locator(".swagger-ui .info .title").inner_text()
    watched.locator(".opblock").first.wait_for()
    assert watched.outside_requests == []
    assert _violations(watched) == []
