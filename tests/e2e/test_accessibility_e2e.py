"""axe on every page (issue 7, "the browser tests run axe on every page").

The page list is built from the URL conf: every named page of every installed app, with its path
parameters filled from the demonstration data (`careshift setup-demo`: the demo administrator, the
sample scenarios with a finished run, each app's demonstration data). A page that is not an HTML page
(a download, an HTMX fragment, a POST-only action) is listed in ``NOT_PAGES`` with the reason; a new page
with path parameters that this file does not know how to fill fails the test, so none is left out by
accident. Signed-in pages are visited as the demo administrator, the public pages (sign-in, password
reset, the public consultation) anonymously. On each page axe-core (node_modules, package.json) runs
after the charts are drawn; any "serious" or "critical" violation fails the test, described in words.

One browser, pages in sequence; the whole sweep takes about a minute on two cores.
Run just this: ``.venv/bin/pytest -q -p no:cacheprovider tests/e2e/test_accessibility_e2e.py``
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import E2E_PASSWORD, sign_in
from tests.e2e.test_scenario_flow import ITERATIONS, _synthetic_pack  # noqa: F401  (autouse fixture)

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
SHOWN_NODES = int(os.environ.get("CARESHIFT_AXE_SHOWN_NODES", "5"))  # elements described per violation

# Named URLs that are not pages to check, with the reason.
NOT_PAGES = {
    "healthz": "JSON health check",
    "api:openapi-json": "JSON",
    "accounts:logout": "POST-only: signs out",
    "accounts:revoke_token": "POST-only action",
    "accounts:user_deactivate": "POST-only action",
    "accounts:user_reactivate": "POST-only action",
    "accounts:password_reset_confirm": "needs a one-time token from an e-mail; same form as password change",
    "jobs:progress": "HTMX fragment of jobs:detail (checked inside that page)",
    "jobs:cancel": "POST-only action",
    "places:chart": "HTMX fragment of places:index (checked inside that page)",
    "scenarios:lever_row": "HTMX fragment of the scenario form (checked inside scenarios:create)",
    "scenarios:discharge_row": "HTMX fragment of the scenario form (checked inside scenarios:create)",
    "scenarios:run_progress": "HTMX fragment of scenarios:run (checked inside that page)",
    "scenarios:run_cancel": "POST-only action",
    "scenarios:start_run": "POST-only action",
    "scenarios:pin": "POST-only action: pins a run",
    "scenarios:draft": "POST-only action: returns a scenario to draft",
    "scenarios:saved_view": "a redirect to the results or compare page it names (both checked)",
    "scenarios:delete_saved_view": "POST-only action: deletes a saved view",
    "scenarios:save_view": "POST-only action: saves the page's address under a name",
    "scenarios:lever_template_save": "POST-only action: the form is checked inside scenarios:lever_library",
    "scenarios:lever_template_delete": "POST-only action: removes a lever template",
    "appraisal:evidence_apply": "POST-only action: the form is checked inside appraisal:evidence_detail",
    "appraisal:sensitivity": "POST-only action: starts a weight-sensitivity job",
    "programme:move_stage": "POST-only action",
    "programme:convert_risk": "POST-only action",
    "programme:record_delete": "POST-only action",
    "programme:report_commentary": "POST-only action",
    "programme:report_review": "POST-only action",
    "programme:report_lock": "POST-only action",
    "programme:report_start": "POST-only action",
    "programme:board_pack_render": "POST-only action: queues a board-pack job",
    "programme:pack_file_download": "the rendered PDF or Word document",
    "engagement:moderate": "POST-only action",
    "engagement:action_update": "POST-only action",
    "engagement:question_move": "POST-only action",
    "engagement:question_delete": "POST-only action",
    "engagement:question_standard": "POST-only action",
}
# Pages that draw their content after "load": axe waits for this element (charts are waited for on every
# page: see CHARTS_SETTLED).
READY = {"api:openapi-view": ".swagger-ui .opblock-summary-control"}
# Pages also checked with a query (a filled-in form's result).
QUERIES = {"scenarios:compare": ["scenarios=do-nothing&scenarios=care-closer-to-home"]}
# Public pages, visited anonymously (everything else as the demo administrator).
ANONYMOUS = frozenset(
    {
        "accounts:login",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_complete",
        "engagement:respond",
        "engagement:outcomes",
        "engagement:join",
        "engagement:join_confirm",
        "engagement:member_leave",
    }
)


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    anonymous: bool
    status: int = 200


# The error pages, as a signed-in user and anonymously.
ERROR_PAGES = [Page("404 page", "/no-such-page/", anonymous, status=404) for anonymous in (True, False)]


def _member_tokens() -> tuple[str, str]:
    """A sign-up confirmation link and a member's leave link (a member made for the sweep)."""
    from django.utils import timezone

    from careshift.apps.engagement import membership
    from careshift.apps.engagement.models import Member

    member, _ = Member.objects.get_or_create(
        email="axe@example.org", defaults={"confirmed_at": timezone.now()}
    )
    return membership.confirm_token({"email": "new@example.org", "profile": {}}), membership.leave_token(
        member
    )


