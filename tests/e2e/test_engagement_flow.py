"""The consultation journey in headless Chromium: a member of the public answers the consultation on a
phone-sized screen (no sign-in, nothing wider than the screen), then an analyst accepts it from the
moderation queue if it was held, opens the coding screen, adds a theme and codes that answer to it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import sign_in

SLUG = "care-closer-to-home-illustrative"
ANSWER = "The evening bus from Chipping Norton stops too early for hospital visiting."


@pytest.fixture
def consultation(transactional_db: None) -> Any:
    from careshift.apps.engagement import demo
    from careshift.apps.engagement.models import Consultation

    demo.load()
    return Consultation.objects.get(slug=SLUG)


def _answer_on_a_phone(browser: Any, base: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(45_000)
    phone = context.new_page()
    try:
        phone.goto(f"{base}/engagement/consult/{SLUG}/")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        phone.check("input[name=q_agree][value='4']")
        phone.fill("#id_q_matters", ANSWER)
        phone.check("input[name=q_services][value='Home care']")
        phone.check("input[name=q_publish][value='yes']")
        phone.locator("button:has-text('Send my response')").tap()
        phone.wait_for_selector("h1:has-text('we have your response')")
    finally:
        context.close()


def test_answer_on_a_phone_then_code_it(
    browser: Any, page: Any, live_server: Any, e2e_user: Any, consultation: Any
) -> None:
    from careshift.apps.engagement.models import Answer, Code

    _answer_on_a_phone(browser, live_server.url)
    answer = Answer.objects.get(question__key="matters", text=ANSWER)

    analyst = e2e_user("analyst")
    sign_in(page, live_server.url, analyst.username)
    if answer.response.status == "held":  # sent faster than a person reads: the moderation queue has it
        page.goto(f"{live_server.url}/engagement/consultations/{SLUG}/")
        card = page.locator(".nhsuk-card", has_text="evening bus")
        card.locator("button:has-text('Accept')").click()
        page.wait_for_url(f"{live_server.url}/engagement/consultations/{SLUG}/")
    answer.response.refresh_from_db()
    assert answer.response.status == "accepted"

    page.goto(f"{live_server.url}/engagement/consultations/{SLUG}/questions/matters/coding/")
    page.fill("#theme-name", "Transport")
    page.fill("#theme-description", "bus travel getting there")
    page.click("button:has-text('Add theme')")
    row = page.locator("form.careshift-code-row", has_text="evening bus")
    row.locator("label.careshift-code", has_text="Transport").locator("input").check()
    row.locator("button:has-text('Confirm codes')").click()
    row.locator(".careshift-code-status:has-text('Saved (person)')").wait_for()
    code = Code.objects.get(answer=answer)
    assert code.theme.name == "Transport" and code.by == "person"
