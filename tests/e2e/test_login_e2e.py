from __future__ import annotations

from typing import Any

from tests.e2e.conftest import sign_in


def test_sign_in_and_out(page: Any, live_server: Any, e2e_user: Any) -> None:
    user = e2e_user("viewer")
    page.goto(f"{live_server.url}/places/")
    assert "/accounts/login/" in page.url
    sign_in(page, live_server.url, user.username)
    assert page.locator("h1").inner_text() == "Shift care closer to home"
    assert page.locator(".nhsuk-header__service-name").inner_text() == "careshift"
    page.click("button:has-text('Sign out')")
    page.wait_for_url(f"{live_server.url}/accounts/login/")


def test_wrong_password_shows_the_error_summary(page: Any, live_server: Any, e2e_user: Any) -> None:
    user = e2e_user("viewer")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]:has-text('Sign in')")
    # The click only starts the POST: wait for the answer before looking (it failed on a busy machine).
    summary = page.locator(".nhsuk-error-summary")
    summary.wait_for(timeout=30_000)
    assert summary.is_visible()
