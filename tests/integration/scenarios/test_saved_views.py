"""Saved views (issue 9): a results or compare page with its filters is saved under a name, listed on the
scenarios page, opened by anyone signed in through its link, deleted only by its owner or an
administrator; saving and deleting are audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from careshift.apps.accounts.models import AuditEvent
from careshift.apps.scenarios.models import Run, SavedView

pytestmark = pytest.mark.django_db


def test_a_results_page_with_its_filters_is_saved_listed_and_shared_by_link(
    client_for: Callable[[str], Client], succeeded_run: Run
) -> None:
    viewer = client_for("viewer")
    page = f"/scenarios/runs/{succeeded_run.pk}/results/?locality=county&setting=acute_beds"
    html = viewer.get(page).content.decode()
    assert 'id="save-view-form"' in html
    assert (
        f'value="/scenarios/runs/{succeeded_run.pk}/results/?locality=county&amp;setting=acute_beds"' in html
    )

    response = viewer.post("/scenarios/views/save/", {"name": "Acute beds, county", "path": page})
    view = SavedView.objects.get()
    assert response.status_code == 302 and response["Location"] == page
    assert view.kind == "results" and view.query == "locality=county&setting=acute_beds"
    event = AuditEvent.objects.get(action="savedview.create")
    assert event.changes["name"] == "Acute beds, county" and event.username.startswith("viewer")

    colleague = client_for("contributor")
    listing = colleague.get("/scenarios/").content.decode()
    assert "Acute beds, county" in listing and f"/scenarios/views/{view.pk}/" in listing
    opened = colleague.get(f"/scenarios/views/{view.pk}/")
    assert opened.status_code == 302 and opened["Location"] == page
    assert colleague.get(opened["Location"]).context["setting"] == "acute_beds"


def test_a_comparison_is_saved_with_its_filters(viewer_client: Client, succeeded_run: Run) -> None:
    page = f"/scenarios/compare/?scenarios={succeeded_run.scenario.slug}&measure=cost&runs={succeeded_run.pk}"
    viewer_client.post("/scenarios/views/save/", {"name": "Cost", "path": page})
    view = SavedView.objects.get()
    assert view.kind == "compare" and f"runs={succeeded_run.pk}" in view.query


@pytest.mark.parametrize(
    "path", ["/accounts/users/", "https://evil.example/scenarios/compare/", "/no/such/page/"]
)
def test_only_results_and_compare_pages_of_this_site_can_be_saved(viewer_client: Client, path: str) -> None:
    response = viewer_client.post("/scenarios/views/save/", {"name": "x", "path": path})
    assert response.status_code == 400 and not SavedView.objects.exists()


def test_only_the_owner_or_an_administrator_deletes_a_saved_view(
    user_factory: Callable[..., Any], succeeded_run: Run
) -> None:
    from careshift.apps.scenarios import saved_views

    owner = user_factory("analyst")
    view = saved_views.save_view(owner, "Mine", f"/scenarios/runs/{succeeded_run.pk}/results/")
    other = Client()
    other.force_login(user_factory("programme_lead"))
    assert other.post(f"/scenarios/views/{view.pk}/delete/").status_code == 403
    assert 'action="/scenarios/views/' not in other.get("/scenarios/").content.decode()
    mine = Client()
    mine.force_login(owner)
    assert mine.post(f"/scenarios/views/{view.pk}/delete/").status_code == 302
    assert not SavedView.objects.exists()
    assert AuditEvent.objects.get(action="savedview.delete").changes["name"] == "Mine"

    again = saved_views.save_view(owner, "Again", f"/scenarios/runs/{succeeded_run.pk}/results/")
    admin = Client()
    admin.force_login(user_factory("administrator"))
    assert admin.post(f"/scenarios/views/{again.pk}/delete/").status_code == 302
    assert Client().get(f"/scenarios/views/{again.pk}/").status_code == 302  # anonymous: to sign in