def _kwargs_table() -> dict[str, Callable[[], list[dict[str, Any]]]]:
    """For each page with path parameters: the parameters naming real objects of the demonstration data
    (a list: some pages are checked for more than one object, e.g. each kind of programme record)."""
    from careshift.analysis.programme import savings
    from careshift.apps.accounts.models import User
    from careshift.apps.appraisal import models as ap
    from careshift.apps.engagement import models as en
    from careshift.apps.jobs.models import Job
    from careshift.apps.programme import models as pm
    from careshift.apps.programme.views.records import KINDS
    from careshift.apps.scenarios.models import Run, Scenario

    def first(model: Any, **filters: Any) -> Any:
        found = model.objects.filter(**filters).order_by("pk").first()
        assert found is not None, f"the demonstration data has no {model.__name__} {filters or ''}"
        return found

    def own_scenario() -> Any:
        """An editable scenario: a copy of the first sample (the samples themselves are read-only)."""
        from careshift.apps.scenarios import services

        sample = first(Scenario)
        return Scenario.objects.filter(is_sample=False).first() or services.copy_scenario(None, sample)

    def appraisal() -> str:
        return str(first(ap.Appraisal).slug)

    def option() -> dict[str, Any]:
        found = first(ap.Option)
        return {"slug": found.appraisal.slug, "pk": found.pk}

    def criterion() -> dict[str, Any]:
        found = first(ap.Criterion)
        return {"slug": found.appraisal.slug, "pk": found.pk}

    def analysis() -> int:
        """A queued weight-sensitivity analysis (the page as it looks while its job waits)."""
        from careshift.apps.appraisal import services as ap_services

        found = ap.Analysis.objects.order_by("pk").first()
        if found is None:
            item = first(ap.Appraisal)
            params = {"draws": ap_services.SENSITIVITY_DRAWS, "seed": 1}
            found = ap_services.start_analysis(
                first(User, username="admin"), ap.Analysis.Kind.SENSITIVITY, params, appraisal=item
            )
        return int(found.pk)

    def pack_file() -> int:
        """A queued board-pack rendering (the page as it looks while its job waits)."""
        from careshift.apps.programme import services as pm_services

        found = pm.BoardPackFile.objects.order_by("pk").first()
        if found is None:
            found = pm_services.start_board_pack(first(User, username="admin"), first(pm.Programme), "pdf")
        return int(found.pk)

    def project() -> int:
        return int(first(pm.Project).pk)

    def records() -> list[dict[str, Any]]:
        rows = []
        for kind, spec in KINDS.items():
            lookup = "benefit__project" if spec.model is pm.BenefitValue else "project"
            item = spec.model.objects.filter(**{f"{lookup}__isnull": False}).order_by("pk").first()
            if item is not None:
                owner = item.benefit.project if spec.model is pm.BenefitValue else item.project
                rows.append({"pk": owner.pk, "kind": kind, "item": item.pk})
        return rows

    def savings_month() -> dict[str, Any]:
        month = first(pm.SavingsMonth)
        year = savings.financial_year(month.month)
        return {"pk": month.line.project.pk, "item": month.line.pk, "year": year}

    def consultation() -> str:
        return str(first(en.Consultation).slug)

    def programme() -> str:
        return str(first(pm.Programme).slug)

    return {
        "accounts:user_edit": lambda: [{"pk": first(User, username="admin").pk}],
        "jobs:detail": lambda: [{"pk": first(Job).pk}],
        "scenarios:run": lambda: [{"pk": first(Run).pk}],
        "scenarios:results": lambda: [{"pk": first(Run).pk}],
        "scenarios:drivers": lambda: [{"pk": first(Run).pk}],
        "scenarios:explore": lambda: [{"pk": first(Run).pk}],
        "scenarios:detail": lambda: [{"slug": first(Scenario).slug}],
        "scenarios:history": lambda: [{"slug": first(Scenario).slug}],
        "scenarios:edit": lambda: [{"slug": own_scenario().slug}],
        "scenarios:copy": lambda: [{"slug": first(Scenario).slug}],
        "scenarios:delete": lambda: [{"slug": own_scenario().slug}],
        "appraisal:evidence_detail": lambda: [{"pk": first(ap.EvidenceItem).pk}],
        "appraisal:evidence_edit": lambda: [{"pk": first(ap.EvidenceItem).pk}],
        "appraisal:detail": lambda: [{"slug": appraisal()}],
        "appraisal:edit": lambda: [{"slug": appraisal()}],
        "appraisal:pack": lambda: [{"slug": appraisal()}],
        "appraisal:access": lambda: [{"slug": appraisal()}],
        "appraisal:access_import": lambda: [{"slug": appraisal()}],
        "appraisal:option_create": lambda: [{"slug": appraisal()}],
        "appraisal:option_edit": lambda: [option()],
        "appraisal:equality": lambda: [option()],
        "appraisal:criterion_create": lambda: [{"slug": appraisal()}],
        "appraisal:criterion_edit": lambda: [criterion()],
        "appraisal:score": lambda: [{"slug": appraisal()}],
        "appraisal:hurdles": lambda: [{"slug": appraisal()}],
        "appraisal:analysis": lambda: [{"pk": analysis()}],
        "programme:project": lambda: [{"pk": project()}],
        "programme:project_edit": lambda: [{"pk": project()}],
        "programme:assess": lambda: [{"pk": project()}],
        "programme:savings_months": lambda: [savings_month()],
        "programme:record_new": lambda: [{"pk": project(), "kind": "raid"}],  # record_edit: every kind
        "programme:record_edit": records,
        "programme:report": lambda: [{"pk": first(pm.StatusReport).pk}],
        "programme:programme": lambda: [{"slug": programme()}],
        "programme:project_new": lambda: [{"slug": programme()}],
        "programme:calendar": lambda: [{"slug": programme()}],
        "programme:meeting_new": lambda: [{"slug": programme()}],
        "programme:board_pack": lambda: [{"slug": programme()}],
        "programme:pack_file": lambda: [{"pk": pack_file()}],
        "programme:workstream": lambda: [
            {"slug": ws.programme.slug, "ws": ws.slug} for ws in [first(pm.Workstream)]
        ],
        "engagement:stakeholder": lambda: [{"pk": first(en.Stakeholder).pk}],
        "engagement:stakeholder_edit": lambda: [{"pk": first(en.Stakeholder).pk}],
        "engagement:document": lambda: [{"pk": first(en.Document).pk}],
        "engagement:document_edit": lambda: [{"pk": first(en.Document).pk}],
        "engagement:consultation": lambda: [{"slug": consultation()}],
        "engagement:person": lambda: [{"slug": consultation()}],
        "engagement:coding": lambda: [
            {"slug": q.consultation.slug, "key": q.key} for q in [first(en.Question, kind="text")]
        ],
        "engagement:decision_new": lambda: [{"slug": consultation()}],
        "engagement:join_confirm": lambda: [{"token": _member_tokens()[0]}],
        "engagement:member_leave": lambda: [{"token": _member_tokens()[1]}],
        "engagement:questionnaire": lambda: [{"slug": consultation()}],
        "engagement:question_new": lambda: [{"slug": consultation()}],
        "engagement:question_edit": lambda: [
            {"slug": q.consultation.slug, "pk": q.pk} for q in [first(en.Question, show_if__isnull=False)]
        ],
        "engagement:phase_new": lambda: [{"slug": consultation()}],
        "engagement:phase_edit": lambda: [
            {"slug": p.consultation.slug, "pk": p.pk} for p in [first(en.Phase)]
        ],
        "engagement:respond": lambda: [{"slug": consultation()}],
        "engagement:outcomes": lambda: [{"slug": consultation()}],
    }


