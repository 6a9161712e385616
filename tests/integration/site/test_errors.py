"""Friendly error pages, and one JSON error shape under /api/."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import clear_url_caches, path

from careshift.errors import ModelError, NotFound
from careshift.site import urls as site_urls


def _raise_model_error(request: HttpRequest) -> HttpResponse:
    raise ModelError(
        "Unknown setting 'moon_base'.", hint="Use a setting from the data pack.", fields={"s": "bad"}
    )


def _raise_not_found(request: HttpRequest) -> HttpResponse:
    raise NotFound("No scenario 42.")


def _crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


@pytest.fixture
def error_urls() -> Iterator[None]:
    extra = [
        path("test-errors/model/", _raise_model_error),
        path("test-errors/missing/", _raise_not_found),
        path("test-errors/crash/", _crash),
        path("api/test-errors/model/", _raise_model_error),
    ]
    site_urls.urlpatterns[:0] = extra
    clear_url_caches()
    yield
    del site_urls.urlpatterns[: len(extra)]
    clear_url_caches()


def test_careshift_error_renders_an_html_page_with_its_status_and_hint(
    viewer_client: Client, error_urls: None
) -> None:
    response = viewer_client.get("/test-errors/model/")
    assert response.status_code == 422
    html = response.content.decode()
    assert (
        "Unknown setting" in html and "Use a setting from the data pack." in html and "nhsuk-header" in html
    )


def test_not_found_error_uses_the_404_page(viewer_client: Client, error_urls: None) -> None:
    response = viewer_client.get("/test-errors/missing/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_careshift_error_under_api_is_the_canonical_json(viewer_client: Client, error_urls: None) -> None:
    response = viewer_client.get("/api/test-errors/model/")
    assert response.status_code == 422
    assert response.json() == {
        "error": {
            "type": "ModelError",
            "message": "Unknown setting 'moon_base'.",
            "hint": "Use a setting from the data pack.",
            "fields": {"s": "bad"},
        }
    }


def test_unknown_page_is_a_friendly_404(viewer_client: Client) -> None:
    response = viewer_client.get("/no/such/page/")
    assert response.status_code == 404
    assert "There is no page at /no/such/page/" in response.content.decode()


def test_unknown_api_path_is_json_404(viewer_client: Client) -> None:
    response = viewer_client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "NotFound"


def test_server_error_page(error_urls: None, db: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/crash/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


# Requests Django refuses before any view runs (issue 7, finding 9): each gets the friendly 400 page
# (or the JSON error under /api/), never a 500 from a missing template.


def _refused(client: Client, response: Any, message: str) -> None:
    assert response.status_code == 400, response.content[:300]
    html = response.content.decode()
    assert message in html and "There is a problem with your request" in html and "Error 400" in html


def test_bad_host_header_is_a_friendly_400() -> None:
    client = Client(raise_request_exception=False)
    _refused(client, client.get("/", HTTP_HOST="evil.example"), "Host header")
    api = client.get("/api/scenarios/", HTTP_HOST="evil.example")
    assert api.status_code == 400 and api.json()["error"]["type"] == "BadRequest"


def test_too_many_form_fields_is_a_friendly_400(settings: Any) -> None:
    client = Client(raise_request_exception=False)
    fields = {f"f{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    _refused(client, client.post("/accounts/login/", fields), "more than 1,000 fields")


def test_oversized_body_is_a_friendly_400(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = Client(raise_request_exception=False)
    _refused(client, client.post("/accounts/login/", {"username": "x" * 20_000}), "larger than 10,000 bytes")
    api = client.post("/api/scenarios/", "x" * 20_000, content_type="application/json")
    assert api.status_code in (400, 401) and "error" in api.json()


@pytest.mark.parametrize("path", ["/api/scenarios/", "/api/accounts/tokens"])
def test_oversized_api_body_from_a_signed_in_client_is_a_400(
    settings: Any, token_factory: Callable[..., tuple[Any, str]], path: str
) -> None:
    """Found by schemathesis: django-ninja reads ``request.body`` before the body parser, so Django's
    RequestDataTooBig escaped the 400 handler and became a 500 for an authenticated client."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = Client(raise_request_exception=False)
    body = '{"name": "' + "x" * 20_000 + '"}'
    response = client.post(
        path,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_factory('analyst')[1]}",
    )
    assert response.status_code == 400, response.content[:300]
    error = response.json()["error"]
    assert error["message"] == "The request body is too large." and "10,000 bytes" in error["hint"]
