"""Behind a TLS-terminating proxy (issue 7, finding 6): waitress, configured as `careshift serve`
configures it, applies the trusted proxy's X-Forwarded-* headers, so HSTS is sent, the sign-in Origin
check passes and the SSL redirect does not loop; the same headers from any other peer are ignored.

Real sockets: a waitress server on a loopback port, requests from 127.0.0.1 (the trusted proxy) and
from 127.0.0.2 (a peer that is not the proxy)."""

from __future__ import annotations

import contextlib
import http.client
import re
import threading
from collections.abc import Iterator
from http.cookies import SimpleCookie
from typing import Any

import pytest

from tests.integration.conftest import PASSWORD

HOST = "careshift.test"


@pytest.fixture
def proxied_server(settings: Any, transactional_db: None) -> Iterator[int]:
    from django.core.wsgi import get_wsgi_application
    from waitress import create_server

    from careshift.site.cli import waitress_options

    settings.TRUSTED_PROXY = "127.0.0.1"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.ALLOWED_HOSTS = [HOST, "127.0.0.1"]
    options = {k: v for k, v in waitress_options(threads=2).items() if k != "_quiet"}
    import careshift.site.urls  # noqa: F401  (import every view now, not inside the first request)

    application = get_wsgi_application()  # a new handler: its middleware reads the settings above
    server = create_server(application, host="127.0.0.1", port=0, **options)
    thread = threading.Thread(target=_run_until_closed, args=(server,), daemon=True)
    thread.start()
    try:
        yield int(server.effective_port)  # type: ignore[union-attr]
    finally:
        server.task_dispatcher.shutdown()  # type: ignore[union-attr]
        server.close()
        thread.join(timeout=5)


def _run_until_closed(server: Any) -> None:
    with contextlib.suppress(OSError, ValueError):  # the loop notices its socket closed under it
        server.run()


def _request(
    port: int, method: str, path: str, headers: dict[str, str], body: str = "", source: str = "127.0.0.1"
) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    connection.request(method, path, body=body or None, headers={"Host": HOST, **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


FROM_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.23"}


def test_https_from_the_proxy_gets_hsts_and_no_redirect(proxied_server: int) -> None:
    response = _request(proxied_server, "GET", "/accounts/login/", FROM_PROXY)
    assert response.status == 200
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000"


def test_plain_http_is_redirected_to_https_once(proxied_server: int) -> None:
    response = _request(proxied_server, "GET", "/accounts/login/", {})
    assert response.status == 301 and response.getheader("Location") == f"https://{HOST}/accounts/login/"


def test_forwarded_headers_from_another_peer_are_ignored(proxied_server: int) -> None:
    response = _request(proxied_server, "GET", "/accounts/login/", FROM_PROXY, source="127.0.0.2")
    assert response.status == 301  # not trusted: still plain HTTP


def test_sign_in_passes_the_origin_check_behind_the_proxy(proxied_server: int, user_factory: Any) -> None:
    user = user_factory("analyst")
    page = _request(proxied_server, "GET", "/accounts/login/", FROM_PROXY)
    cookie = SimpleCookie(page.getheader("Set-Cookie"))
    token = cookie["csrftoken"].value
    body = f"username={user.username}&password={PASSWORD}&csrfmiddlewaretoken={token}"
    headers = {
        **FROM_PROXY,
        "Origin": f"https://{HOST}",
        "Referer": f"https://{HOST}/accounts/login/",
        "Cookie": f"csrftoken={token}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    response = _request(proxied_server, "POST", "/accounts/login/", headers, body)
    assert response.status == 302, response.status
    assert response.getheader("Location") == "/"
    assert re.search(r"sessionid=.*; Secure", response.getheader("Set-Cookie") or "", re.I)