def _named_patterns() -> Iterator[tuple[str, Any]]:
    """Every named URL pattern of the site (``namespace:name``) with the pattern, Django's admin aside."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, Any]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue  # Django's own admin templates, not careshift's pages
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern

    yield from walk(get_resolver().url_patterns, "")


def _is_download(pattern: Any) -> bool:
    route = str(pattern.pattern).rstrip("/")
    return "." in route.rsplit("/", 1)[-1]  # report.csv, export.xlsx, download.<str:fmt>, map.json


def site_pages() -> list[Page]:
    """The pages to check, from the URL conf and the demonstration data (see the module docstring)."""
    from django.urls import reverse

    table = _kwargs_table()
    pages, unknown = [], []
    only = {n for n in os.environ.get("CARESHIFT_AXE_PAGES", "").split(",") if n}
    for name, pattern in _named_patterns():
        if name in NOT_PAGES or _is_download(pattern):
            continue
        if name.startswith("api:") and name != "api:openapi-view":
            continue  # the JSON API (schemathesis covers it); its docs page is checked
        parameters = pattern.pattern.converters
        if parameters and name not in table:
            unknown.append(name)
            continue
        if only and name not in only:
            continue
        for kwargs in table[name]() if parameters else [{}]:
            path = reverse(name, kwargs=kwargs)
            pages.append(Page(name, path, name in ANONYMOUS))
            pages.extend(Page(name, f"{path}?{query}", name in ANONYMOUS) for query in QUERIES.get(name, []))
    assert not unknown, (
        f"Pages with path parameters that the axe sweep cannot fill: {unknown}. Add them to _kwargs_table "
        "(with a real object of the demonstration data) or to NOT_PAGES with the reason."
    )
    return pages + ([] if only else ERROR_PAGES + _read_only_pages())


def _read_only_pages() -> list[Page]:
    """Editing a shipped sample answers 403 with a page that offers a copy: that page is checked too."""
    from django.urls import reverse

    from careshift.apps.scenarios.models import Scenario

    sample = Scenario.objects.filter(is_sample=True).order_by("pk").first()
    assert sample is not None, "the demonstration data has no sample scenario"
    path = reverse("scenarios:edit", kwargs={"slug": sample.slug})
    return [Page("read-only sample", path, False, status=403)]


@pytest.fixture
def demo_site(transactional_db: None) -> None:
    """`careshift setup-demo`: the demo administrator (with a known password), the sample scenarios with
    a finished run (few iterations, small data pack) and each app's demonstration data."""
    from careshift.apps.accounts.models import User
    from careshift.apps.jobs import worker
    from careshift.apps.scenarios import services
    from careshift.site.cli import DEMO_ADMIN, _app_demos, ensure_demo_admin

    ensure_demo_admin()
    admin = User.objects.get(username=DEMO_ADMIN)
    admin.set_password(E2E_PASSWORD)
    admin.save()
    services.ensure_sample_scenarios(run=True, iterations=int(ITERATIONS))
    worker.run_forever(once=True)
    _app_demos()


