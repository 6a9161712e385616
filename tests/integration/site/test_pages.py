"""Every site and accounts page, for every role: allowed 200, forbidden 403, anonymous to the sign-in page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from careshift.apps.accounts.permissions import PERMISSIONS, ROLES

# url -> action the page needs
PAGES = {
    "/": "view",
    "/accounts/me/": "view",
    "/accounts/tokens/": "view",
    "/accounts/users/": "manage_users",
    "/accounts/users/new/": "manage_users",
    "/accounts/audit/": "view_audit",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", PAGES)
def test_page_by_role(client_for: Callable[[str], Client], url: str, role: str) -> None:
    response = client_for(role).get(url)
    expected = 200 if role in PERMISSIONS[PAGES[url]] else 403
    assert response.status_code == expected
    if expected == 403:
        assert "You do not have permission" in response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_goes_to_sign_in(client: Client, db: None, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_navigation_shows_admin_links_only_to_administrators(client_for: Callable[[str], Client]) -> None:
    admin_page = client_for("administrator").get("/").content.decode()
    viewer_page = client_for("viewer").get("/").content.decode()
    assert "Audit log" in admin_page and "Users" in admin_page
    assert "Audit log" not in viewer_page and ">Users<" not in viewer_page
    for text in (
        "careshift",
        "Places",
        "Open Government Licence v3.0",
        "OS data © Crown copyright",
        "Sign out",
    ):
        assert text in viewer_page


def test_base_template_loads_the_front_end(viewer_client: Client) -> None:
    html = viewer_client.get("/").content.decode()
    for asset in (
        "nhsuk/nhsuk-frontend.min.css",
        "htmx/htmx.min.js",
        "vega-embed/vega-embed.min.js",
        "careshift/charts.js",
    ):
        assert asset in html


def test_sign_in_page_is_public(client: Client, db: None) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Sign in" in response.content.decode()
