"""Friendly error pages, and one JSON error shape under /api/."""

from __future__ import annotations

from collections.abc import Iterator

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