def _only_this_site(page: Any, base_url: str) -> None:
    """Answer nothing from another origin (offline: the NHS font host would wait for DNS for seconds)."""

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith(base_url):
            request_route.continue_()
        else:
            request_route.abort()

    page.route("**/*", route)


CHARTS_SETTLED = """() => [...document.querySelectorAll('[data-vega-spec]')]
  .every(e => ['rendered', 'error'].includes(e.getAttribute('data-vega-state')))"""
RUN_AXE = """(impacts) => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
  .filter(v => impacts.includes(v.impact))
  .map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(
    n => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\n\\s*/g, ' '))})))
"""


def _describe(page: Page, violations: list[dict[str, Any]]) -> str:
    lines = [f"{page.path} ({page.name}, {'anonymous' if page.anonymous else 'demo administrator'}):"]
    for v in violations:
        lines.append(f"  {v['impact']}: {v['help']} [{v['id']}], {len(v['nodes'])} element(s):")
        lines.extend(f"    - {node}" for node in v["nodes"][:SHOWN_NODES])
    return "\n".join(lines)


def _check(browser_page: Any, base_url: str, page: Page) -> str | None:
    response = browser_page.goto(f"{base_url}{page.path}")
    if response is None or response.status != page.status:
        status = response.status if response else "none"
        return f"{page.path} ({page.name}): status {status}, not {page.status}"
    if page.name in READY:
        browser_page.locator(READY[page.name]).first.wait_for()
    browser_page.wait_for_function(CHARTS_SETTLED)
    if browser_page.locator("[data-vega-state=error]").count():
        return f"{page.path} ({page.name}): a chart could not be drawn"
    violations = browser_page.evaluate(RUN_AXE, list(FAILING_IMPACTS))
    return _describe(page, violations) if violations else None


@pytest.mark.usefixtures("demo_site")
def test_axe_finds_no_serious_violation_on_any_page(browser: Any, live_server: Any) -> None:
    base = live_server.url
    pages = site_pages()
    failures: list[str] = []
    for anonymous in (True, False):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(45_000)
        browser_page = context.new_page()
        context.add_init_script(path=AXE_JS)  # Playwright's own injection: not subject to the page's CSP
        _only_this_site(browser_page, base)
        if not anonymous:
            sign_in(browser_page, base, "admin")
        for page in [p for p in pages if p.anonymous == anonymous]:
            failure = _check(browser_page, base, page)
            if failure:
                failures.append(failure)
        context.close()
    print(f"\naxe: {len(pages)} pages checked, {len(failures)} with serious or critical violations")
    assert not failures, "axe found serious or critical violations:\n" + "\n".join(failures)
