"""Shared e2e fixtures: headless Debian Chromium through Playwright against pytest-django's live server.

Playwright's sync API runs an event loop in the test thread, so Django's async-safety check is relaxed
for this tier (``DJANGO_ALLOW_ASYNC_UNSAFE``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_PASSWORD = "an-e2e-password-42"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `apt-get install -y chromium` (make test does this).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(45_000)  # 20 s once timed out on /places/ under load
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def e2e_user(transactional_db: None) -> Callable[[str], Any]:
    """``e2e_user(role)`` creates a user with that role and password ``E2E_PASSWORD``."""
    from careshift.apps.accounts.models import User

    def make(role: str) -> Any:
        return User.objects.create_user(username=f"e2e-{role}", password=E2E_PASSWORD, role=role)

    return make


def sign_in(page: Any, base_url: str, username: str, password: str = E2E_PASSWORD) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]:has-text('Sign in')")
    page.wait_for_url(f"{base_url}/")


@pytest.fixture
def signed_in_page(page: Any, live_server: Any, e2e_user: Callable[[str], Any]) -> Callable[[str], Any]:
    """``signed_in_page(role)``: the page, signed in as a new user with that role, on the home page."""

    def make(role: str = "analyst") -> Any:
        user = e2e_user(role)
        sign_in(page, live_server.url, user.username)
        return page

    return make


@pytest.fixture
def analyst_page(signed_in_page: Callable[[str], Any]) -> Any:
    return signed_in_page("analyst")


@pytest.fixture
def admin_page(signed_in_page: Callable[[str], Any]) -> Any:
    return signed_in_page("administrator")
